import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Highlight } from '../../../components/Highlight';
import { LibraryItem, type LibraryItemActions } from '../../../components/LibraryItem';
import { LibrarySearch } from '../../../components/LibrarySearch';
import { LibrarySidebar } from '../../../components/LibrarySidebar';
import { suggestTags } from '../../../components/TagEditor';
import { VirtualList } from '../../../components/VirtualList';
import { DEFAULT_QUERY } from '../../../utils/library/query';
import { makeEntry } from '../support/entry-factory';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const actions = (): LibraryItemActions => ({
  onOpen: vi.fn(),
  onSelect: vi.fn(),
  onSetRead: vi.fn(),
  onArchive: vi.fn(),
  onFavourite: vi.fn(),
  onEditTags: vi.fn(),
  onDelete: vi.fn(),
});

describe('Highlight', async () => {
  it('draws matches in <mark> and everything as text, never as markup', async () => {
    await act(() =>
      render(
        <p>
          <Highlight
            segments={[
              { text: 'before <img src=x onerror="alert(1)"> ', match: false },
              { text: '<b>flood</b>', match: true },
            ]}
          />
        </p>,
        root,
      ),
    );
    expect(root.querySelector('img, b')).toBeNull();
    expect(root.querySelector('mark')?.textContent).toBe('<b>flood</b>');
    expect(root.textContent).toBe('before <img src=x onerror="alert(1)"> <b>flood</b>');
  });
});

describe('LibrarySearch', async () => {
  it('says how far the index has got while results are partial, and nothing once they are complete', async () => {
    const onInput = vi.fn();
    await act(() => render(<LibrarySearch id="s" value="riv" onInput={onInput} incomplete={{ indexed: 3200, total: 10000 }} />, root));
    const note = root.querySelector('[role="status"]');
    expect(note?.textContent).toContain((3200).toLocaleString());
    expect(note?.textContent).toContain((10000).toLocaleString());
    expect(root.querySelector('input')?.getAttribute('aria-describedby')).toBe(note?.id);
    await act(() => render(<LibrarySearch id="s" value="riv" onInput={onInput} incomplete={{ indexed: 0, total: null }} />, root));
    expect(root.querySelector('[role="status"]')?.textContent).toMatch(/indexing/i);
    await act(() => render(<LibrarySearch id="s" value="riv" onInput={onInput} incomplete={null} />, root));
    expect(root.querySelector('[role="status"]')).toBeNull();
  });
});

describe('LibraryItem', async () => {
  it('names every control by what it does, and shows progress, tags and the snippet', async () => {
    const entry = makeEntry({ id: 'x', title: 'Flood defences', tags: ['Climate'], favourite: true });
    await act(() => render(<LibraryItem entry={entry} selected={false} progress={0.42} snippet={[{ text: 'flood', match: true }]} {...actions()} />, root));
    const names = [...root.querySelectorAll('button, input')].map((el) => el.getAttribute('aria-label') ?? el.textContent);
    expect(names).toEqual(['Select “Flood defences”', 'Flood defences', 'Mark as read', 'Archive', 'Favourite', 'Add tag', 'Delete “Flood defences”']);
    expect(root.querySelector('[data-testid="library-item-favourite"]')?.getAttribute('aria-pressed')).toBe('true');
    expect(root.querySelector('[data-testid="library-item-progress"]')?.textContent).toBe('42% read');
    expect(root.querySelector('.library-item-tags')?.textContent).toBe('Climate');
    expect(root.querySelector('[data-testid="library-item-snippet"] mark')?.textContent).toBe('flood');
  });

  it('offers Move to inbox for an archived article and says it is read instead of its progress', async () => {
    const entry = makeEntry({ archivedAt: 5, readAt: 6 });
    const handlers = actions();
    await act(() => render(<LibraryItem entry={entry} selected progress={0.5} snippet={null} {...handlers} />, root));
    const archive = root.querySelector<HTMLButtonElement>('[data-testid="library-item-archive"]')!;
    expect(archive.getAttribute('aria-label')).toBe('Move to inbox');
    await act(() => archive.click());
    expect(handlers.onArchive).toHaveBeenCalledWith(entry, false);
    expect(root.querySelector('[data-testid="library-item-progress"]')).toBeNull();
    expect(root.querySelector('.badge')?.textContent).toBe('Read');
    expect(root.querySelector<HTMLInputElement>('[data-testid="library-item-select"]')?.checked).toBe(true);
  });
});

