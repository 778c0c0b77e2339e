/**
 * The one export dialog, behind every view's Export… button. A grid (Propensity, Customers)
 * offers its list: the workbook, or a CSV of the grid's visible columns in their displayed order
 * (those the chosen grain has), one line per customer or per product row. The other views offer
 * their ready-made exports (`choices`). Every one: the file's language (the UI's unless chosen),
 * the scope (the current filters or a saved view), the job's progress, the download, an empty
 * scope refused with its reason and "Export anyway", and the focus back on the opener (Modal).
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { GridApi } from 'ag-grid-community';
import type { ExportResultOut, FilterMiss, In, JobOut } from '../../../shared/api';
import { csvListColumns, isCsvColumn, type CsvGrain } from '../../../shared/csv-lists';
import type { Filters } from '../../../shared/filters';
import { LOCALES, isLocale, type LabelledField, type Locale } from '../../../shared/i18n';
import { api, downloadUrl, errorMessage } from '../api-client';
import { useLoad } from '../hooks';
import { columnLabel, currentLocale, failureText, useT } from '../i18n';
import { useJob } from '../jobs';
import { JobProgress } from './JobProgress';
import { Modal } from './Modal';

type StartInput = In<'startExport'>;

/** A ready-made export of a view: what it writes; the dialog adds the scope and the language. */
export interface ExportChoice {
  id: string;
  label: string;
  hint: string;
  input: Omit<StartInput, 'filters' | 'view' | 'lang' | 'allowEmpty'>;
}

/** A grid's list: the grains its CSV can have (the first is the default) and its columns. */
export interface GridList {
  grains: readonly [CsvGrain, ...CsvGrain[]];
  /** The grid's visible column IDs in their displayed order, read when the dialog opens. */
  columns: () => readonly string[];
  /** The format first chosen. */
  format: 'xlsx' | 'csv';
}

/** A grid's visible columns, left to right (pinned ones first, as shown). */
export function displayedColumns(grid: GridApi | null | undefined): string[] {
  return grid?.getAllDisplayedColumns().map((c) => c.getColId()) ?? [];
}

