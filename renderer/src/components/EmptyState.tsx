import { useState } from 'react';
import { api, errorMessage } from '../api-client';
import { useDataVersion } from '../hooks';
import { href } from '../url-state';

export function EmptyState() {
  const { bump } = useDataVersion();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function openSample() {
    setBusy(true);
    setError(null);
    try {
      await api.openSample({});
      bump();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="empty card" aria-labelledby="empty-title">
      <h2 id="empty-title">No downloads in this workspace yet</h2>
      <p className="muted">
        Import the CloudAscent propensity downloads from Partner Center (TSV, CSV or the XLSX workbook), or
        look around with the sample data first.
      </p>
      <div className="row gap">
        <a className="button primary" href={href('imports')}>
          Import downloads…
        </a>
        <button type="button" onClick={() => void openSample()} disabled={busy}>
          {busy ? 'Opening sample data…' : 'Open sample data'}
        </button>
      </div>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
