/** The keyboard commands both reader views share, built from their stores. */
import { KEY_SCROLL_FRACTION, nextTheme, type CommandHandlers } from './keys';
import { NUMERIC_RANGES, type Theme } from '../settings/settings';
import type { SettingsStore } from '../settings/store';

const THEME_ORDER: readonly Theme[] = ['light', 'sepia', 'dark', 'contrast'];

/** Scrolling and typography commands for a view whose article scrolls in `scroller()`. */
export function sharedCommands(settings: SettingsStore, scroller: () => HTMLElement | null, win: Window): CommandHandlers {
  const reduceMotion = () => win.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const scrollBy = (direction: 1 | -1) => {
    const el = scroller();
    if (!el) return;
    el.scrollBy({ top: direction * el.clientHeight * KEY_SCROLL_FRACTION, behavior: reduceMotion() ? 'auto' : 'smooth' });
  };
  const resize = (step: 1 | -1) => {
    const { min, max } = NUMERIC_RANGES.fontSize;
    const size = settings.settings.value.fontSize + step;
    settings.change({ fontSize: Math.min(max, Math.max(min, size)) });
  };
  return {
    scrollDown: () => scrollBy(1),
    scrollUp: () => scrollBy(-1),
    fontLarger: () => resize(1),
    fontSmaller: () => resize(-1),
    nextTheme: () => {
      const current = settings.settings.value.theme;
      // From "follow the system", start the cycle at the theme the system gives now.
      const shown = (win.document.documentElement.getAttribute('data-theme') as Theme | null) ?? 'light';
      settings.change({ theme: nextTheme(THEME_ORDER, current === 'system' ? shown : current) });
    },
  };
}