export function ExportDialog({
  title,
  filters,
  offer,
  onClose,
}: {
  title?: string;
  /** The view's current filters: the scope unless a saved view is chosen. */
  filters: Filters;
  offer: { list: GridList } | { choices: [ExportChoice, ...ExportChoice[]] };
  onClose: () => void;
}) {
  const t = useT();
  const ids = useId();
  const views = useLoad(() => api.views({}), 'views');
  const list = 'list' in offer ? offer.list : null;
  const choices = 'choices' in offer ? offer.choices : null;
  const [gridColumns] = useState(() => list?.columns() ?? []);
  const [format, setFormat] = useState(list?.format ?? 'xlsx');
  const [grain, setGrain] = useState<CsvGrain>(list?.grains[0] ?? 'customers');
  const [chosen, setChosen] = useState(choices?.[0].id ?? '');
  const [lang, setLang] = useState<Locale>(currentLocale);
  const [scope, setScope] = useState('');
  // `started`: the job as starting or cancelling it returned it; `job`: its live state.
  const [started, setStarted] = useState<JobOut | null>(null);
  const [asked, setAsked] = useState<StartInput | null>(null);
  const { job, error: followError } = useJob(started);
  const written = job?.kind === 'export' ? (job.result as ExportResultOut | null) : null;
  const [startError, setError] = useState<string | null>(null);
  const error = startError ?? followError;
  const link = useRef<HTMLAnchorElement>(null);

  useEffect(() => {
    if (job?.state === 'done') link.current?.click();
  }, [job?.state]);

  const choice = choices?.find((c) => c.id === chosen) ?? choices?.[0];
  // The grid's columns the grain has, in the grid's order; none: the grain's every column.
  const keys: LabelledField[] = gridColumns.filter((k) => isCsvColumn(grain, k));
  const csvList = list !== null && format === 'csv';

  function input(allowEmpty: boolean): StartInput {
    const what: Omit<StartInput, 'filters' | 'view' | 'lang' | 'allowEmpty'> = choice
      ? choice.input
      : format === 'csv'
        ? { format, rows: grain, ...(keys.length && { columns: keys }) }
        : { format };
    return {
      ...what,
      ...(scope ? { view: scope } : { filters }),
      lang,
      ...(allowEmpty && { allowEmpty }),
    };
  }

  async function start(allowEmpty: boolean) {
    setError(null);
    const i = input(allowEmpty);
    try {
      setStarted(await api.startExport(i));
      setAsked(i);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  async function cancel() {
    if (job?.state !== 'running') return onClose();
    try {
      setStarted(await api.cancelJob({ id: job.id }));
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  // An empty scope is not a failure to report but a question: write it anyway?
  const refused = job?.state === 'failed' && written?.emptyScope === true;
  return (
    <Modal title={title ?? t('export.title')} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void start(false);
        }}
        className="stack"
      >
        {list ? (
          <fieldset className="radios">
            <legend>{t('export.format')}</legend>
            {(['xlsx', 'csv'] as const).map((f) => (
              <label key={f} className="check">
                <input
                  type="radio"
                  name={`${ids}-format`}
                  checked={format === f}
                  onChange={() => setFormat(f)}
                />
                {t(`export.${f}`)}
              </label>
            ))}
          </fieldset>
        ) : null}
        {csvList && list.grains.length > 1 ? (
          <fieldset className="radios">
            <legend>{t('export.grain')}</legend>
            {list.grains.map((g) => (
              <label key={g} className="check">
                <input
                  type="radio"
                  name={`${ids}-grain`}
                  checked={grain === g}
                  onChange={() => setGrain(g)}
                />
                {t(`export.grain.${g}`)}
              </label>
            ))}
          </fieldset>
        ) : csvList ? (
          <p className="small">{t(`export.grain.${grain}`)}</p>
        ) : null}
        {csvList ? (
          <p className="muted small" data-testid="export-columns">
            {t('export.columns', {
              columns: csvListColumns(grain, keys)
                .map((k) => columnLabel(k))
                .join(', '),
            })}
          </p>
        ) : null}
        {choices && choice ? (
          choices.length > 1 ? (
            <fieldset className="radios">
              <legend>{t('scope.export.what')}</legend>
              {choices.map((c) => (
                <label key={c.id} className="check">
                  <input
                    type="radio"
                    name={`${ids}-what`}
                    checked={c.id === choice.id}
                    onChange={() => setChosen(c.id)}
                  />
                  {c.label}
                </label>
              ))}
            </fieldset>
          ) : (
            <p>
              <strong>{choice.label}</strong>
            </p>
          )
        ) : null}
        {choice ? <p className="muted small">{choice.hint}</p> : null}
        <div className="export-options">
          <label className="field">
            {t('export.scope')}
            <select value={scope} onChange={(e) => setScope(e.target.value)}>
              <option value="">{t('export.currentFilters')}</option>
              {(views.data ?? []).map((v) => (
                <option key={v.id} value={v.name}>
                  {t('export.savedView', { name: v.name })}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t('export.language')}
            <select value={lang} onChange={(e) => isLocale(e.target.value) && setLang(e.target.value)}>
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {t(`settings.lang.${l}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {job && !refused ? <JobProgress job={job} /> : null}
        {job?.state === 'done' ? (
          <p role="status">
            {readyText(t, written, asked)}{' '}
            {missTexts(t, written).map((w) => (
              <span key={w} className="error-text">
                {w}{' '}
              </span>
            ))}
            <a ref={link} href={downloadUrl(job.id)} download={written?.name ?? ''}>
              {written?.name ? t('export.download', { name: written.name }) : t('export.downloadFile')}
            </a>
          </p>
        ) : null}
        {refused ? (
          <div className="row gap between export-refused" role="alert">
            <span className="error-text">
              {written.misses?.length
                ? t('export.empty', { reason: missTexts(t, written).join('; ') })
                : t('export.emptyNoMatch')}
            </span>
            <button type="button" onClick={() => void start(true)}>
              {t('export.anyway')}
            </button>
          </div>
        ) : job?.state === 'failed' || error ? (
          <p className="error-text" role="alert">
            {t('export.failed', { error: job?.error ? failureText(job.error, job.problem) : error })}
          </p>
        ) : null}
        <div className="row gap end">
          <button type="button" onClick={() => void cancel()}>
            {job?.state === 'running' ? t('export.cancel') : t('common.close')}
          </button>
          <button type="submit" className="primary" disabled={job?.state === 'running'}>
            {t('export.start')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** What a finished export wrote, in words fit for what was asked. */
function readyText(
  t: ReturnType<typeof useT>,
  written: ExportResultOut | null,
  asked: StartInput | null,
): string {
  const rows = written?.rows ?? 0;
  if (rows === 0) return t('export.noRows');
  // A view's list (a grouping, agreements) counts its own lines; a customer list, customers.
  if (asked?.whitespaceBy || asked?.agreements) return t('scope.export.ready', { rows });
  if (asked?.format === 'csv' && (asked.rows ?? 'customers') === 'customers')
    return t('export.readyCustomers', { customers: rows });
  return t('export.ready', { rows, customers: written?.customers ?? 0 });
}

/** The filter values that matched nothing, in the UI's words ("no area 'X'; did you mean 'Y'?"). */
function missTexts(t: ReturnType<typeof useT>, written: ExportResultOut | null): string[] {
  return (written?.misses ?? []).map((m: FilterMiss) =>
    m.nearest === null
      ? t('export.missNone', { filter: columnLabel(m.filter), value: m.value })
      : t('export.miss', { filter: columnLabel(m.filter), value: m.value, nearest: m.nearest }),
  );
}
