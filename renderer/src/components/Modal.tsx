import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A native modal <dialog>: focus trapping and Escape come with it. The element that had the
 * focus when it opened (the button that opened it) gets it back when it goes.
 */
export function Modal({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [opener] = useState(() => document.activeElement);
  useEffect(() => {
    const d = ref.current;
    // No close() on cleanup: StrictMode re-runs effects, and a close would fire onClose.
    if (d && !d.open) d.showModal();
  }, []);
  useEffect(
    () => () => {
      // After React has removed the dialog: the opener is no longer behind a modal.
      if (opener instanceof HTMLElement)
        setTimeout(() => {
          if (opener.isConnected) opener.focus();
        });
    },
    [opener],
  );
  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby="modal-title"
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id="modal-title">{title}</h2>
      {children}
    </dialog>
  );
}
