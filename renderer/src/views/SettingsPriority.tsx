/**
 * Settings ▸ Priority: the call list's rule (domain.md, "Priority") as the workspace's settings,
 * each weight and both agreement windows, checked as they are typed against the contract's own
 * schema (PriorityWeights), saved or reset on their own: saving them re-ranks the call list and
 * leaves the cluster rules below (and their edits under way) alone.
 */
import { useId, useRef, useState } from 'react';
import type { SettingsInput } from '../../../shared/api';
import { CLUSTERS } from '../../../shared/domain/matrix';
import { MAX_DAYS, MAX_POINTS, PriorityWeights } from '../../../shared/domain/priority';
import { api } from '../api-client';
import { clusterLabel, useT, type T } from '../i18n';
import { SaveResetBar, useSettingsAction } from '../components/SettingsActions';

type Weights = SettingsInput['priority'];
/** One input of the form: a cluster's points, or a top-level weight or window. */
type Field = (typeof CLUSTERS)[number] | Exclude<keyof Weights, 'cluster'>;
const DAY_FIELDS = new Set<Field>(['soonDays', 'laterDays']);
type Form = Record<Field, string>;

function formOf(w: Weights): Form {
  const { cluster, ...rest } = w;
  const form = {} as Form;
  for (const [k, v] of Object.entries({ ...cluster, ...rest })) form[k as Field] = String(v);
  return form;
}

/** A typed number as the schema reads it: blank or not a number stays NaN and is refused. */
const numberOf = (v: string): number => (v.trim() === '' ? NaN : Number(v));

function weightsOf(f: Form): unknown {
  const n = (k: Field) => numberOf(f[k]);
  return {
    cluster: Object.fromEntries(CLUSTERS.map((c) => [c, n(c)])),
    movedIntoActNow: n('movedIntoActNow'),
    agreementSoon: n('agreementSoon'),
    agreementLater: n('agreementLater'),
    soonDays: n('soonDays'),
    laterDays: n('laterDays'),
    eos: n('eos'),
    whitespace: n('whitespace'),
  };
}

/** The weights if the form is valid, else one message per field at fault (in the UI's words). */
function check(f: Form, t: T): { weights: Weights; errors: null } | { weights: null; errors: Partial<Form> } {
  const r = PriorityWeights.safeParse(weightsOf(f));
  if (r.success) return { weights: r.data, errors: null };
  const errors: Partial<Form> = {};
  for (const issue of r.error.issues) {
    const field = issue.path[issue.path.length - 1] as Field;
    if (errors[field]) continue;
    errors[field] =
      issue.code === 'custom'
        ? t('settings.priority.errLater', { days: numberOf(f.soonDays) })
        : DAY_FIELDS.has(field)
          ? t('settings.priority.errDays', { max: MAX_DAYS })
          : t('settings.priority.errPoints', { max: MAX_POINTS });
  }
  return { weights: null, errors };
}

export function PrioritySection({ saved, onSaved }: { saved: Weights; onSaved: () => void }) {
  const t = useT();
  const id = useId();
  const table = useRef<HTMLTableElement>(null);
  const [form, setForm] = useState(() => formOf(saved));
  const action = useSettingsAction();
  // The form follows the stored weights whenever they change (a save here or elsewhere, a reset).
  const [from, setFrom] = useState(saved);
  if (from !== saved) {
    setFrom(saved);
    if (JSON.stringify(from) !== JSON.stringify(saved)) setForm(formOf(saved));
  }
  const checked = check(form, t);
  const errors = checked.errors ?? {};

  const run = (fn: () => Promise<SettingsInput>, text: string) =>
    action.run(fn, text, (next) => {
      setForm(formOf(next.priority));
      onSaved();
    });

  const input = (field: Field, label: string) => {
    const days = DAY_FIELDS.has(field);
    const error = errors[field];
    const errorId = `${id}-${field.replace(/\s/g, '')}-error`;
    return (
      <>
        <input
          type="number"
          inputMode="numeric"
          step={1}
          min={days ? 1 : 0}
          max={days ? MAX_DAYS : MAX_POINTS}
          className="weight"
          aria-label={label}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          value={form[field]}
          onChange={(e) => setForm({ ...form, [field]: e.target.value })}
        />
        {error ? (
          <span id={errorId} className="field-error error-text small">
            {error}
          </span>
        ) : null}
      </>
    );
  };

  const actNow = clusterLabel('Act Now');
  const evaluate = clusterLabel('Evaluate');
  const rows: { what: string; points: Field; days?: Field }[] = [
    ...CLUSTERS.map((c) => ({
      what: t('settings.priority.cluster', { cluster: clusterLabel(c) }),
      points: c,
    })),
    { what: t('settings.priority.moved', { actNow }), points: 'movedIntoActNow' },
    { what: t('settings.priority.agreementSoon'), points: 'agreementSoon', days: 'soonDays' },
    { what: t('settings.priority.agreementLater'), points: 'agreementLater', days: 'laterDays' },
    { what: t('settings.priority.eos'), points: 'eos' },
    { what: t('settings.priority.whitespace', { actNow, evaluate }), points: 'whitespace' },
  ];

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('settings.priority.title')}</h2>
      <p className="muted small">{t('settings.priority.intro')}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!checked.weights) {
            action.refuse(t('settings.priority.errForm'));
            table.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
            return;
          }
          const weights = checked.weights;
          void run(() => api.saveSettings({ priority: weights }), t('settings.priority.saved'));
        }}
      >
        <table ref={table} className="table compact weights">
          <thead>
            <tr>
              <th scope="col">{t('settings.priority.contribution')}</th>
              <th scope="col">{t('settings.priority.points')}</th>
              <th scope="col">{t('settings.priority.within')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.points}>
                <th scope="row">{r.what}</th>
                <td>{input(r.points, t('settings.priority.pointsFor', { what: r.what }))}</td>
                <td>{r.days ? input(r.days, t('settings.priority.daysFor', { what: r.what })) : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <SaveResetBar
          action={action}
          save={t('settings.priority.save')}
          reset={t('settings.priority.reset')}
          confirm={t('settings.priority.confirmReset')}
          onReset={() =>
            void run(() => api.resetSettings({ parts: ['priority'] }), t('settings.priority.resetDone'))
          }
        />
      </form>
    </section>
  );
}
