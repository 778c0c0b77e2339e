import { useState } from 'react';
import { useIntl } from 'react-intl';
import type { ViewState } from '../../../shared/api';
import { api, errorMessage } from '../api-client';
import { useT } from '../i18n';
import { Modal } from './Modal';

export function SaveViewDialog({
  state,
  layout,
  onClose,
}: {
  state: ViewState;
  /** The grid's layout as it is when the view is saved: its columns in order and their kept widths. */
  layout?: () => Pick<ViewState, 'columns' | 'widths'>;
  onClose: () => void;
}) {
  const t = useT();
  const intl = useIntl();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  async function save(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const views = await api.views({});
      const clash = views.find((v) => v.name.toLowerCase() === name.trim().toLowerCase());
      if (clash && !window.confirm(t('saveView.replace', { name: clash.name }))) return;
      const v = await api.saveView({ name, state: { ...state, ...layout?.() }, replace: !!clash });
      setSaved(v.name);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <Modal title={t('saveView.title')} onClose={onClose}>
      {saved ? (
        <>
          <p role="status">
            {intl.formatMessage(
              { id: 'saveView.saved' },
              { name: saved, link: (chunks) => <a href="#/views">{chunks}</a> },
            )}
          </p>
          <div className="row gap end">
            <button type="button" className="primary" onClick={onClose} autoFocus>
              {t('common.close')}
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={(e) => void save(e)} className="stack">
          <p className="muted small">{t('saveView.intro')}</p>
          <label className="field">
            {t('saveView.name')}
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={200}
              autoFocus
            />
          </label>
          {error ? (
            <p className="error-text" role="alert">
              {error}
            </p>
          ) : null}
          <div className="row gap end">
            <button type="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="primary" disabled={!name.trim()}>
              {t('common.save')}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
