import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../utils/extract';
import { expanderOf, isFoldedContinuation, removeHidden } from '../../../utils/extract/prepare/hidden';
import { fixture, page, parse, prose } from './helpers';

const text = (doc: Document): string => (doc.body.textContent ?? '').replace(/\s+/g, ' ').trim();
const lead = `<h1>Headline</h1><p>${prose('lead', 3)}</p>`;

describe('removeHidden: a folded "continue reading" section', () => {
  it('unfolds a hidden section opened by an aria-controls button, and drops the button', () => {
    const doc = page(
      `<article>${lead}<div id="rest" hidden><p>${prose('rest', 2)}</p><p>${prose('more', 2)}</p></div><p><button aria-controls="rest" aria-expanded="false">Show</button></p></article>`,
    );
    removeHidden(doc);
    const rest = doc.getElementById('rest')!;
    expect(rest.hasAttribute('hidden')).toBe(false);
    expect(text(doc)).toContain('rest sentence 1');
    expect(doc.querySelector('button')).toBeNull();
  });

  it('unfolds an inline display:none section beside a "Read the full story" control, keeping its other styles', () => {
    const doc = page(
      `<article>${lead}<div class="rest" style="color: red; display: none"><p>${prose('rest', 3)}</p></div><button>Read the full story</button></article>`,
    );
    removeHidden(doc);
    const rest = doc.querySelector('.rest')!;
    expect(rest.getAttribute('style')).toBe('color: red;');
    expect(text(doc)).toContain('rest sentence 1');
  });

  it('unfolds an aria-hidden section with a "Continue reading" link button around it', () => {
    const doc = page(
      `<article>${lead}<div><a href="#" role="button">Continue reading…</a></div><section aria-hidden="true"><p>${prose('rest', 3)}</p></section></article>`,
    );
    removeHidden(doc);
    expect(doc.querySelector('section')!.hasAttribute('aria-hidden')).toBe(false);
    expect(doc.querySelector('a')).toBeNull();
  });

  it('still removes hidden furniture: a menu named by a toggle, a modal, a cookie banner, prose with no control', () => {
    const doc = page(
      `<button aria-controls="menu" aria-expanded="false">Menu</button><nav id="menu" hidden><a href="/a">${prose('menu', 2)}</a></nav>` +
        `<article>${lead}</article><div id="seo" hidden><p>${prose('seo', 2)}</p></div>` +
        `<div class="modal" hidden><p>${prose('modal', 2)}</p><button>Show more</button></div><button>Read more</button>` +
        `<div id="cookie-consent" style="display:none"><p>${prose('cookie', 2)}</p></div><button>Show more</button>`,
    );
    removeHidden(doc);
    const t = text(doc);
    expect(t).toContain('lead sentence 1');
    for (const gone of ['menu sentence', 'modal sentence', 'cookie sentence', 'seo sentence']) expect(t).not.toContain(gone);
  });

  it('does not take a "Read more" link to another page, or a control inside a neighbouring block, for an expander', () => {
    const withLink = page(`<article>${lead}<div hidden id="x"><p>${prose('x', 3)}</p></div><a href="/next-story">Read more</a></article>`);
    expect(isFoldedContinuation(withLink.getElementById('x')!)).toBe(false);
    const inBlock = page(
      `<article><p>${prose('a', 3)}</p><p>${prose('b', 1)} <button>Show more</button></p></article><div hidden id="y"><p>${prose('y', 3)}</p></div>`,
    );
    expect(expanderOf(inBlock.getElementById('y')!)).toBeNull();
  });

  it('does not unfold a hidden blurb too short to be the rest of a story', () => {
    const doc = page(`<article>${lead}<div hidden id="short"><p>Just a line.</p></div><button aria-controls="short">Continue reading</button></article>`);
    removeHidden(doc);
    expect(doc.getElementById('short')).toBeNull();
  });
});

describe('extractArticle on the continue-reading fixture (saved HTML, scripts off)', () => {
  it('keeps every folded part of the story and none of the hidden furniture', () => {
    const result = extractArticle(parse(fixture('live/continue-reading.html')), { url: 'https://harbour.example/story' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const t = result.article.text;
    for (const phrase of ['half past five', 'digitised every page', 'find another job', 'no instrument was there to take', 'changed more than the sea']) {
      expect(t).toContain(phrase);
    }
    for (const furniture of ['Tide tables', 'Become a member', 'We use cookies', 'holiday cottages', 'Continue reading', 'Read the full story']) {
      expect(t).not.toContain(furniture);
    }
  });
});
