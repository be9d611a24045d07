import { memo } from 'preact/compat';
import { useState } from 'preact/hooks';
import { t, type MessageKey } from '@/utils/i18n';
import { LIBRARY_VIEWS, tagKey, type LibraryQuery, type LibraryView, type SiteCount, type TagCount } from '@/utils/library/query';
import { Icon } from './Icon';

const VIEW_LABELS: Record<LibraryView, MessageKey> = { inbox: 'viewInbox', archive: 'viewArchive', favourites: 'viewFavourites', all: 'viewAll' };
/** Sites listed before "Show all". */
const SITES_SHOWN = 8;

/** The query, the counts to show, and what choosing, renaming and deleting do. */
export interface LibrarySidebarProps {
  id: string;
  /** The query's view, tag and site: what the sidebar marks as chosen (not the search, so typing does not draw it again). */
  view: LibraryQuery['view'];
  tag: LibraryQuery['tag'];
  site: LibraryQuery['site'];
  /** Articles per view; null where not known yet (favourites, before the whole list is read). */
  counts: Record<LibraryView, number | null>;
  /** Tags and sites with their counts; null until the whole list is read. */
  tags: readonly TagCount[] | null;
  sites: readonly SiteCount[] | null;
  onQuery: (change: Partial<LibraryQuery>) => void;
  /** Renames a tag on every article; resolves to whether it was done. */
  onRenameTag: (from: string, to: string) => Promise<boolean>;
  onDeleteTag: (tag: string) => Promise<boolean>;
}

/** The tag a menu is open for, and what it is doing. */
type TagMenu = { tag: string; mode: 'menu' | 'rename' | 'delete'; name: string } | null;

/**
 * The library's sidebar: the views (inbox, archive, favourites, all) with their counts, the tags
 * with theirs (each can be renamed or deleted everywhere), and the sites. In the wide layout it is
 * always shown; in a narrow one the Filters button shows it.
 */
