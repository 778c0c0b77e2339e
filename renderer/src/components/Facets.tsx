import { memo, useId, useState } from 'react';
import type { FacetField, FacetValue } from '../../../shared/api';
import type { Filters } from '../../../shared/filters';
import { api } from '../api-client';
import { fmtDate, fmtInt, fmtNum } from '../format';
import { useLoad, useValue, type ValueStore } from '../hooks';
import { filtersKey, TOGGLE_KEYS, type ListKey, type ToggleKey } from '../url-state';
import { clusterLabel, t as translate, useT, type T } from '../i18n';
import {
  BLANK,
  FILTERS,
  RANGE_FILTERS,
  rangeEnds,
  type DateRange,
  type NumberRange,
  type RangeFilterKey,
} from '../../../shared/filters';
import { RangeFacets } from './RangeFacets';
import { filterKey } from '../labels';
import { clusterColor } from '../../../shared/domain/colors';

/** The facets in the order shown: the computed cluster beside the file's (FACET_FIELDS has every one). */
const LISTS: FacetField[] = [
  'product',
  'cluster',
  'computedCluster',
  'cell',
  'country',
  'area',
  'salesTerritory',
  'industry',
  'vertical',
  'subSegment',
];
const SHOWN = 8;

type ListFilterKey = ListKey;

/** Datasette-style facets: every value with its count under the current filters. */
export const FacetPanel = memo(function FacetPanel({
  filters,
  onChange,
  rowsAnswered,
  counts = 'rows',
}: {
  filters: Filters;
  onChange: (f: Filters) => void;
  /** The filters key of the latest rows answer. */
  rowsAnswered: ValueStore<string | null>;
  /** What the counts count: propensity rows, or customers (the call list). */
  counts?: 'rows' | 'customers';
}) {
  // Facet counts are asked for once the grid's rows for these filters are in: the cache answers
  // one query at a time, and the rows are what the user waits for.
  const key = filtersKey(filters);
  const ready = useValue(rowsAnswered) === key;
  const facets = useLoad(
    () => (counts === 'customers' ? api.customerFacets({ filters }) : api.facets({ filters })),
    `facets:${counts}:${key}`,
    ready,
  );
  const d = facets.data;
  const t = useT();
  const bodyId = useId();
  const [open, setOpen] = useState(true);
  const label = (k: string) => filterName(t, k);
  const toggleValue = (key: ListFilterKey, value: string, on: boolean) => {
    const cur = (filters[key] ?? []).filter((v) => v !== value);
    const next = on ? [...cur, value] : cur;
    onChange({ ...filters, [key]: next.length ? next : undefined });
  };
  const setToggle = (key: ToggleKey, on: boolean) => onChange({ ...filters, [key]: on ? true : undefined });
  return (
    <aside
      className={`facets${open ? '' : ' collapsed'}`}
      aria-label={t('facets.label', { counts })}
      aria-busy={facets.loading}
    >
      <button
        type="button"
        className="facets-toggle small"
        aria-expanded={open}
        aria-controls={bodyId}
        onClick={() => setOpen(!open)}
      >
        {open ? t('facets.hide') : t('facets.show')}
      </button>
      <div id={bodyId} className="facets-body" hidden={!open}>
        {facets.error ? <p className="error-text">{facets.error}</p> : null}
        <fieldset className="facet">
          <legend>{t('facets.properties')}</legend>
          {TOGGLE_KEYS.map((k) => (
            <label key={k} className="check">
              <input
                type="checkbox"
                checked={filters[k] === true}
                onChange={(e) => setToggle(k, e.target.checked)}
              />
              <span className="facet-value wrap">{label(k)}</span>
              <span className="facet-count">{d ? fmtInt(d.toggles[k]) : ''}</span>
            </label>
          ))}
        </fieldset>
        <RangeFacets filters={filters} onChange={onChange} counts={d?.ranges} />
        {LISTS.map((field) => (
          <FacetList
            key={field}
            field={field}
            label={label(field)}
            values={d?.lists[field]}
            selected={filters[field] ?? []}
            onToggle={(v, on) => toggleValue(field, v, on)}
          />
        ))}
        <FacetList
          field="flag"
          label={t('facets.playFlags')}
          values={d?.flags}
          selected={filters.flag ?? []}
          onToggle={(v, on) => toggleValue('flag', v, on)}
        />
      </div>
    </aside>
  );
});

