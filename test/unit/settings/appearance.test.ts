import { describe, expect, it } from 'vitest';
import { appearanceFor, applyAppearance, resolveTheme, textSizeIsAdaptive, TYPEFACE_STACKS } from '../../../utils/settings/appearance';
import { DEFAULT_SETTINGS } from '../../../utils/settings/settings';

describe('appearance', () => {
  it('resolves "follow the system" from the colour-scheme preference', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('sepia', true)).toBe('sepia');
  });

  it('turns settings into custom properties and attributes', () => {
    const look = appearanceFor(
      {
        ...DEFAULT_SETTINGS,
        fontSize: 22,
        lineHeight: 1.8,
        contentWidth: 40,
        paragraphSpacing: 0.5,
        letterSpacing: 0.05,
        typeface: 'dyslexic',
        textAlign: 'justify',
      },
      false,
    );
    expect(look.properties).toEqual({
      '--text-font': TYPEFACE_STACKS.dyslexic,
      '--text-size': '22px',
      '--leading': '1.8',
      '--measure': '40em',
      '--paragraph-gap': '0.5em',
      '--tracking': '0.05em',
      '--tracking-ratio': '0.05',
    });
    expect(look.attributes).toMatchObject({ 'data-theme': 'light', 'data-align': 'justify', 'data-typeface': 'dyslexic', 'data-text-size': 'chosen' });
  });

  it('lets the text size follow the width while it is the default, and keeps a chosen size', () => {
    expect(textSizeIsAdaptive(DEFAULT_SETTINGS)).toBe(true);
    expect(appearanceFor(DEFAULT_SETTINGS, false).attributes['data-text-size']).toBe('auto');
    expect(appearanceFor({ ...DEFAULT_SETTINGS, fontSize: 18 }, false).attributes['data-text-size']).toBe('chosen');
    expect(appearanceFor({ ...DEFAULT_SETTINGS, fontSize: 20 }, false).attributes['data-text-size']).toBe('chosen');
    // The default size is still what the adaptive size grows up to.
    expect(appearanceFor(DEFAULT_SETTINGS, false).properties['--text-size']).toBe('19px');
  });

  it('dims images only in dark themes, and only when asked', () => {
    expect(appearanceFor({ ...DEFAULT_SETTINGS, theme: 'dark', dimImages: true }, false).attributes['data-dim-images']).toBe('true');
    expect(appearanceFor({ ...DEFAULT_SETTINGS, theme: 'system', dimImages: true }, true).attributes['data-dim-images']).toBe('true');
    expect(appearanceFor({ ...DEFAULT_SETTINGS, theme: 'light', dimImages: true }, false).attributes['data-dim-images']).toBe('false');
    expect(appearanceFor({ ...DEFAULT_SETTINGS, theme: 'dark', dimImages: false }, false).attributes['data-dim-images']).toBe('false');
  });

  it('applies to an element', () => {
    const root = document.createElement('html');
    applyAppearance(root, { ...DEFAULT_SETTINGS, theme: 'sepia', fontSize: 24 }, false);
    expect(root.getAttribute('data-theme')).toBe('sepia');
    expect(root.style.getPropertyValue('--text-size')).toBe('24px');
  });
});
