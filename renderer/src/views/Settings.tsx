import { useState } from 'react';
import type { SettingsInput } from '../../../shared/api';
import { PrioritySection } from './SettingsPriority';
import { BANDS, CELLS, CLUSTERS, type Cell, type Cluster } from '../../../shared/domain/matrix';
import { PRODUCT_INFO, type Product } from '../../../shared/domain/products';
import { api, errorMessage } from '../api-client';
import { ClusterChip } from '../components/ClusterChip';
import { SaveResetBar, useSettingsAction } from '../components/SettingsActions';
import { useDataVersion, useLoad } from '../hooks';
import { bandLabel, clusterLabel, useLanguage, useT } from '../i18n';
import { LOCALES, isLocale } from '../../../shared/i18n';

const LETTERS = ['A', 'B', 'C', 'D'] as const;

/** The parts this screen's main form edits, as one text to compare. */
const rulesOf = (s: SettingsInput): string => JSON.stringify([s.matrix, s.estimates]);

export function Settings() {
  const t = useT();
  const { bump } = useDataVersion();
  const loaded = useLoad(() => api.settings({}), 'settings');
  const [s, setS] = useState<SettingsInput | null>(null);
  const action = useSettingsAction();
  // The form edits a copy of the cluster rules, taken afresh whenever they are loaded changed
  // (saving the priority reloads the settings, and keeps the edits under way here).
  const [copied, setCopied] = useState(loaded.data);
  if (copied !== loaded.data) {
    setCopied(loaded.data);
    if (loaded.data && rulesOf(loaded.data) !== (copied ? rulesOf(copied) : null))
      setS(structuredClone(loaded.data));
  }

  if (!s)
    return (
      <div className="page">
        <header className="page-head">
          <h1>{t('page.settings')}</h1>
        </header>
        <LanguageSection />
        {loaded.error ? <p className="error-text">{loaded.error}</p> : <p>{t('common.loading')}</p>}
      </div>
    );
  const m = s.matrix;
  const setMatrix = (fn: (m: SettingsInput['matrix']) => void) => {
    const next = structuredClone(s);
    fn(next.matrix);
    setS(next);
  };

  const run = (fn: () => Promise<SettingsInput>, text: string) =>
    action.run(fn, text, (next) => {
      setS(next);
      bump();
    });

  return (
    <div className="page">
      <header className="page-head">
        <h1>{t('page.settings')}</h1>
      </header>
      <LanguageSection />
      {loaded.data ? <PrioritySection saved={loaded.data.priority} onSaved={bump} /> : null}
      <p className="muted">{t('settings.intro')}</p>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => api.saveSettings({ matrix: s.matrix, estimates: s.estimates }), t('settings.saved'));
        }}
      >
        <section className="card">
          <h2>{t('settings.bands')}</h2>
          <p className="muted small">
            {t('settings.bandsIntro', { low: bandLabel('Low'), veryLow: bandLabel('Very Low') })}
          </p>
          <div className="row gap">
            {(['high', 'medium', 'low'] as const).map((k) => (
              <label key={k} className="field narrow">
                {t('settings.bandFrom', {
                  band: bandLabel(k === 'high' ? 'High' : k === 'medium' ? 'Medium' : 'Low'),
                })}
                <input
                  type="number"
                  min={1}
                  max={100}
                  value={m.thresholds[k]}
                  onChange={(e) => setMatrix((x) => (x.thresholds[k] = Number(e.target.value)))}
                />
              </label>
            ))}
          </div>
        </section>
        <div className="grid-2">
          <section className="card">
            <h2>{t('settings.cellMap')}</h2>
            <table className="table compact cellmap">
              <thead>
                <tr>
                  <th scope="col">{t('settings.cellMapCorner')}</th>
                  {BANDS.map((b) => (
                    <th key={b} scope="col">
                      {bandLabel(b)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {BANDS.map((f) => (
                  <tr key={f}>
                    <th scope="row">{bandLabel(f)}</th>
                    {BANDS.map((i) => (
                      <td key={i}>
                        <select
                          aria-label={t('settings.cellFor', { fit: bandLabel(f), intent: bandLabel(i) })}
                          value={m.cells[f]?.[i]}
                          onChange={(e) => setMatrix((x) => (x.cells[f][i] = e.target.value as Cell))}
                        >
                          {CELLS.map((c) => (
                            <option key={c}>{c}</option>
                          ))}
                        </select>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card">
            <h2>{t('settings.letters')}</h2>
            <div className="stack">
              {LETTERS.map((l) => (
                <label key={l} className="field inline-field">
                  <span>{t('settings.lettersCells', { letter: l })}</span>
                  <select
                    value={m.clusterOfLetter[l]}
                    onChange={(e) => setMatrix((x) => (x.clusterOfLetter[l] = e.target.value as Cluster))}
                  >
                    {CLUSTERS.map((c) => (
                      <option key={c} value={c}>
                        {clusterLabel(c)}
                      </option>
                    ))}
                  </select>
                  <ClusterChip cluster={m.clusterOfLetter[l]} />
                </label>
              ))}
            </div>
          </section>
        </div>
        <section className="card">
          <h2>{t('settings.estimates')}</h2>
          <p className="muted small">{t('settings.estimatesIntro')}</p>
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">{t('settings.product')}</th>
                <th scope="col">{t('settings.share')}</th>
                <th scope="col">{t('settings.price')}</th>
                <th scope="col">{t('settings.per')}</th>
              </tr>
            </thead>
            <tbody>
              {(Object.keys(s.estimates) as Product[]).map((p) => {
                const e = s.estimates[p];
                const set = (fn: (e: NonNullable<SettingsInput['estimates'][Product]>) => void) => {
                  const next = structuredClone(s);
                  fn(next.estimates[p]);
                  setS(next);
                };
                return (
                  <tr key={p}>
                    <th scope="row">{PRODUCT_INFO[p]?.name ?? p}</th>
                    <td>
                      <input
                        type="number"
                        step="0.01"
                        min={0}
                        max={1}
                        aria-label={t('settings.shareOf', { product: p })}
                        value={e.share}
                        onChange={(ev) => set((x) => (x.share = Number(ev.target.value)))}
                      />
                    </td>
                    <td>
                      <input
                        type="number"
                        step="0.01"
                        min={0}
                        aria-label={t('settings.priceOf', { product: p })}
                        value={e.price}
                        onChange={(ev) => set((x) => (x.price = Number(ev.target.value)))}
                      />
                    </td>
                    <td>
                      <select
                        aria-label={t('settings.periodOf', { product: p })}
                        value={e.period}
                        onChange={(ev) =>
                          set((x) => (x.period = ev.target.value as 'month' | 'year' | 'once'))
                        }
                      >
                        <option value="month">{t('settings.period.month')}</option>
                        <option value="year">{t('settings.period.year')}</option>
                        <option value="once">{t('settings.period.once')}</option>
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
        <SaveResetBar
          action={action}
          save={t('settings.save')}
          reset={t('settings.reset')}
          confirm={t('settings.confirmReset')}
          onReset={() =>
            void run(() => api.resetSettings({ parts: ['matrix', 'estimates'] }), t('settings.resetDone'))
          }
        />
      </form>
    </div>
  );
}

/**
 * The user's language: stored for the user (every workspace), not in the workspace's settings.
 * Choosing one switches the whole UI at once; the status line confirms it in the new language.
 */
function LanguageSection() {
  const t = useT();
  const { locale, choose } = useLanguage();
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="language-title">
      <h2 id="language-title">{t('settings.language')}</h2>
      <p className="muted small">{t('settings.languageIntro')}</p>
      <label className="field inline-field">
        <span>{t('settings.language')}</span>
        <select
          value={locale}
          onChange={(e) => {
            const next = e.target.value;
            if (!isLocale(next)) return;
            setError(null);
            choose(next).catch((err: unknown) => setError(errorMessage(err)));
          }}
        >
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {t(`settings.lang.${l}`)}
            </option>
          ))}
        </select>
      </label>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