function FacetList({
  field,
  label,
  values,
  selected,
  onToggle,
}: {
  field: string;
  label: string;
  values: FacetValue[] | undefined;
  selected: string[];
  onToggle: (value: string, on: boolean) => void;
}) {
  const t = useT();
  const [all, setAll] = useState(false);
  const list = values ?? [];
  // Selected values stay visible even when the other filters leave them without rows.
  const missing = selected
    .filter((s) => !list.some((v) => v.value === s))
    .map((value) => ({ value, count: 0 }));
  const merged = [...list, ...missing];
  const shown = all ? merged : merged.filter((v, i) => i < SHOWN || selected.includes(v.value));
  if (values && merged.length === 0) return null;
  const isCluster = field === 'cluster' || field === 'computedCluster';
  return (
    <fieldset className="facet" data-facet={field}>
      <legend>{label}</legend>
      {!values ? <span className="muted small">…</span> : null}
      {shown.map((v) => (
        <label key={v.value} className="check">
          <input
            type="checkbox"
            checked={selected.includes(v.value)}
            onChange={(e) => onToggle(v.value, e.target.checked)}
          />
          <span className="sr-only">{label} </span>
          {isCluster ? (
            <span className="swatch" aria-hidden="true" style={{ background: clusterColor(v.value)?.css }} />
          ) : null}
          <span className="facet-value" title={filterValue(field, v.value)}>
            {filterValue(field, v.value)}
          </span>
          <span className="facet-count">{fmtInt(v.count)}</span>
        </label>
      ))}
      {merged.length > SHOWN ? (
        <button type="button" className="link small" onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? t('facets.showFewer') : t('facets.showAll', { count: fmtInt(merged.length) })}
        </button>
      ) : null}
    </fieldset>
  );
}

/** The active filters as removable chips. */
export const FilterChips = memo(function FilterChips({
  filters,
  onChange,
  noun = 'rows',
}: {
  filters: Filters;
  onChange: (f: Filters) => void;
  /** What an unfiltered view shows all of. */
  noun?: 'rows' | 'customers';
}) {
  const t = useT();
  const chips: { key: string; label: string; remove: () => void }[] = [];
  for (const [k, v] of Object.entries(filters)) {
    if (v === undefined) continue;
    const name = filterName(t, k);
    if (Array.isArray(v)) {
      for (const item of v as string[])
        chips.push({
          key: `${k}:${item}`,
          label: t('chips.list', { filter: name, value: filterValue(k, item) }),
          remove: () => {
            const rest = (v as string[]).filter((x) => x !== item);
            onChange({ ...filters, [k]: rest.length ? rest : undefined });
          },
        });
    } else if (isRangeKey(k) && typeof v === 'object') {
      chips.push({
        key: k,
        label: rangeChip(t, k, v),
        remove: () => onChange({ ...filters, [k]: undefined }),
      });
    } else if (typeof v === 'boolean') {
      chips.push({
        key: k,
        label: v ? name : t('chips.not', { filter: name }),
        remove: () => onChange({ ...filters, [k]: undefined }),
      });
    } else if (typeof v === 'string' && v) {
      chips.push({
        key: k,
        label: t('chips.text', { filter: name, value: v }),
        remove: () => onChange({ ...filters, [k]: undefined }),
      });
    }
  }
  if (!chips.length) return <span className="muted small">{t('chips.none', { noun })}</span>;
  return (
    <ul className="filter-chips" aria-label={t('chips.label')}>
      {chips.map((c) => (
        <li key={c.key} className="filter-chip">
          <span>{c.label}</span>
          <button type="button" aria-label={t('chips.remove', { chip: c.label })} onClick={c.remove}>
            ×
          </button>
        </li>
      ))}
      <li>
        <button type="button" className="link small" onClick={() => onChange({})}>
          {t('chips.clearAll')}
        </button>
      </li>
    </ul>
  );
});

const isRangeKey = (k: string): k is RangeFilterKey => (RANGE_FILTERS as readonly string[]).includes(k);

/** A range's chip: "Fit ≥ 70", "Org size 25–299", "Agreement end from 1 Dec 2026". */
function rangeChip(t: T, k: RangeFilterKey, r: NumberRange | DateRange): string {
  const dates = FILTERS[k].kind === 'dateRange';
  const show = (e: number | string) => (dates ? fmtDate(String(e)) : fmtNum(Number(e)));
  const [lo, hi] = rangeEnds(r);
  const filter = filterName(t, k);
  if (lo !== undefined && hi !== undefined)
    return t(dates ? 'chips.dateBetween' : 'chips.rangeBetween', { filter, lo: show(lo), hi: show(hi) });
  if (lo !== undefined) return t(dates ? 'chips.dateFrom' : 'chips.rangeMin', { filter, lo: show(lo) });
  return t(dates ? 'chips.dateTo' : 'chips.rangeMax', { filter, hi: show(hi ?? '') });
}

/** A filter's name in the UI's language (its key when the registry has a newer one). */
export function filterName(t: T, k: string): string {
  const key = filterKey(k);
  return key ? t(key) : k;
}

/** A filter value as shown: cluster values in the reader's language, the rest as stored. */
export function filterValue(k: string, value: string): string {
  if (value === BLANK) return translate('common.none');
  return k === 'cluster' || k === 'computedCluster' ? clusterLabel(value) : value;
}
