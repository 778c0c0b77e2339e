/**
 * The range filters in the facets panel: per range of the registry (Fit, Intent, whitespace
 * revenue, org size, agreement end, expiring revenue) a compact min–max (from–to for dates)
 * control, with the count of matches once set. A range is applied when Enter is pressed or the
 * focus leaves its control (never per keystroke); one the registry refuses (min above max, a
 * score over 100) is shown as such and not applied. Cleared like the others, by its chip.
 * Dates are typed and shown in the UI's language (nl dd-mm-jjjj, en yyyy-mm-dd) in the app's one
 * date field (./DateInput), not the browser's, and read strictly: a date that is none is refused where it is typed. The
 * filters and the URL keep ISO dates.
 */
import { useId, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import type { FacetsOut } from '../../../shared/api';
import type { Locale } from '../../../shared/i18n/locales';
import {
  FILTERS,
  RANGE_FILTERS,
  formatRange,
  rangeEnds,
  type DateRange,
  type Filters,
  type NumberRange,
  type RangeFilterKey,
} from '../../../shared/filters';
import { formatDateInput, parseDateInput } from '../date-input';
import { DateInput, useDateWords } from './DateInput';
import { useLanguage, useT } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { FILTER_KEYS_UI } from '../labels';

type RangeValue = NumberRange | DateRange;
type Problem = 'order' | 'invalid';

export function RangeFacets({
  filters,
  onChange,
  counts,
}: {
  filters: Filters;
  onChange: (f: Filters) => void;
  /** The facets' counts per range that is set (absent while loading or when none is). */
  counts: FacetsOut['ranges'];
}) {
  const t = useT();
  return (
    <fieldset className="facet ranges">
      <legend>{t('facets.ranges')}</legend>
      {RANGE_FILTERS.map((k) => (
        <RangeControl
          key={k}
          field={k}
          label={t(FILTER_KEYS_UI[k])}
          value={filters[k]}
          count={counts?.[k]?.count}
          onApply={(v) => onChange({ ...filters, [k]: v })}
        />
      ))}
    </fieldset>
  );
}

/** The ends of a range as the inputs hold them ('' where open; dates in the UI's form). */
function drafts(value: RangeValue | undefined, locale: Locale): [string, string] {
  const [lo, hi] = value ? rangeEnds(value) : [undefined, undefined];
  const shown = (v: string | number | undefined) =>
    v === undefined ? '' : typeof v === 'string' ? formatDateInput(v, locale) : String(v);
  return [shown(lo), shown(hi)];
}

const PROBLEM: Record<Problem, { number: MessageKey; date: MessageKey }> = {
  order: { number: 'facets.rangeOrder', date: 'facets.rangeDateOrder' },
  invalid: { number: 'facets.rangeInvalid', date: 'facets.rangeDateInvalid' },
};

function RangeControl({
  field,
  label,
  value,
  count,
  onApply,
}: {
  field: RangeFilterKey;
  label: string;
  value: RangeValue | undefined;
  count: number | undefined;
  onApply: (v: RangeValue | undefined) => void;
}) {
  const t = useT();
  const { locale } = useLanguage();
  const id = useId();
  const dates = FILTERS[field].kind === 'dateRange';
  const [ends, setEnds] = useState(() => drafts(value, locale));
  const [problem, setProblem] = useState<Problem | null>(null);
  const inputs = useRef<(HTMLInputElement | null)[]>([]);
  // The applied range changed elsewhere (its chip, a saved view, the URL): show it.
  const applied = value ? formatRange(value) : '';
  const [shown, setShown] = useState(applied);
  if (shown !== applied) {
    setShown(applied);
    setEnds(drafts(value, locale));
    setProblem(null);
  }

  function apply(): void {
    // A number input holding something that is no number reads as '': refuse it, not clear it.
    if (inputs.current.some((i) => i?.validity.badInput)) return setProblem('invalid');
    let [lo, hi] = ends.map((e) => e.trim()) as [string, string];
    if (dates) {
      // Typed in the UI's form, sent as ISO; a date that is none is not sent.
      const iso = [lo, hi].map((e) => (e === '' ? '' : parseDateInput(e, locale)));
      if (iso.includes(null)) return setProblem('invalid');
      [lo, hi] = iso as [string, string];
    }
    const next: RangeValue | undefined =
      lo === '' && hi === ''
        ? undefined
        : dates
          ? { ...(lo && { from: lo }), ...(hi && { to: hi }) }
          : { ...(lo !== '' && { min: Number(lo) }), ...(hi !== '' && { max: Number(hi) }) };
    if (next !== undefined && !FILTERS[field].schema.safeParse(next).success) {
      const [a, b] = rangeEnds(next);
      return setProblem(a !== undefined && b !== undefined && a > b ? 'order' : 'invalid');
    }
    setProblem(null);
    if ((next ? formatRange(next) : '') !== applied) onApply(next);
  }
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      apply();
    }
  };
  // Moving from one end to the other is not leaving the control.
  const onBlur = (e: FocusEvent<HTMLDivElement>) => {
    if (!e.currentTarget.contains(e.relatedTarget)) apply();
  };

  const names: [MessageKey, MessageKey] = dates
    ? ['facets.rangeFrom', 'facets.rangeTo']
    : ['facets.rangeMin', 'facets.rangeMax'];
  const hints: [MessageKey, MessageKey] = dates ? ['facets.from', 'facets.to'] : ['facets.min', 'facets.max'];
  const { format } = useDateWords();
  const problemId = `${id}-problem`;
  const setEnd = (i: 0 | 1, text: string) => {
    const next: [string, string] = [...ends];
    next[i] = text;
    setEnds(next);
  };
  const input = (i: 0 | 1) =>
    dates ? (
      <DateInput
        text={ends[i]}
        onText={(text) => setEnd(i, text)}
        label={t(names[i], { filter: label })}
        invalid={!!problem}
        describedBy={problem ? problemId : undefined}
        onKeyDown={onKeyDown}
      />
    ) : (
      <input
        ref={(el) => {
          inputs.current[i] = el;
        }}
        type="number"
        step="any"
        inputMode="decimal"
        autoComplete="off"
        value={ends[i]}
        placeholder={t(hints[i])}
        aria-label={t(names[i], { filter: label })}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? problemId : undefined}
        onChange={(e) => setEnd(i, e.target.value)}
        onKeyDown={onKeyDown}
      />
    );
  return (
    <div
      className={`range${dates ? ' dates' : ''}`}
      role="group"
      aria-labelledby={`${id}-name`}
      data-range={field}
      onBlur={onBlur}
    >
      <div className="range-head">
        <span id={`${id}-name`} className="range-name">
          {label}
        </span>
        {count !== undefined ? (
          <span className="facet-count" data-testid={`range-count-${field}`}>
            {t('facets.rangeMatch', { count })}
          </span>
        ) : null}
      </div>
      <div className="range-inputs">
        {dates ? (
          <span className="muted small" aria-hidden="true">
            {t(hints[0])}
          </span>
        ) : null}
        {input(0)}
        <span className="muted small" aria-hidden="true">
          {dates ? t(hints[1]) : t('common.dash')}
        </span>
        {input(1)}
      </div>
      {problem ? (
        <p id={problemId} className="error-text small" role="alert">
          {t(PROBLEM[problem][dates ? 'date' : 'number'], { format })}
        </p>
      ) : null}
    </div>
  );
}
