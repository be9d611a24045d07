import { useEffect, useRef, useState } from 'preact/hooks';
import { t, type MessageKey } from '@/utils/i18n';
import type { LibraryExportFormat } from '@/utils/export/library-export';
import { EXPORT_DIALOG_FORMATS } from '@/utils/ui/export-formats';
import type { ExportScope, ExportStatus } from '@/utils/ui/export-store';
import { Icon } from './Icon';

const FORMAT_LABELS: Record<LibraryExportFormat, [label: MessageKey, hint: MessageKey]> = {
  backup: ['exportFormatBackup', 'exportFormatBackupHint'],
  markdown: ['exportFormatMarkdown', 'exportFormatMarkdownHint'],
  html: ['exportFormatHtml', 'exportFormatHtmlHint'],
  'html-single': ['exportFormatHtmlSingle', 'exportFormatHtmlSingleHint'],
  bookmarks: ['exportFormatBookmarks', 'exportFormatBookmarksHint'],
  csv: ['exportFormatCsv', 'exportFormatCsvHint'],
};
const SCOPE_LABELS: Record<ExportScope, MessageKey> = { library: 'exportScopeLibrary', view: 'exportScopeView', selection: 'exportScopeSelection' };
const SCOPES: readonly ExportScope[] = ['library', 'view', 'selection'];

/** The export's choices, its progress, and what each control does. */
export interface LibraryExportProps {
  status: ExportStatus;
  format: LibraryExportFormat;
  scope: ExportScope;
  /** How many articles each scope holds (a scope with none cannot be chosen). */
  counts: Record<ExportScope, number>;
  /** False until the whole list has been read (the library's ids are known then). */
  ready: boolean;
  onFormat: (format: LibraryExportFormat) => void;
  onScope: (scope: ExportScope) => void;
  onStart: () => void;
  onCancel: () => void;
  onDismiss: () => void;
}

/**
 * The Library's Export button: a dialog to choose the format and the articles (the whole
 * library, the list as filtered, or the selection), then the export's progress beside the button
 * while the library stays usable, and its outcome.
 */
export function LibraryExport({ status, format, scope, counts, ready, onFormat, onScope, onStart, onCancel, onDismiss }: LibraryExportProps) {
  const [open, setOpen] = useState(false);
  const running = status.phase === 'running';
  // A scope that no longer holds anything (the selection was cleared) falls back to the whole library.
  const chosenScope = counts[scope] > 0 ? scope : 'library';
  return (
    <div class="library-export" data-testid="library-export">
      <button
        type="button"
        class="button button--quiet"
        aria-haspopup="dialog"
        disabled={!ready || running}
        onClick={() => setOpen(true)}
        data-testid="library-export-button"
      >
        <Icon name="download" />
        {t('exportButton')}
      </button>
      {running && (
        <div class="library-export-progress" role="status" data-testid="library-export-progress">
          <progress max={Math.max(1, status.total)} value={status.done} aria-label={t('exportProgressLabel')} />
          <span>{t('exportProgress', status.done, status.total)}</span>
          <button type="button" class="button button--quiet" onClick={onCancel} data-testid="library-export-cancel">
            {t('cancel')}
          </button>
        </div>
      )}
      {(status.phase === 'done' || status.phase === 'failed') && (
        <p
          class={status.phase === 'failed' ? 'library-export-outcome inline-error' : 'library-export-outcome'}
          role="status"
          data-testid="library-export-outcome"
        >
          <span>
            {status.phase === 'failed'
              ? status.message
              : status.skipped > 0
                ? t('exportDoneSkipped', status.count, status.filename, status.skipped)
                : t('exportDone', status.count, status.filename)}
          </span>
          <button type="button" class="tag-chip-remove" aria-label={t('dismiss')} title={t('dismiss')} onClick={onDismiss} data-testid="library-export-dismiss">
            <Icon name="close" />
          </button>
        </p>
      )}
      {open && (
        <ExportDialog
          format={format}
          scope={chosenScope}
          counts={counts}
          onFormat={onFormat}
          onScope={onScope}
          onClose={() => setOpen(false)}
          onStart={() => {
            if (chosenScope !== scope) onScope(chosenScope);
            setOpen(false);
            onStart();
          }}
        />
      )}
    </div>
  );
}

interface ExportDialogProps {
  format: LibraryExportFormat;
  scope: ExportScope;
  counts: Record<ExportScope, number>;
  onFormat: (format: LibraryExportFormat) => void;
  onScope: (scope: ExportScope) => void;
  onClose: () => void;
  onStart: () => void;
}

/** The modal dialog of the export's choices. */
function ExportDialog({ format, scope, counts, onFormat, onScope, onClose, onStart }: ExportDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    return () => el?.close();
  }, []);
  return (
    <dialog ref={dialog} class="export-dialog" aria-labelledby="export-dialog-title" onClose={onClose} data-testid="export-dialog">
      <form
        method="dialog"
        onSubmit={(event) => {
          // The submitter says which: Export starts, Cancel only closes.
          if ((event.submitter as HTMLButtonElement | null)?.value === 'export') onStart();
        }}
      >
        <h2 id="export-dialog-title" class="export-dialog-title">
          {t('exportDialogTitle')}
        </h2>
        <fieldset class="export-dialog-group">
          <legend>{t('exportScopeLegend')}</legend>
          {SCOPES.map((s) => (
            <label key={s} class="export-dialog-choice">
              <input
                type="radio"
                name="export-scope"
                value={s}
                checked={scope === s}
                disabled={counts[s] === 0}
                onChange={() => onScope(s)}
                data-testid={`export-scope-${s}`}
              />
              <span>{t(SCOPE_LABELS[s], counts[s])}</span>
            </label>
          ))}
        </fieldset>
        <fieldset class="export-dialog-group">
          <legend>{t('exportFormatLegend')}</legend>
          {EXPORT_DIALOG_FORMATS.map((f) => (
            <label key={f} class="export-dialog-choice">
              <input type="radio" name="export-format" value={f} checked={format === f} onChange={() => onFormat(f)} data-testid={`export-format-${f}`} />
              <span>
                <span class="export-dialog-choice-label">{t(FORMAT_LABELS[f][0])}</span>
                <span class="export-dialog-choice-hint">{t(FORMAT_LABELS[f][1])}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div class="export-dialog-actions">
          <button type="submit" value="cancel" class="button" data-testid="export-dialog-cancel">
            {t('cancel')}
          </button>
          <button type="submit" value="export" class="button button--primary" data-testid="export-dialog-start">
            {t('exportStart', counts[scope])}
          </button>
        </div>
      </form>
    </dialog>
  );
}