export const LibrarySidebar = memo(function LibrarySidebar({
  id,
  view: currentView,
  tag: currentTag,
  site: currentSite,
  counts,
  tags,
  sites,
  onQuery,
  onRenameTag,
  onDeleteTag,
}: LibrarySidebarProps) {
  const [menu, setMenu] = useState<TagMenu>(null);
  const [allSites, setAllSites] = useState(false);
  const activeTag = currentTag === null ? null : tagKey(currentTag);
  const shownSites = sites === null ? [] : allSites ? sites : sites.slice(0, SITES_SHOWN);

  const submitRename = async () => {
    if (!menu) return;
    if (await onRenameTag(menu.tag, menu.name)) setMenu(null);
  };

  return (
    <nav id={id} class="library-sidebar" aria-label={t('libraryNavigation')} data-testid="library-sidebar">
      <h2 class="library-sidebar-heading">{t('viewsHeading')}</h2>
      <ul class="library-sidebar-list">
        {LIBRARY_VIEWS.map((view) => (
          <li key={view}>
            <button
              type="button"
              class="library-sidebar-item"
              aria-current={currentView === view ? 'true' : undefined}
              onClick={() => onQuery({ view })}
              data-testid={`library-view-${view}`}
            >
              <span class="library-sidebar-name">{t(VIEW_LABELS[view])}</span>
              <span class="library-sidebar-count">{counts[view] ?? ''}</span>
            </button>
          </li>
        ))}
      </ul>

      <h2 class="library-sidebar-heading">{t('tagsHeading')}</h2>
      {tags === null ? (
        <p class="library-sidebar-empty">{t('loadingLibrary')}</p>
      ) : tags.length === 0 ? (
        <p class="library-sidebar-empty">{t('noTagsYet')}</p>
      ) : (
        <ul class="library-sidebar-list" data-testid="library-tags">
          {tags.map(({ tag, count }) => {
            const active = activeTag === tagKey(tag);
            const open = menu !== null && tagKey(menu.tag) === tagKey(tag);
            const inputId = `${id}-rename-${tagKey(tag).replace(/[^\p{L}\p{N}]+/gu, '-')}`;
            return (
              <li key={tagKey(tag)} class="library-sidebar-tag">
                <div class="library-sidebar-row">
                  <button
                    type="button"
                    class="library-sidebar-item"
                    aria-current={active ? 'true' : undefined}
                    onClick={() => onQuery({ tag: active ? null : tag })}
                    data-testid="library-tag-filter"
                  >
                    <Icon name="tag" />
                    <span class="library-sidebar-name">{tag}</span>
                    <span class="library-sidebar-count">{count}</span>
                  </button>
                  <button
                    type="button"
                    class="button button--icon-only library-sidebar-more"
                    aria-label={t('tagMenu', tag)}
                    title={t('tagMenu', tag)}
                    aria-expanded={open}
                    onClick={() => setMenu(open ? null : { tag, mode: 'menu', name: tag })}
                    data-testid="library-tag-menu"
                  >
                    <Icon name="more" />
                  </button>
                </div>
                {open && menu.mode === 'menu' && (
                  <div class="library-sidebar-menu">
                    <button
                      type="button"
                      class="button button--quiet"
                      aria-label={t('renameTagNamed', tag)}
                      onClick={() => setMenu({ ...menu, mode: 'rename' })}
                    >
                      <Icon name="pencil" />
                      {t('renameTag')}
                    </button>
                    <button
                      type="button"
                      class="button button--quiet button--danger"
                      aria-label={t('deleteTagNamed', tag)}
                      onClick={() => setMenu({ ...menu, mode: 'delete' })}
                    >
                      <Icon name="trash" />
                      {t('deleteArticle')}
                    </button>
                  </div>
                )}
                {open && menu.mode === 'rename' && (
                  <form
                    class="library-sidebar-menu library-sidebar-rename"
                    onSubmit={(event) => {
                      event.preventDefault();
                      void submitRename();
                    }}
                  >
                    <label class="library-sidebar-label" for={inputId}>
                      {t('renameTagLabel', tag)}
                    </label>
                    <input
                      id={inputId}
                      type="text"
                      class="text-input"
                      value={menu.name}
                      maxLength={50}
                      // The field appears because the user asked to rename: put them in it.
                      autoFocus
                      onInput={(event) => setMenu({ ...menu, name: event.currentTarget.value })}
                      onKeyDown={(event) => event.key === 'Escape' && (event.preventDefault(), setMenu(null))}
                      data-testid="library-tag-rename-input"
                    />
                    <div class="library-sidebar-buttons">
                      <button type="submit" class="button button--primary" data-testid="library-tag-rename-save">
                        {t('save')}
                      </button>
                      <button type="button" class="button button--quiet" onClick={() => setMenu(null)}>
                        {t('cancel')}
                      </button>
                    </div>
                  </form>
                )}
                {open && menu.mode === 'delete' && (
                  <div class="library-sidebar-menu" role="group" aria-label={t('deleteTagNamed', tag)}>
                    <p class="library-sidebar-confirm">{t('deleteTagConfirm', tag, count)}</p>
                    <div class="library-sidebar-buttons">
                      <button
                        type="button"
                        class="button button--danger"
                        onClick={() => void onDeleteTag(tag).then((done) => done && setMenu(null))}
                        data-testid="library-tag-delete-confirm"
                      >
                        {t('deleteArticle')}
                      </button>
                      <button type="button" class="button button--quiet" onClick={() => setMenu(null)}>
                        {t('cancel')}
                      </button>
                    </div>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}

      {sites !== null && sites.length > 0 && (
        <>
          <h2 class="library-sidebar-heading">{t('sitesHeading')}</h2>
          <ul class="library-sidebar-list" data-testid="library-sites">
            {shownSites.map(({ site, count }) => {
              const active = currentSite === site;
              return (
                <li key={site}>
                  <button
                    type="button"
                    class="library-sidebar-item"
                    aria-current={active ? 'true' : undefined}
                    onClick={() => onQuery({ site: active ? null : site })}
                    data-testid="library-site-filter"
                  >
                    <span class="library-sidebar-name">{site}</span>
                    <span class="library-sidebar-count">{count}</span>
                  </button>
                </li>
              );
            })}
          </ul>
          {sites.length > SITES_SHOWN && (
            <button type="button" class="button button--quiet library-sidebar-all" aria-expanded={allSites} onClick={() => setAllSites(!allSites)}>
              {allSites ? t('showFewerSites') : t('showAllSites', sites.length)}
            </button>
          )}
        </>
      )}
    </nav>
  );
});
