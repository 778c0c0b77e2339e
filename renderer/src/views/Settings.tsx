import { useState } from 'react';
import type { SettingsInput } from '../../../shared/api';
import { BANDS, CELLS, CLUSTERS, type Cell, type Cluster } from '../../../shared/domain/matrix';
import { PRODUCT_INFO, type Product } from '../../../shared/domain/products';
import { api, errorMessage } from '../api-client';
import { ClusterChip } from '../components/ClusterChip';
import { useDataVersion, useLoad } from '../hooks';
import { PAGE_LABELS } from '../labels';

const LETTERS = ['A', 'B', 'C', 'D'] as const;

export function Settings() {
  const { bump } = useDataVersion();
  const loaded = useLoad(() => api.settings({}), 'settings');
  const [s, setS] = useState<SettingsInput | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // The form edits a copy of the settings, taken afresh whenever they are loaded again.
  const [copied, setCopied] = useState(loaded.data);
  if (copied !== loaded.data) {
    setCopied(loaded.data);
    if (loaded.data) setS(structuredClone(loaded.data));
  }

  if (!s)
    return (
      <div className="page">{loaded.error ? <p className="error-text">{loaded.error}</p> : 'Loading…'}</div>
    );
  const m = s.matrix;
  const setMatrix = (fn: (m: SettingsInput['matrix']) => void) => {
    const next = structuredClone(s);
    fn(next.matrix);
    setS(next);
  };

  async function run(fn: () => Promise<SettingsInput>, text: string) {
    setBusy(true);
    setMsg(null);
    try {
      setS(await fn());
      setMsg({ ok: true, text });
      bump();
    } catch (e) {
      setMsg({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="page">
      <header className="page-head">
        <h1>{PAGE_LABELS.settings}</h1>
        <p className="muted">
          Bands, the Fit × Intent cell map and the cluster of each letter. Saving recomputes every computed
          cell and cluster in the cache; the clusters given in the downloads stay as they are.
        </p>
      </header>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => api.saveSettings(s), 'Saved. Computed clusters were recomputed.');
        }}
      >
        <section className="card">
          <h2>Band thresholds</h2>
          <p className="muted small">The lowest score of each band; below Low is Very Low.</p>
          <div className="row gap">
            {(['high', 'medium', 'low'] as const).map((k) => (
              <label key={k} className="field narrow">
                {k === 'high' ? 'High from' : k === 'medium' ? 'Medium from' : 'Low from'}
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
            <h2>Cell map</h2>
            <table className="table compact cellmap">
              <thead>
                <tr>
                  <th scope="col">Fit \ Intent</th>
                  {BANDS.map((b) => (
                    <th key={b} scope="col">
                      {b}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {BANDS.map((f) => (
                  <tr key={f}>
                    <th scope="row">{f}</th>
                    {BANDS.map((i) => (
                      <td key={i}>
                        <select
                          aria-label={`Cell for fit ${f}, intent ${i}`}
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
            <h2>Letter → cluster</h2>
            <div className="stack">
              {LETTERS.map((l) => (
                <label key={l} className="field inline-field">
                  <span>
                    Cells {l}1–{l}4
                  </span>
                  <select
                    value={m.clusterOfLetter[l]}
                    onChange={(e) => setMatrix((x) => (x.clusterOfLetter[l] = e.target.value as Cluster))}
                  >
                    {CLUSTERS.map((c) => (
                      <option key={c}>{c}</option>
                    ))}
                  </select>
                  <ClusterChip cluster={m.clusterOfLetter[l]} />
                </label>
              ))}
            </div>
          </section>
        </div>
        <section className="card">
          <h2>Whitespace estimates</h2>
          <p className="muted small">
            Used only where a download has no whitespace revenue: yearly revenue = org size × share × price.
          </p>
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Share of employees (0–1)</th>
                <th scope="col">Price (USD)</th>
                <th scope="col">Per</th>
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
                        aria-label={`${p} share of employees`}
                        value={e.share}
                        onChange={(ev) => set((x) => (x.share = Number(ev.target.value)))}
                      />
                    </td>
                    <td>
                      <input
                        type="number"
                        step="0.01"
                        min={0}
                        aria-label={`${p} price`}
                        value={e.price}
                        onChange={(ev) => set((x) => (x.price = Number(ev.target.value)))}
                      />
                    </td>
                    <td>
                      <select
                        aria-label={`${p} price period`}
                        value={e.period}
                        onChange={(ev) =>
                          set((x) => (x.period = ev.target.value as 'month' | 'year' | 'once'))
                        }
                      >
                        <option value="month">user per month</option>
                        <option value="year">user per year</option>
                        <option value="once">device, once</option>
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
        {msg ? (
          <p className={msg.ok ? 'ok-text' : 'error-text'} role={msg.ok ? 'status' : 'alert'}>
            {msg.text}
          </p>
        ) : null}
        <div className="row gap">
          <button type="submit" className="primary" disabled={busy}>
            Save settings
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              if (window.confirm('Reset bands, cell map, clusters and estimates to the defaults?'))
                void run(
                  () => api.resetSettings({}),
                  'Reset to the defaults. Computed clusters were recomputed.',
                );
            }}
          >
            Reset to defaults
          </button>
        </div>
      </form>
    </div>
  );
}
