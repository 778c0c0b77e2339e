/**
 * The one date field the app draws (the filter panel's agreement-end range, the Agreements view's
 * end dates): a text field in the UI's form (nl dd-mm-jjjj, en yyyy-mm-dd: ../date-input), never
 * a browser `<input type=date>`, whose form follows the browser's locale whatever the UI speaks.
 * It holds what is typed; its owner reads that with `parseDateInput` when it applies (Enter, the
 * focus leaving) and shows a date that is none as `useDateWords().refused`, where it was typed.
 * The form is the placeholder and, for screen readers, the field's description.
 */
import { useId, type FocusEvent, type KeyboardEvent, type Ref } from 'react';
import { useT } from '../i18n';

/** The date form's words in the UI's language: the form, and the refusal of a date that is none. */
export function useDateWords(): { format: string; refused: string } {
  const t = useT();
  const format = t('facets.dateFormat');
  return { format, refused: t('facets.rangeDateInvalid', { format }) };
}

export function DateInput({
  text,
  onText,
  id,
  label,
  invalid,
  describedBy,
  inputRef,
  onKeyDown,
  onBlur,
}: {
  /** What the field holds, as typed (a date shown in the UI's form: `formatDateInput`). */
  text: string;
  onText: (text: string) => void;
  /** For a `<label htmlFor>` outside; else `label` names the field. */
  id?: string;
  label?: string;
  invalid?: boolean;
  /** Further descriptions (a refusal's id), after the form's. */
  describedBy?: string;
  inputRef?: Ref<HTMLInputElement>;
  onKeyDown?: (e: KeyboardEvent<HTMLInputElement>) => void;
  onBlur?: (e: FocusEvent<HTMLInputElement>) => void;
}) {
  const t = useT();
  const { format } = useDateWords();
  const hint = useId();
  return (
    <>
      <input
        ref={inputRef}
        id={id}
        className="date-input"
        type="text"
        autoComplete="off"
        spellCheck={false}
        value={text}
        placeholder={format}
        aria-label={label}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy ? `${hint} ${describedBy}` : hint}
        onChange={(e) => onText(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
      />
      <span id={hint} className="sr-only">
        {t('facets.dateHint', { format })}
      </span>
    </>
  );
}
