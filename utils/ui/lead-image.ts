/** Whether the reader should show an article's lead image above the body. */

/** The lead image URL to show, or null when there is none, it is unsafe, or the body already has it. */
export function leadImageToShow(leadImageUrl: string | null, contentHtml: string): string | null {
  if (!leadImageUrl) return null;
  let url: URL;
  try {
    url = new URL(leadImageUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  // Compare by file name: the body may hold a resized variant (other query, other host/CDN).
  const file = url.pathname.split('/').filter(Boolean).pop();
  if (file && contentHtml.includes(file)) return null;
  return url.href;
}