describe('VirtualList', async () => {
  const items = Array.from({ length: 10_000 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` }));
  const list = (onRendered = vi.fn()) => (
    <VirtualList
      items={items}
      keyOf={(item) => item.id}
      rowHeight={100}
      overscan={3}
      label="Rows"
      focusSelector="button"
      onRendered={onRendered}
      renderRow={(item) => <button type="button">{item.title}</button>}
    />
  );

  it('puts a window of rows in the DOM, not 10,000, each placed and numbered', async () => {
    const onRendered = vi.fn();
    await act(() => render(list(onRendered), root));
    const rows = root.querySelectorAll('li');
    // happy-dom's viewport is 768 px: 8 rows on screen and 3 of overscan below.
    expect(rows.length).toBe(11);
    expect(root.querySelector('ul')?.style.blockSize).toBe('1000000px');
    expect(rows[2]?.style.transform).toBe('translateY(200px)');
    expect([rows[0]?.getAttribute('aria-posinset'), rows[0]?.getAttribute('aria-setsize')]).toEqual(['1', '10000']);
    expect(onRendered).toHaveBeenLastCalledWith(items.slice(0, 11));
  });

  it('moves focus row to row with the arrow keys, rendering the row it reaches', async () => {
    await act(() => render(list(), root));
    const first = root.querySelector('button')!;
    first.focus();
    await act(() => {
      first.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    });
    for (let i = 0; i < 15; i++) {
      await act(() => {
        (document.activeElement as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
      });
    }
    expect(document.activeElement?.textContent).toBe('Row 15');
    await act(() => {
      (document.activeElement as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    });
    expect(document.activeElement?.textContent).toBe('Row 9999');
  });
});

describe('tag suggestions', async () => {
  const all = [
    { tag: 'Climate', count: 3 },
    { tag: 'Economy', count: 9 },
    { tag: 'Écologie', count: 1 },
    { tag: 'Policy climate', count: 2 },
  ];
  it('puts tags that start with the text first, then those containing it, leaving out the ones present', async () => {
    expect(suggestTags('cli', all, []).map((s) => s.tag)).toEqual(['Climate', 'Policy climate']);
    expect(suggestTags('cli', all, ['climate']).map((s) => s.tag)).toEqual(['Policy climate']);
    expect(suggestTags('eco', all, []).map((s) => s.tag)).toEqual(['Economy', 'Écologie']);
  });
  it('suggests the most used tags before anything is typed', async () => {
    expect(suggestTags('', all, []).map((s) => s.tag)).toEqual(['Economy', 'Climate', 'Policy climate', 'Écologie']);
  });
});

describe('LibrarySidebar', async () => {
  it('filters by a view or a tag, and renames a tag everywhere from its menu', async () => {
    const onQuery = vi.fn();
    const onRenameTag = vi.fn(async () => true);
    await act(() =>
      render(
        <LibrarySidebar
          id="s"
          view={DEFAULT_QUERY.view}
          tag="climate"
          site={null}
          counts={{ inbox: 3, archive: 1, favourites: 0, all: 4 }}
          tags={[{ tag: 'Climate', count: 2 }]}
          sites={[{ site: 'Daily Ledger', count: 4 }]}
          onQuery={onQuery}
          onRenameTag={onRenameTag}
          onDeleteTag={async () => true}
        />,
        root,
      ),
    );
    const tag = root.querySelector<HTMLButtonElement>('[data-testid="library-tag-filter"]')!;
    expect(tag.getAttribute('aria-current')).toBe('true');
    await act(() => tag.click());
    expect(onQuery).toHaveBeenLastCalledWith({ tag: null });
    await act(() => root.querySelector<HTMLButtonElement>('[data-testid="library-view-archive"]')!.click());
    expect(onQuery).toHaveBeenLastCalledWith({ view: 'archive' });
    await act(() => root.querySelector<HTMLButtonElement>('[data-testid="library-tag-menu"]')!.click());
    await act(() => root.querySelector<HTMLButtonElement>('button[aria-label="Rename tag “Climate”"]')!.click());
    const input = root.querySelector<HTMLInputElement>('[data-testid="library-tag-rename-input"]')!;
    await act(() => {
      input.value = 'Environment';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => root.querySelector<HTMLButtonElement>('[data-testid="library-tag-rename-save"]')!.click());
    expect(onRenameTag).toHaveBeenCalledWith('Climate', 'Environment');
    expect(root.querySelector('[data-testid="library-tag-rename-input"]')).toBeNull();
  });
});
