/** Debug aid: the elements with most text that prepare's clutter step removes on one page. */
import { readFileSync } from 'node:fs';
import { parseHtml } from '../../utils/extract/node';
import { cloneDocument } from '../../utils/extract/dom';
import { removeBoilerplateParagraphs } from '../../utils/extract/clean/boilerplate-paragraphs';
import { removeClutter } from '../../utils/extract/prepare/clutter';
import { removeHidden } from '../../utils/extract/prepare/hidden';
import { resolveLazyImages } from '../../utils/extract/prepare/lazy-images';
const [file, step = 'clutter'] = process.argv.slice(2);
const page = parseHtml(readFileSync(file!, 'utf8'), 'http://127.0.0.1/x.html');
const d = cloneDocument(page.document);
resolveLazyImages(d);
if (step !== 'hidden') removeHidden(d);
const before = Array.from(d.body.querySelectorAll('*')).map((el) => ({
  el,
  parent: el.parentElement,
  len: (el.textContent ?? '').replace(/\s+/g, ' ').length,
}));
if (step === 'hidden') removeHidden(d);
else if (step === 'clutter') removeClutter(d);
else removeBoilerplateParagraphs(d.body);
const gone = before.filter(({ el, parent }) => !d.body.contains(el) && parent && (parent === d.body || d.body.contains(parent)));
for (const { el, len } of gone.sort((a, b) => b.len - a.len).slice(0, 12)) {
  console.log(
    len,
    `${el.localName}.${(el.getAttribute('class') ?? '').slice(0, 80)}#${el.id} role=${el.getAttribute('role')} aria=${el.getAttribute('aria-label')}`,
    (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80),
  );
}
