/**
 * Reader keyboard shortcuts: one table (shown by "?" and in the README) and one dispatcher.
 * Keys are ignored while the user types in a field or holds Ctrl/Alt/Meta, so the browser's and
 * the system's own shortcuts keep working.
 */
import type { MessageKey } from '../i18n';

/** Things a key can do in the reader. */
export type ReaderCommand =
  | 'scrollDown'
  | 'scrollUp'
  | 'fontLarger'
  | 'fontSmaller'
  | 'nextTheme'
  | 'toggleSave'
  | 'toggleReadAloud'
  | 'openLibrary'
  | 'focusSearch'
  | 'openSettings'
  | 'showHelp';

/** Handlers for the commands a view supports; keys for other commands are left alone. */
export type CommandHandlers = Partial<Record<ReaderCommand, () => void>>;

/** One row of the shortcut table. */
export interface Shortcut {
  keys: string[];
  command: ReaderCommand;
  label: MessageKey;
}

/** Every reader shortcut, in the order the help lists them. */
export const READER_SHORTCUTS: readonly Shortcut[] = [
  // Arrows, Space and Page Up/Down keep their native scrolling; j/k add a reading-sized step.
  { keys: ['j'], command: 'scrollDown', label: 'shortcutScrollDown' },
  { keys: ['k'], command: 'scrollUp', label: 'shortcutScrollUp' },
  { keys: ['+', '='], command: 'fontLarger', label: 'shortcutFontLarger' },
  { keys: ['-'], command: 'fontSmaller', label: 'shortcutFontSmaller' },
  { keys: ['t'], command: 'nextTheme', label: 'shortcutNextTheme' },
  { keys: ['s'], command: 'toggleSave', label: 'shortcutSave' },
  { keys: ['r'], command: 'toggleReadAloud', label: 'shortcutReadAloud' },
  { keys: ['l'], command: 'openLibrary', label: 'shortcutLibrary' },
  { keys: ['/'], command: 'focusSearch', label: 'shortcutSearch' },
  { keys: ['a'], command: 'openSettings', label: 'shortcutSettings' },
  { keys: ['?'], command: 'showHelp', label: 'shortcutHelp' },
];

const KEY_TO_COMMAND = new Map<string, ReaderCommand>(READER_SHORTCUTS.flatMap((s) => s.keys.map((k) => [k, s.command] as const)));

/** The subset of a KeyboardEvent the dispatcher reads. */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  target: EventTarget | null;
}

function isTyping(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  // Arrow keys move sliders and radio groups; letters go into text fields.
  return el.isContentEditable || el.closest('input, textarea, select, [contenteditable="true"], dialog [role="listbox"]') !== null;
}

/** The command for a key press, or null when the key is not ours to take. */
export function commandForKey(event: KeyLike): ReaderCommand | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  if (isTyping(event.target)) return null;
  return KEY_TO_COMMAND.get(event.key.length === 1 ? event.key.toLowerCase() : event.key) ?? KEY_TO_COMMAND.get(event.key) ?? null;
}

/** j/k scroll by this share of the viewport: a few lines, keeping context on screen. */
export const KEY_SCROLL_FRACTION = 0.3;

/** The next theme in the order the settings list them (for the "t" key). */
export function nextTheme<T extends string>(order: readonly T[], current: T): T {
  const index = order.indexOf(current);
  return order[(index + 1) % order.length]!;
}
