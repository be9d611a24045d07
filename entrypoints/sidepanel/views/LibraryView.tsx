import { Library } from '@/components/Library';
import { Spinner } from '@/components/Spinner';
import { t } from '@/utils/i18n';
import { library } from '../state';
import { SavedArticleView } from './SavedArticleView';

/** The saved articles, or the one the user opened from them. */
export function LibraryView() {
  if (library.opened.value) return <SavedArticleView />;
  const snapshot = library.snapshot.value;
  if (!snapshot) return <Spinner label={t('loadingArticle')} />;
  return (
    <Library
      entries={snapshot.entries}
      problems={snapshot.problems}
      onOpen={(entry) => void library.open(entry.id)}
      onDelete={(entry) => void library.remove(entry)}
      onSetRead={(entry, read) => void library.setRead(entry, read)}
    />
  );
}
