/**
 * Which links lead to another page of the same site: what teasers, listings and "Read more" lines
 * are made of, and what sets them apart from links to shops or sources (a product round-up's
 * headlines link to retailers, a listing's to the site's own pages). Shared by clean/teaser-groups
 * and the gate.
 */

/** The hosts that name the site: the page's, and its canonical URL's (a copy served from a cache or mirror links home). */
export function siteHosts(pageUrl: string | null, canonicalUrl: string | null = null): Set<string> {
  const hosts = new Set<string>();
  for (const u of [pageUrl, canonicalUrl]) {
    try {
      if (u) hosts.add(new URL(u, pageUrl ?? undefined).host);
    } catch {
      // Not a URL: it names no site.
    }
  }
  return hosts;
}

const NOT_A_PAGE_RE = /^\s*(?:#|javascript:|mailto:|tel:|data:)/i;
const ABSOLUTE_RE = /^\s*(?:[a-z][\w+.-]*:|\/\/)/i;

/**
 * True when `href` leads to another page of the site named by `hosts`: same host, a path of its
 * own, not the page itself nor its canonical URL, not a fragment or a script. Without a page URL,
 * a relative link still leads to the same site (it can lead nowhere else).
 */
export function isSitePageLink(href: string, hosts: ReadonlySet<string>, pageUrl: string | null, canonicalUrl: string | null = null): boolean {
  if (!href || NOT_A_PAGE_RE.test(href)) return false;
  if (!pageUrl) return !ABSOLUTE_RE.test(href) && href.trim() !== '/';
  try {
    const url = new URL(href, pageUrl);
    const target = url.href.split('#')[0];
    return hosts.has(url.host) && url.pathname.length > 1 && target !== pageUrl.split('#')[0] && target !== canonicalUrl;
  } catch {
    return false;
  }
}
