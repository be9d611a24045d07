/**
 * Turns reader settings into what the page shows: CSS custom properties and data attributes on
 * the root element. The stylesheets in assets/ read only these, so every setting applies live,
 * without a reload, in the popup, the side panel and the library alike.
 */
import { DEFAULT_SETTINGS, type ReaderSettings, type Theme, type Typeface } from './settings';

/** A theme after "follow the system" has been resolved. */
export type ResolvedTheme = Exclude<Theme, 'system'>;

/** Font stacks per typeface; the first family of serif and dyslexic is bundled with the extension. */
export const TYPEFACE_STACKS: Record<Typeface, string> = {
  serif: "'Literata Variable', Literata, Charter, 'Bitstream Charter', 'Iowan Old Style', Georgia, 'Noto Serif', 'DejaVu Serif', serif",
  sans: "'Helvetica Neue', 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', Arial, 'DejaVu Sans', sans-serif",
  mono: "ui-monospace, 'SFMono-Regular', 'Cascadia Mono', 'DejaVu Sans Mono', Menlo, Consolas, monospace",
  system: 'system-ui, -apple-system, sans-serif',
  dyslexic: "OpenDyslexic, 'Comic Sans MS', sans-serif",
};

/**
 * Whether the text size follows the width of the view. The stored settings have no separate
 * "automatic" flag: a size equal to the default (19 px) means "not chosen", and the reader then
 * scales the text with the column so a line keeps 45–75 characters (assets/article.css, up to the
 * default size); any other size is the user's choice and is used as it is.
 */
export function textSizeIsAdaptive(settings: Pick<ReaderSettings, 'fontSize'>): boolean {
  return settings.fontSize === DEFAULT_SETTINGS.fontSize;
}

/** The theme to show, given the setting and whether the system prefers dark. */
export function resolveTheme(theme: Theme, systemPrefersDark: boolean): ResolvedTheme {
  if (theme !== 'system') return theme;
  return systemPrefersDark ? 'dark' : 'light';
}

/** The custom properties and attributes for a set of settings (pure, for tests and the DOM). */
export function appearanceFor(settings: ReaderSettings, systemPrefersDark: boolean) {
  const theme = resolveTheme(settings.theme, systemPrefersDark);
  return {
    attributes: {
      'data-theme': theme,
      'data-align': settings.textAlign,
      'data-dim-images': String(settings.dimImages && (theme === 'dark' || theme === 'contrast')),
      'data-typeface': settings.typeface,
      'data-text-size': textSizeIsAdaptive(settings) ? 'auto' : 'chosen',
    },
    properties: {
      '--text-font': TYPEFACE_STACKS[settings.typeface],
      '--text-size': `${settings.fontSize}px`,
      '--leading': String(settings.lineHeight),
      '--measure': `${settings.contentWidth}em`,
      '--paragraph-gap': `${settings.paragraphSpacing}em`,
      '--tracking': `${settings.letterSpacing}em`,
      // The same spacing as a bare number, for calc() in the adaptive text size.
      '--tracking-ratio': String(settings.letterSpacing),
    },
  };
}

/** Applies settings to a root element (usually document.documentElement). */
export function applyAppearance(root: HTMLElement, settings: ReaderSettings, systemPrefersDark: boolean): void {
  const { attributes, properties } = appearanceFor(settings, systemPrefersDark);
  for (const [name, value] of Object.entries(attributes)) root.setAttribute(name, value);
  for (const [name, value] of Object.entries(properties)) root.style.setProperty(name, value);
}

/** Whether the system prefers a dark colour scheme, and a way to follow its changes. */
export function watchSystemDark(win: Window, onChange: (dark: boolean) => void): { dark: boolean; stop: () => void } {
  const query = win.matchMedia('(prefers-color-scheme: dark)');
  const listener = (event: MediaQueryListEvent) => onChange(event.matches);
  query.addEventListener('change', listener);
  return { dark: query.matches, stop: () => query.removeEventListener('change', listener) };
}
