import type { LibraryEntry } from '@/utils/library/types';
import { t } from '@/utils/i18n';
import { LibraryItem } from './LibraryItem';
import { Notice } from './Notice';

/** The saved entries to list, problems found reading them, and what each row action does. */
export interface LibraryProps {
  entries: LibraryEntry[];
  problems: string[];
  onOpen: (entry: LibraryEntry) => void;
  onDelete: (entry: LibraryEntry) => void;
  onSetRead: (entry: LibraryEntry, read: boolean) => void;
}

/** The saved articles, newest first. */
export function Library({ entries, problems, onOpen, onDelete, onSetRead }: LibraryProps) {
  return (
    <section class="library" aria-labelledby="library-heading" data-testid="library">
      <h1 id="library-heading" class="library-heading">
        {t('libraryTab')} <span class="library-count">{t('libraryCount', entries.length)}</span>
      </h1>
      {problems.map((problem) => (
        <p key={problem} class="inline-error" role="alert">
          {problem}
        </p>
      ))}
      {entries.length === 0 ? (
        <Notice testId="library-empty" title={t('libraryEmptyTitle')} body={t('libraryEmptyBody')} />
      ) : (
        <ul class="library-list">
          {entries.map((entry) => (
            <LibraryItem key={entry.id} entry={entry} onOpen={onOpen} onDelete={onDelete} onSetRead={onSetRead} />
          ))}
        </ul>
      )}
    </section>
  );
}
