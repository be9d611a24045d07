import { afterEach, describe, expect, it } from 'vitest';
import { extractPage } from '../../../utils/content/extract-page';
import { snapshotLiveDocument } from '../../../utils/content/live-snapshot';
import { prose } from '../extract/helpers';

// These run on the test window's own document (happy-dom), the way the content script runs on the page's.
afterEach(() => {
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

function mountStoryComponent(): Element {
  document.head.innerHTML = '<title>Shadow story</title>';
  document.body.innerHTML = '<nav><a href="/a">Home</a></nav><main><news-story><h1 slot="headline">Shadow story</h1><p>not slotted</p></news-story></main>';
  const host = document.querySelector('news-story')!;
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = `<style>p { color: red }</style><article><header><slot name="headline"></slot></header><div class="body"><p>${prose('shadow', 4)}</p><p>${prose('more', 4)}</p><inner-figure></inner-figure></div></article>`;
  const inner = root.querySelector('inner-figure')!.attachShadow({ mode: 'open' });
  inner.innerHTML = '<figure><img src="/chart.svg" alt="chart"><figcaption>Inner caption</figcaption></figure>';
  return host;
}

describe('snapshotLiveDocument', () => {
  it('is null for a page without shadow roots, frames, stand-ins or a second story: the document is read as before', () => {
    document.body.innerHTML = `<article><h1>Plain</h1><p>${prose('plain', 4)}</p></article>`;
    expect(snapshotLiveDocument(window)).toBeNull();
  });

  it('carries open shadow roots (nested, with slots filled) into the copy and leaves the live page alone', () => {
    const host = mountStoryComponent();
    const before = document.body.innerHTML;
    const snap = snapshotLiveDocument(window)!;
    expect(snap).not.toBe(document);
    const copy = snap.querySelector('news-story')!;
    expect(copy.querySelector('header h1')?.textContent).toBe('Shadow story');
    expect(copy.textContent).toContain('shadow sentence 1');
    expect(copy.querySelector('figure img')?.getAttribute('src')).toBe('/chart.svg');
    // Unslotted light children are not shown by the component, and styles are not text.
    expect(copy.textContent).not.toContain('not slotted');
    expect(copy.querySelector('style, slot')).toBeNull();
    expect(document.body.innerHTML).toBe(before);
    expect(host.shadowRoot!.querySelector('slot')).not.toBeNull();
  });

  it('lets the content script read an article that exists only in a shadow root', () => {
    mountStoryComponent();
    const { result } = extractPage(window, 'auto');
    expect(result?.ok).toBe(true);
    if (!result?.ok) return;
    expect(result.article.title).toBe('Shadow story');
    expect(result.article.text).toContain('more sentence 4');
    expect(result.article.contentHtml).toContain('chart.svg');
  });
});
