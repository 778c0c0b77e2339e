import { useState } from 'react';
import { api, errorMessage } from '../api-client';
import { useDataVersion } from '../hooks';
import { useT } from '../i18n';
import { href } from '../url-state';

export function EmptyState() {
  const t = useT();
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
      <h2 id="empty-title">{t('empty.title')}</h2>
      <p className="muted">{t('empty.body')}</p>
      <div className="row gap">
        <a className="button primary" href={href('imports')}>
          {t('empty.import')}
        </a>
        <button type="button" onClick={() => void openSample()} disabled={busy}>
          {busy ? t('empty.openingSample') : t('empty.openSample')}
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
