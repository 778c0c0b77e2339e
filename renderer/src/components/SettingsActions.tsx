/**
 * A settings form's Save and Reset: one runs at a time (both buttons wait), its outcome said in
 * words (a status, or an alert with the service's reason), and a reset asked for first.
 */
import { useState } from 'react';
import type { SettingsInput } from '../../../shared/api';
import { errorMessage } from '../api-client';

interface Outcome {
  ok: boolean;
  text: string;
}

export interface SettingsAction {
  busy: boolean;
  outcome: Outcome | null;
  /** Says why the form was not sent. */
  refuse: (text: string) => void;
  /** Saves or resets by `fn`; the settings it answers go to `apply`, and `text` is said. */
  run: (fn: () => Promise<SettingsInput>, text: string, apply: (s: SettingsInput) => void) => Promise<void>;
}

export function useSettingsAction(): SettingsAction {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  return {
    busy,
    outcome,
    refuse: (text) => setOutcome({ ok: false, text }),
    async run(fn, text, apply) {
      setBusy(true);
      setOutcome(null);
      try {
        apply(await fn());
        setOutcome({ ok: true, text });
      } catch (e) {
        setOutcome({ ok: false, text: errorMessage(e) });
      } finally {
        setBusy(false);
      }
    },
  };
}

/** The outcome, then Save (the form's submit) and Reset (after the user confirms `confirm`). */
export function SaveResetBar({
  action,
  save,
  reset,
  confirm,
  onReset,
}: {
  action: SettingsAction;
  save: string;
  reset: string;
  confirm: string;
  onReset: () => void;
}) {
  const { outcome, busy } = action;
  return (
    <>
      {outcome ? (
        <p className={outcome.ok ? 'ok-text' : 'error-text'} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.text}
        </p>
      ) : null}
      <div className="row gap">
        <button type="submit" className="primary" disabled={busy}>
          {save}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            if (window.confirm(confirm)) onReset();
          }}
        >
          {reset}
        </button>
      </div>
    </>
  );
}
