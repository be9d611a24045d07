/** Debug aid: which pipeline step loses article text on a page (ancestor chain of a truth sentence, then each step). */
import { readFileSync } from 'node:fs';
import { extractArticle } from '../../utils/extract';
import { parseHtml } from '../../utils/extract/node';
const [corpus, prefix] = process.argv.slice(2);
const truth = JSON.parse(readFileSync(`${corpus}/ground-truth.json`, 'utf8')) as Record<string, { articleBody: string }>;
const id = Object.keys(truth).find((k) => k.startsWith(prefix!))!;
const body = truth[id]!.articleBody;
const probe = body
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l.length > 60)
  .slice(0, 3)
  .map((l) => l.slice(0, 40));
const url = 'http://127.0.0.1/x.html';
const page = parseHtml(readFileSync(`${corpus}/html/${id}.html`, 'utf8'), url);
const d = page.document;
// A Document's own textContent is null: read its body.
const squash = (n: Node): string => ((n.nodeType === 9 ? (n as Document).body : n)?.textContent ?? '').replace(/\s+/g, ' ');
const chain = (s: string): string => {
  const walker = d.createTreeWalker(d.body, 4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if ((n.nodeValue ?? '').replace(/\s+/g, ' ').includes(s.slice(0, 20))) {
      const parts: string[] = [];
      for (let e = n.parentElement; e && e !== d.body; e = e.parentElement)
        parts.push(
          `${e.localName}${e.id ? '#' + e.id : ''}${e.getAttribute('class') ? '.' + e.getAttribute('class')!.trim().split(/\s+/).join('.') : ''}${e.getAttribute('role') ? '[role=' + e.getAttribute('role') + ']' : ''}`,
        );
      return parts.join(' < ');
    }
  }
  return '(not found)';
};
for (const s of probe) console.log('probe', JSON.stringify(s), '\n   ', chain(s));
// Each step reports the tree it worked on: the page clone up to Readability, the article after it.
const result = extractArticle(d, {
  url,
  force: true,
  window: page.window,
  onStep: ({ name, root }) => {
    const text = squash(root);
    console.log(
      name.padEnd(32),
      String(text.length).padStart(8),
      probe.map((s) => text.includes(s.replace(/\s+/g, ' '))),
    );
  },
});
console.log('result', result.ok ? `${result.article.text.length} chars of text` : result.message);
