/** Preact hook: whether a media query matches, following changes (a window resized past a breakpoint). */
import { useEffect, useState } from 'preact/hooks';

/** True while `query` matches in `win`. */
export function useMediaQuery(query: string, win: Window = window): boolean {
  const [matches, setMatches] = useState(() => win.matchMedia(query).matches);
  useEffect(() => {
    const list = win.matchMedia(query);
    const onChange = () => setMatches(list.matches);
    onChange();
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, [query, win]);
  return matches;
}
