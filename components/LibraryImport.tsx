import { useEffect, useRef, useState } from 'preact/hooks';
import { t, type MessageKey } from '@/utils/i18n';
import { formatNumber } from '@/utils/i18n/format';
import { IMPORT_JOB_BATCH, jobFinished, type ImportJob } from '@/utils/library/import-job';
import type { ImportRefusal, ImportView } from '@/utils/ui/import-store';
import { Spinner } from './Spinner';

const REFUSALS: Record<ImportRefusal, MessageKey> = {
  empty: 'importErrorEmpty',
  'too-large': 'importErrorTooLarge',
  'wrong-format': 'importErrorWrongFormat',
  'corrupt-zip': 'importErrorCorruptZip',
  'zip-limits': 'importErrorZipLimits',
  'bad-encoding': 'importErrorBadEncoding',
  'bad-json': 'importErrorBadJson',
  'bad-shape': 'importErrorBadShape',
  'too-many-items': 'importErrorTooManyItems',
  'newer-backup': 'importErrorNewerBackup',
  'no-html-parser': 'importErrorNoHtmlParser',
  'nothing-to-import': 'importErrorNothingToImport',
  unreadable: 'importErrorUnreadable',
  storage: 'importErrorStorage',
};

/** Rows of the skipped and malformed lists shown before "…and N more". */
const ROWS_SHOWN = 200;

/** The import as it stands, and what picking a file, cancelling and closing the report do. */
export interface LibraryImportProps {
  view: ImportView;
  onFile: (file: File) => void;
  onCancel: () => void;
  onDismiss: () => void;
  /** Restores the backup the dialog shows (the 'backup' phase). */
  onRestore: () => void;
}

/** How far a job is, as items: the batches committed (or still to undo) times the batch size. */
function jobDone(job: ImportJob): number {
  return Math.min(job.total, job.nextBatch * IMPORT_JOB_BATCH);
}

function percentOf(view: ImportView): number | null {
  if (view.phase === 'restoring') return view.total === 0 ? 0 : Math.round((view.done / view.total) * 100);
  if (view.phase === 'staging') return view.total === 0 ? 0 : Math.round((view.done / view.total) * 50);
  if (view.phase === 'job' && !jobFinished(view.job)) {
    // Preparing is the first half, adding to the library the second.
    return view.job.total === 0 ? 50 : 50 + Math.round((jobDone(view.job) / view.job.total) * 50);
  }
  return null;
}

function RowList({ title, rows, count, testId }: { title: string; rows: readonly { row: string; reason: string }[]; count: number; testId: string }) {
  if (count === 0) return null;
  return (
    <details class="import-rows" data-testid={testId}>
      <summary>{title}</summary>
      <ul>
        {rows.slice(0, ROWS_SHOWN).map(({ row, reason }, i) => (
          <li key={i}>{t('importRowReason', row, reason)}</li>
        ))}
      </ul>
      {count > Math.min(rows.length, ROWS_SHOWN) && <p>{t('importMoreRows', formatNumber(count - Math.min(rows.length, ROWS_SHOWN)))}</p>}
    </details>
  );
}

