import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { foldText, tagKey, type TagCount } from '@/utils/library/query';
import { normalizeTag } from '@/utils/library/tags';
import { Icon } from './Icon';

/** Suggestions shown at most. */
const SUGGESTIONS = 8;

/** The tags to edit, the library's tags to suggest, and what adding, removing and closing do. */
export interface TagEditorProps {
  /** The dialog's title ("Tags of “…”"). */
  title: string;
  /** A sentence under the title (what a bulk edit does), if any. */
  hint?: string;
  /** The tags the article (or the selection) has now. */
  tags: readonly string[];
  /** Every tag of the library with its count, for autocomplete. */
  suggestions: readonly TagCount[];
  onAdd: (tag: string) => void;
  onRemove: (tag: string) => void;
  onClose: () => void;
}

/** Tags that start with what was typed come first, then those containing it; most used first without typing. */
export function suggestTags(text: string, all: readonly TagCount[], present: readonly string[]): TagCount[] {
  const have = new Set(present.map(tagKey));
  const candidates = all.filter((s) => !have.has(tagKey(s.tag)));
  const typed = foldText(text.trim());
  if (typed === '')
    return candidates
      .slice()
      .sort((a, b) => b.count - a.count)
      .slice(0, SUGGESTIONS);
  const starts: TagCount[] = [];
  const contains: TagCount[] = [];
  for (const s of candidates) {
    const folded = foldText(s.tag);
    if (folded.startsWith(typed)) starts.push(s);
    else if (folded.includes(typed)) contains.push(s);
  }
  return [...starts, ...contains].slice(0, SUGGESTIONS);
}

/**
 * A modal dialog to add and remove tags, with autocomplete from the library's tags (an ARIA 1.2
 * combobox: arrows choose a suggestion, Enter adds it or what was typed, Escape clears).
 */
export function TagEditor({ title, hint, tags, suggestions, onAdd, onRemove, onClose }: TagEditorProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [active, setActive] = useState(-1);
  const [listOpen, setListOpen] = useState(true);

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    input.current?.focus();
    return () => el?.close();
  }, []);

  const options = listOpen ? suggestTags(text, suggestions, tags) : [];
  const expanded = options.length > 0;
  const activeOption = active >= 0 && active < options.length ? options[active] : undefined;

  const add = (raw: string) => {
    const tag = normalizeTag(raw);
    if (tag === null) return;
    onAdd(tag);
    setText('');
    setActive(-1);
    setListOpen(true);
    input.current?.focus();
  };

  return (
    <dialog ref={dialog} class="tag-editor" aria-labelledby="tag-editor-title" onClose={onClose} data-testid="tag-editor">
      <h2 id="tag-editor-title" class="tag-editor-title">
        {title}
      </h2>
      {hint && <p class="tag-editor-hint">{hint}</p>}
      {tags.length > 0 && (
        <ul class="tag-editor-tags" aria-label={t('articleTags')}>
          {tags.map((tag) => (
            <li key={tagKey(tag)} class="tag-chip tag-chip--removable">
              <span>{tag}</span>
              <button
                type="button"
                class="tag-chip-remove"
                aria-label={t('removeTagNamed', tag)}
                title={t('removeTagNamed', tag)}
                onClick={() => onRemove(tag)}
                data-testid="tag-remove"
              >
                <Icon name="close" />
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="tag-editor-form"
        onSubmit={(event) => {
          event.preventDefault();
          add(activeOption ? activeOption.tag : text);
        }}
      >
        <label class="tag-editor-label" for="tag-editor-input">
          {t('newTag')}
        </label>
        <div class="tag-editor-field">
          <input
            ref={input}
            id="tag-editor-input"
            type="text"
            class="text-input"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls="tag-editor-suggestions"
            aria-activedescendant={activeOption ? `tag-suggestion-${active}` : undefined}
            autocomplete="off"
            maxLength={50}
            value={text}
            onInput={(event) => {
              setText(event.currentTarget.value);
              setActive(-1);
              setListOpen(true);
            }}
            onKeyDown={(event) => {
              if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
                event.preventDefault();
                setListOpen(true);
                const n = suggestTags(text, suggestions, tags).length;
                if (n === 0) return;
                setActive((i) => (event.key === 'ArrowDown' ? (i + 1) % n : i <= 0 ? n - 1 : i - 1));
              } else if (event.key === 'Escape' && (text !== '' || expanded)) {
                // The first Escape clears the field; the next one closes the dialog.
                event.preventDefault();
                if (text !== '') setText('');
                else setListOpen(false);
                setActive(-1);
              } else if (event.key === ',') {
                event.preventDefault();
                add(text);
              }
            }}
            data-testid="tag-input"
          />
          <button type="submit" class="button" data-testid="tag-add">
            {t('add')}
          </button>
        </div>
        <ul id="tag-editor-suggestions" class="tag-editor-suggestions" role="listbox" aria-label={t('tagSuggestions')} hidden={!expanded}>
          {options.map((option, i) => (
            <li
              key={tagKey(option.tag)}
              id={`tag-suggestion-${i}`}
              role="option"
              class="tag-editor-suggestion"
              aria-selected={i === active}
              // Keep focus in the field: the click adds the suggestion.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => add(option.tag)}
              data-testid="tag-suggestion"
            >
              <span>{option.tag}</span>
              <span class="tag-editor-suggestion-count">{option.count}</span>
            </li>
          ))}
        </ul>
      </form>
      <form method="dialog" class="tag-editor-done">
        <button type="submit" class="button button--primary" data-testid="tag-editor-done">
          {t('done')}
        </button>
      </form>
    </dialog>
  );
}
