import { afterEach, describe, expect, it, vi } from 'vitest';
import { cloneRangeInto, selectionHtml } from '../../../utils/content/extract-page';
import { extractSelection } from '../../../utils/extract';

// The selection is the user's, on the page's own document (happy-dom's here, the page's there).
afterEach(() => {
  vi.restoreAllMocks();
  getSelection()?.removeAllRanges();
  document.body.innerHTML = '';
});

const BODY =
  '<main><h1 id="t">Title <em>here</em></h1><p onclick="track()">First <b>bold</b> words.</p><p><img src="/a.png" onerror="x()" alt="">Second para.</p><p>Third.</p></main>';

function serialise(fragment: DocumentFragment): string {
  const div = fragment.ownerDocument.createElement('div');
  div.append(fragment);
  return div.innerHTML;
}

/** Ranges a person can select: inside one text node, across elements, from the middle of one block to another, the whole body. */
function ranges(): Array<[string, Range]> {
  const [h1, p1, p2, p3] = ['h1', 'p:nth-of-type(1)', 'p:nth-of-type(2)', 'p:nth-of-type(3)'].map((s) => document.querySelector(s)!);
  const inText = document.createRange();
  inText.setStart(p1!.firstChild!, 1);
  inText.setEnd(p1!.firstChild!, 4);
  const across = document.createRange();
  across.setStartBefore(p1!);
  across.setEndAfter(p2!);
  const partial = document.createRange();
  partial.setStart(h1!.querySelector('em')!.firstChild!, 2);
  partial.setEnd(p3!.firstChild!, 3);
  const whole = document.createRange();
  whole.selectNodeContents(document.body);
  const documentWide = document.createRange();
  documentWide.setStart(document, 0);
  documentWide.setEnd(document, document.childNodes.length);
  return [
    ['inside one text node', inText],
    ['across two paragraphs', across],
    ['from inside a heading to inside a later paragraph', partial],
    ['the whole body', whole],
    ['the whole document', documentWide],
  ];
}

describe('cloneRangeInto', () => {
  it('copies exactly what Range.cloneContents copies, but into the given document', () => {
    document.body.innerHTML = BODY;
    const inert = document.implementation.createHTMLDocument('');
    for (const [name, range] of ranges()) {
      expect(serialise(cloneRangeInto(range, inert)), name).toBe(serialise(range.cloneContents()));
    }
    // The page is untouched.
    expect(document.body.innerHTML).toBe(BODY);
  });
});

describe('selectionHtml', () => {
  it('serialises the selection without cloning anything in the page’s document (Firefox reports each cloned handler to the page’s CSP)', () => {
    document.body.innerHTML = BODY;
    const range = document.createRange();
    range.setStartBefore(document.querySelector('p')!);
    range.setEndAfter(document.querySelectorAll('p')[1]!);
    getSelection()!.addRange(range);
    const expected = serialise(range.cloneContents());

    const cloned: Document[] = [];
    const original = Range.prototype.cloneContents;
    vi.spyOn(Range.prototype, 'cloneContents').mockImplementation(function (this: Range) {
      cloned.push(this.startContainer.ownerDocument ?? (this.startContainer as Document));
      return original.call(this);
    });
    const createElement = vi.spyOn(document, 'createElement');

    expect(selectionHtml(window)).toBe(expected);
    expect(cloned.filter((doc) => doc === document)).toEqual([]);
    expect(createElement).not.toHaveBeenCalled();
  });

  it('is empty when nothing is selected', () => {
    document.body.innerHTML = BODY;
    expect(selectionHtml(window)).toBe('');
  });
});

describe('extractSelection', () => {
  it('parses the selection outside the page’s document: no element of the page’s ever holds it', () => {
    document.body.innerHTML = BODY;
    // Whatever the pipeline creates in the page's document (it may, for its own markup or the
    // sanitized result), none of it may hold the selected markup's handlers, which the page's CSP
    // would check there.
    const created: Element[] = [];
    const original = document.createElement.bind(document);
    vi.spyOn(document, 'createElement').mockImplementation((tag: string, options?: ElementCreationOptions) => {
      const el = original(tag, options);
      created.push(el);
      return el;
    });
    const r = extractSelection(document, '<p onclick="x()">Chosen <img src="/b.png" onerror="y()" alt="">words</p>', { url: 'https://site.example/x' });
    if (!r.ok) throw new Error(r.message);
    expect(r.article.text).toBe('Chosen words');
    expect(r.article.contentHtml).not.toMatch(/onclick|onerror/);
    expect(created.map((el) => el.outerHTML).filter((html) => /onclick|onerror/.test(html))).toEqual([]);
  });
});
