/**
 * Which addresses an article image can be loaded from, read from its `src` and `srcset` the same
 * way everywhere: in the page when the images are collected for saving, in the saved-article view
 * when stored copies replace them, and in the exporters. Pure: attribute strings in, URLs out.
 */

/** One `srcset` candidate: its URL and its width (`800w`) or density (`2x`), when it states one. */
export interface SrcsetCandidate {
  url: string;
  width: number | null;
  density: number | null;
}

/** The http(s) URL of `raw`, or null (data:, blob:, relative without a base, unparsable). */
function httpUrl(raw: string): string | null {
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The candidates of a `srcset` (absolute http(s) URLs only: the sanitizer made them absolute). */
export function srcsetCandidates(srcset: string | null): SrcsetCandidate[] {
  if (!srcset) return [];
  const out: SrcsetCandidate[] = [];
  // Candidates are separated by a comma followed by white space (a URL may hold a bare comma).
  for (const part of srcset.split(/,\s+/)) {
    const [raw, descriptor] = part.trim().split(/\s+/);
    const url = raw ? httpUrl(raw) : null;
    if (!url) continue;
    const w = descriptor && /^\d+w$/.test(descriptor) ? Number(descriptor.slice(0, -1)) : null;
    const x = descriptor && /^\d+(?:\.\d+)?x$/.test(descriptor) ? Number(descriptor.slice(0, -1)) : null;
    out.push({ url, width: w, density: x });
  }
  return out;
}

/** Widest candidate first; candidates without a descriptor count as 1x of an unknown width. */
function bySizeDescending(a: SrcsetCandidate, b: SrcsetCandidate): number {
  return (b.width ?? 0) - (a.width ?? 0) || (b.density ?? 1) - (a.density ?? 1);
}

/**
 * Every address an image may be loaded from, in the order a collector tries them: `src` (what
 * the page declared as its default), then the `srcset` candidates widest first. No duplicates.
 */
export function imageCandidates(src: string | null, srcset: string | null): string[] {
  const urls = [
    src ? httpUrl(src) : null,
    ...srcsetCandidates(srcset)
      .sort(bySizeDescending)
      .map((c) => c.url),
  ];
  return [...new Set(urls.filter((u): u is string => u !== null))];
}

/** The candidates of an `<img>` (and of the `<source>`s of its `<picture>`), as the article holds them. */
export function elementImageCandidates(img: Element): string[] {
  const sources: string[] = [];
  // Node names and parentNode only: Turndown's DOM in Node (domino) is what the Markdown export walks.
  const parent = img.parentNode as Element | null;
  if (parent?.nodeName.toLowerCase() === 'picture') {
    for (const source of Array.from(parent.children)) {
      if (source.nodeName.toLowerCase() === 'source') sources.push(...imageCandidates(null, source.getAttribute('srcset')));
    }
  }
  return [...new Set([...imageCandidates(img.getAttribute('src'), img.getAttribute('srcset')), ...sources])];
}
