/** Debug aid: which prepare step removes article text on a page (ancestor chain of a truth sentence). */
import { readFileSync } from 'node:fs';
import { parseHtml } from '../../utils/extract/node';
import { cloneDocument } from '../../utils/extract/dom';
import { removeBoilerplateParagraphs } from '../../utils/extract/clean/boilerplate-paragraphs';
import { trimTrailingPromos } from '../../utils/extract/clean/trailing-promos';
import { removeClutter } from '../../utils/extract/prepare/clutter';
import { removeHidden } from '../../utils/extract/prepare/hidden';
import { resolveLazyImages } from '../../utils/extract/prepare/lazy-images';
const [corpus, prefix] = process.argv.slice(2);
const truth = JSON.parse(readFileSync(`${corpus}/ground-truth.json`, 'utf8')) as Record<string, { articleBody: string }>;
const id = Object.keys(truth).find((k) => k.startsWith(prefix!))!;
const body = truth[id]!.articleBody;
const probe = body.split('\n').map((l) => l.trim()).filter((l) => l.length > 60).slice(0, 3).map((l) => l.slice(0, 40));
const page = parseHtml(readFileSync(`${corpus}/html/${id}.html`, 'utf8'), 'http://127.0.0.1/x.html');
const d = cloneDocument(page.document);
const has = (s: string): boolean => (d.body.textContent ?? '').replace(/\s+/g, ' ').includes(s);
const chain = (s: string): string => {
  const walker = d.createTreeWalker(d.body, 4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if ((n.nodeValue ?? '').replace(/\s+/g, ' ').includes(s.slice(0, 20))) {
      const parts: string[] = [];
      for (let e = n.parentElement; e && e !== d.body; e = e.parentElement) parts.push(`${e.localName}${e.id ? '#' + e.id : ''}${e.getAttribute('class') ? '.' + e.getAttribute('class')!.trim().split(/\s+/).join('.') : ''}${e.getAttribute('role') ? '[role=' + e.getAttribute('role') + ']' : ''}`);
      return parts.join(' < ');
    }
  }
  return '(not found)';
};
for (const s of probe) console.log('probe', JSON.stringify(s), '\n   ', chain(s));
const steps: Array<[string, (x: Document) => void]> = [['lazy', resolveLazyImages], ['hidden', removeHidden], ['clutter', removeClutter], ['boiler', (x) => removeBoilerplateParagraphs(x.body)], ['promo', (x) => trimTrailingPromos(x.body)]];
for (const [name, fn] of steps) {
  fn(d);
  console.log(name, probe.map((s) => has(s.replace(/\s+/g, ' '))));
}
import { runReadability } from '../../utils/extract/readability';
import { CLEAN_RULES } from '../../utils/extract/clean';
import { lazy } from '../../utils/extract/dom';
import { proseChars } from '../../utils/extract/prose';
const core = runReadability(d)!;
const root = core.content;
console.log('readability', core.source, (root.textContent ?? '').length, probe.map((s) => (root.textContent ?? '').replace(/\s+/g, ' ').includes(s)));
const ctx = { title: core.title, byline: core.byline, pageUrl: null, canonicalUrl: null, articleProse: lazy(() => proseChars(root)) };
const cs = CLEAN_RULES.map((rule): [string, (r: Element) => void] => [rule.name, (r) => rule.run(r, ctx)]);
for (const [name, fn] of cs) {
  fn(root);
  console.log(name, (root.textContent ?? '').length, probe.map((s) => (root.textContent ?? '').replace(/\s+/g, ' ').includes(s)));
}