/** The report of a finished job: counts, the file's notes, and every skipped or malformed row with why. */
function Report({ job }: { job: ImportJob }) {
  if (job.state === 'rolled-back') {
    const sentence =
      job.outcome === 'interrupted'
        ? t('importRolledBackInterrupted', job.fileName)
        : job.outcome === 'failed'
          ? t('importRolledBackFailed')
          : t('importRolledBackCancelled');
    return (
      <div class="import-report" data-testid="import-report" data-state="rolled-back">
        <p role="alert">{sentence}</p>
        {job.message && <p class="import-detail">{t('importDetails', job.message)}</p>}
      </div>
    );
  }
  const counts: Array<[MessageKey, number, string]> = [
    ['importAdded', job.added, 'added'],
    ['importMerged', job.merged, 'merged'],
    ['importDuplicates', job.parse.duplicates, 'duplicates'],
    ['importSkipped', job.parse.skippedCount, 'skipped'],
    ['importInvalid', job.invalidCount, 'invalid'],
  ];
  return (
    <div class="import-report" data-testid="import-report" data-state="done">
      <h3 class="import-report-title">{t('importFinished', job.fileName)}</h3>
      <ImportCounts counts={counts} />
      {job.added + job.merged > 0 && <p class="import-note">{t('importLinksNote')}</p>}
      {job.parse.warnings.length > 0 && (
        <details class="import-rows" open>
          <summary>{t('importWarnings')}</summary>
          <ul>
            {job.parse.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </details>
      )}
      <RowList title={t('importSkippedRows')} rows={job.parse.skipped} count={job.parse.skippedCount} testId="import-skipped-rows" />
      <RowList title={t('importInvalidRows')} rows={job.invalid} count={job.invalidCount} testId="import-invalid-rows" />
    </div>
  );
}

/** An import's or a restore's counts, each as a sentence; "added" always shows, the others when not zero. */
function ImportCounts({ counts }: { counts: ReadonlyArray<[MessageKey, number, string]> }) {
  return (
    <ul class="import-counts">
      {counts
        .filter(([, n, id]) => n > 0 || id === 'added')
        .map(([key, n, id]) => (
          <li key={id} data-testid={`import-${id}`} data-count={n}>
            {t(key, formatNumber(n))}
          </li>
        ))}
    </ul>
  );
}

/** A Reader backup read from the file: what restoring it does, before the user goes ahead. */
function BackupFound({ view }: { view: Extract<ImportView, { phase: 'backup' }> }) {
  return (
    <div class="import-backup" data-testid="import-backup" data-articles={view.articles}>
      <p>
        <strong>{t('importBackupFound', view.fileName, formatNumber(view.articles))}</strong>
      </p>
      <p>{t('importBackupWhat')}</p>
      {view.settings && <p>{t('importBackupSettings')}</p>}
      {view.skipped > 0 && <p>{t('importBackupSkipped', formatNumber(view.skipped))}</p>}
    </div>
  );
}

/** What a restore did. */
function BackupRestored({ view }: { view: Extract<ImportView, { phase: 'restored' }> }) {
  const { outcome } = view;
  const counts: Array<[MessageKey, number, string]> = [
    ['importAdded', outcome.added, 'added'],
    ['importBackupReplaced', outcome.replaced, 'replaced'],
    ['importBackupRepeated', outcome.duplicates, 'duplicates'],
    ['importSkipped', view.skipped, 'skipped'],
    ['importInvalid', outcome.invalid, 'invalid'],
  ];
  return (
    <div class="import-report" data-testid="import-report" data-state={outcome.error ? 'stopped' : 'restored'}>
      <h3 class="import-report-title">{t('importBackupRestored', view.fileName)}</h3>
      <ImportCounts counts={counts} />
      {outcome.settingsRestored && <p data-testid="import-settings-restored">{t('importBackupSettingsRestored')}</p>}
      {outcome.error && <p role="alert">{t('importBackupStopped', outcome.error)}</p>}
    </div>
  );
}

/**
 * Library → Import: a toolbar button that opens a dialog with a file picker and a drop zone, the
 * progress of the import (the dialog can be closed meanwhile: the button keeps the percentage), and
 * its report — or, for a file that cannot be imported, why.
 */
export function LibraryImport({ view, onFile, onCancel, onDismiss, onRestore }: LibraryImportProps) {
  const [open, setOpen] = useState(false);
  const [dragging, setDragging] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);

  const percent = percentOf(view);
  const finished = view.phase === 'job' && jobFinished(view.job);
  const label =
    view.phase === 'restoring'
      ? t('importBackupButtonBusy', percent ?? 0)
      : percent !== null
        ? t('importButtonBusy', percent)
        : finished || view.phase === 'restored'
          ? t('importButtonReport')
          : t('importButton');
  const running = view.phase === 'reading' || view.phase === 'staging' || view.phase === 'restoring' || (view.phase === 'job' && !finished);
  const take = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (file) onFile(file);
  };

  let body;
  if (view.phase === 'reading') body = <Spinner label={t('importReading', view.fileName)} />;
  else if (view.phase === 'staging' || (view.phase === 'job' && !finished)) {
    const job = view.phase === 'job' ? view.job : null;
    const text =
      view.phase === 'staging'
        ? t('importStaging', formatNumber(view.done), formatNumber(view.total))
        : job!.state === 'rolling-back'
          ? t('importRollingBack')
          : t('importCommitting', formatNumber(jobDone(job!)), formatNumber(job!.total));
    body = (
      <div class="import-progress" data-testid="import-running">
        <p id="import-progress-text" aria-live="polite">
          {text}
        </p>
        <progress max={100} value={percent ?? 0} aria-labelledby="import-progress-text" data-testid="import-progress" />
        <p class="import-note">{t('importKeepsGoing')}</p>
      </div>
    );
  } else if (view.phase === 'job') body = <Report job={view.job} />;
  else if (view.phase === 'refused') {
    body = (
      <div class="import-refused" data-testid="import-error" data-code={view.code}>
        <p role="alert">
          <strong>{t('importRefusedTitle', view.fileName)}</strong> {t(REFUSALS[view.code])}
        </p>
        {view.detail && <p class="import-detail">{t('importDetails', view.detail)}</p>}
      </div>
    );
  } else if (view.phase === 'backup') body = <BackupFound view={view} />;
  else if (view.phase === 'restoring') {
    body = (
      <div class="import-progress" data-testid="import-running">
        <p id="import-progress-text" aria-live="polite">
          {t('importBackupRestoring', formatNumber(view.done), formatNumber(view.total))}
        </p>
        <progress max={100} value={percent ?? 0} aria-labelledby="import-progress-text" data-testid="import-progress" />
        <p class="import-note">{t('importBackupKeepOpen')}</p>
      </div>
    );
  } else if (view.phase === 'restored') body = <BackupRestored view={view} />;
  else if (view.phase === 'cancelled') {
    body = (
      <p role="status" data-testid="import-cancelled">
        {t('importCancelled')}
      </p>
    );
  }

  const picker = !running && (
    <div
      class={dragging ? 'import-drop import-drop--active' : 'import-drop'}
      data-testid="import-drop"
      onDragEnter={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragOver={(event) => {
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        take(event.dataTransfer?.files);
      }}
    >
      <label class="button button--primary import-choose">
        {view.phase === 'idle' ? t('importChoose') : t('importAnother')}
        <input
          type="file"
          class="visually-hidden"
          accept=".zip,.csv,.html,.htm,.json,application/zip,text/csv,text/html,application/json"
          onChange={(event) => {
            take(event.currentTarget.files);
            // The same file can be chosen again after a refusal.
            event.currentTarget.value = '';
          }}
          data-testid="import-file"
        />
      </label>
      <span class="import-drop-hint">{t('importDrop')}</span>
    </div>
  );

  return (
    <>
      <button
        type="button"
        class="button button--quiet library-import-button"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
        data-testid="import-button"
        data-state={view.phase === 'job' ? view.job.state : view.phase}
      >
        {label}
      </button>
      <dialog ref={dialog} class="import-dialog" aria-labelledby="import-dialog-title" onClose={() => setOpen(false)} data-testid="import-dialog">
        <h2 id="import-dialog-title" class="import-dialog-title">
          {t('importTitle')}
        </h2>
        <p class="import-formats">{t('importFormats')}</p>
        {body}
        {picker}
        <div class="import-buttons">
          {view.phase === 'backup' && (
            <>
              <button type="button" class="button button--primary" onClick={onRestore} data-testid="import-restore">
                {t('importBackupRestore')}
              </button>
              <button type="button" class="button" onClick={onCancel} data-testid="import-cancel">
                {t('importCancel')}
              </button>
            </>
          )}
          {running && view.phase !== 'reading' && view.phase !== 'restoring' && !(view.phase === 'job' && view.job.state === 'rolling-back') && (
            <button type="button" class="button button--danger" onClick={onCancel} data-testid="import-cancel">
              {t('importCancel')}
            </button>
          )}
          {(finished || view.phase === 'refused' || view.phase === 'cancelled' || view.phase === 'restored') && (
            <button
              type="button"
              class="button"
              onClick={() => {
                onDismiss();
                if (finished || view.phase === 'restored') setOpen(false);
              }}
              data-testid="import-done"
            >
              {t('importDone')}
            </button>
          )}
          <button type="button" class="button button--quiet" onClick={() => setOpen(false)} data-testid="import-close">
            {t('importClose')}
          </button>
        </div>
      </dialog>
    </>
  );
}
