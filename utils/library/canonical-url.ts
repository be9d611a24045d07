/** One saved copy per article: the URL the library dedupes on. */

/** Lower-cases the host, drops the fragment and tracking parameters. */
export function canonicalArticleUrl(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    for (const key of [...u.searchParams.keys()]) {
      if (/^(utm_|fbclid$|gclid$|mc_cid$|mc_eid$|ref_src$|cmpid$|ocid$)/i.test(key)) u.searchParams.delete(key);
    }
    return u.toString();
  } catch {
    return url;
  }
}
