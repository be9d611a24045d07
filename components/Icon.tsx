/** The few glyphs the reader's buttons use, drawn inline so they never depend on a font. */
const PATHS = {
  bookmark: 'M6 3h12a1 1 0 0 1 1 1v17l-7-4.5L5 21V4a1 1 0 0 1 1-1z',
  check: 'M4.5 12.5l5 5 10-11',
  back: 'M19 12H5M11 6l-6 6 6 6',
  panel: 'M3 4h18v16H3zM15 4v16',
  library: 'M4 4h4v16H4zM10 4h4v16h-4zM16 5l3.5-1 3 15.5-3.5 1z',
  type: 'M3 19l5-14 5 14M4.8 14h6.4M14 19l3.5-9 3.5 9M15.2 16h4.6',
  keyboard: 'M3 6h18v12H3zM7 10h.01M11 10h.01M15 10h.01M7 14h10',
  speaker: 'M4 9.5h3.5L12 5.5v13l-4.5-4H4zM15.5 9a4 4 0 0 1 0 6M18 6.5a7.5 7.5 0 0 1 0 11',
  external: 'M14 4h6v6M20 4l-9 9M18 14v6H4V6h6',
  trash: 'M4 7h16M9.5 7V4.5h5V7M6.5 7l1 13h9l1-13M10 11v5.5M14 11v5.5',
  unread: 'M12 7.5a4.5 4.5 0 1 0 0 9a4.5 4.5 0 1 0 0-9',
  star: 'M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8-5.2-2.8-5.2 2.8 1-5.8-4.3-4.1 5.9-.9z',
  archive: 'M3.5 4.5h17v4h-17zM5 8.5V19.5h14V8.5M10 12.5h4',
  inbox: 'M3.5 13.5l2.5-8.5h12l2.5 8.5v6h-17zM3.5 13.5h5l1 2.5h5l1-2.5h5',
  tag: 'M3.5 12.5V4.5h8l9 9-8 8zM8 8.5h.01',
  filter: 'M4 5h16l-6.5 7.5V19l-3 1.5v-8z',
  search: 'M10.5 4a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13M15.5 15.5L20 20',
  close: 'M6 6l12 12M18 6L6 18',
  more: 'M5.5 12h.01M12 12h.01M18.5 12h.01',
  pencil: 'M4 20l1-4.5L15.5 5a2 2 0 0 1 3 3L8 18.5zM13.5 7l3 3',
  download: 'M12 4v11M7 10.5l5 5 5-5M5 20h14',
} as const;

/** Which icon of the set to draw. */
export interface IconProps {
  name: keyof typeof PATHS;
  /** Drawn filled (a favourite's star). */
  filled?: boolean;
}

/** A 1em stroke icon, hidden from assistive technology (its button carries the name). */
export function Icon({ name, filled = false }: IconProps) {
  return (
    <svg class={`icon icon--${name}`} viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill={filled ? 'currentColor' : 'none'} stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}
