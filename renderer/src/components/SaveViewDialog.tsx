import { useState } from 'react';
import type { ViewState } from '../../../shared/api';
import { api, errorMessage } from '../api-client';
import { Modal } from './Modal';

export function SaveViewDialog({ state, onClose }: { state: ViewState; onClose: () => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  async function save(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const views = await api.views({});
      const clash = views.find((v) => v.name.toLowerCase() === name.trim().toLowerCase());
      if (clash && !window.confirm(`Replace the view '${clash.name}'?`)) return;
      const v = await api.saveView({ name, state, replace: !!clash });
      setSaved(v.name);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <Modal title="Save view" onClose={onClose}>
      {saved ? (
        <>
          <p role="status">
            Saved “{saved}”. Open it any time under <a href="#/views">Saved views</a>.
          </p>
          <div className="row gap end">
            <button type="button" className="primary" onClick={onClose} autoFocus>
              Close
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={(e) => void save(e)} className="stack">
          <p className="muted small">Saves the current filters, visible columns and sort as a target list.</p>
          <label className="field">
            View name
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
              Cancel
            </button>
            <button type="submit" className="primary" disabled={!name.trim()}>
              Save
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
