import { describe, expect, it } from 'vitest';
import { READER_SHORTCUTS, commandForKey, nextTheme } from '../../../utils/keyboard/keys';

function key(k: string, extra: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean; target: EventTarget | null }> = {}) {
  return { key: k, ctrlKey: false, altKey: false, metaKey: false, target: document.body, ...extra };
}

describe('reader shortcuts', () => {
  it('maps each documented key to its command', () => {
    for (const shortcut of READER_SHORTCUTS) {
      for (const k of shortcut.keys) expect(commandForKey(key(k)), k).toBe(shortcut.command);
    }
    expect(commandForKey(key('S'))).toBe('toggleSave');
  });

  it('has no key bound twice', () => {
    const keys = READER_SHORTCUTS.flatMap((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('leaves browser shortcuts and typing alone', () => {
    expect(commandForKey(key('s', { ctrlKey: true }))).toBeNull();
    expect(commandForKey(key('t', { metaKey: true }))).toBeNull();
    const input = document.createElement('input');
    document.body.append(input);
    expect(commandForKey(key('j', { target: input }))).toBeNull();
    expect(commandForKey(key('x'))).toBeNull();
    expect(commandForKey(key(' '))).toBeNull();
  });

  it('cycles themes', () => {
    expect(nextTheme(['light', 'sepia', 'dark'], 'light')).toBe('sepia');
    expect(nextTheme(['light', 'sepia', 'dark'], 'dark')).toBe('light');
  });
});
