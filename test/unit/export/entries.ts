/** Realistic export entries for the exporter tests: Latin, RTL, CJK, hostile metadata, missing fields. */
import type { ExportEntry } from '../../../utils/export/types';
import type { Article } from '../../../utils/model/article';
import { makeArticle } from '../support/article-factory';

export const SAVED_AT = Date.UTC(2024, 3, 19, 9, 30, 0);

export function entry(overrides: Omit<Partial<ExportEntry>, 'article'> & { article?: Partial<Article> } = {}): ExportEntry {
  const { article, ...rest } = overrides;
  return { article: makeArticle(article), savedAt: SAVED_AT, readAt: null, archivedAt: null, favourite: false, tags: [], progress: null, ...rest };
}

const RICH_BODY = [
  '<h2>What happened</h2>',
  '<p>Russian President <strong>Vladimir Putin</strong> arrived in <a href="https://news.example/beijing" target="_blank" rel="noopener noreferrer">Beijing</a> on Tuesday.</p>',
  '<figure><img src="https://news.example/img/putin-xi.jpg" alt="Putin and Xi shake hands"><figcaption>The two leaders in 2023.</figcaption></figure>',
  '<ul><li>Trade</li><li>Energy</li></ul>',
  '<ol><li>First</li><li>Second</li></ol>',
  '<blockquote><p>A dear friend.</p></blockquote>',
  '<pre><code class="language-python">print("hi")\n</code></pre>',
  '<table><thead><tr><th>Year</th><th>Trade (bn $)</th></tr></thead><tbody><tr><td>2022</td><td>190 | est.</td></tr><tr><td>2023</td><td>240</td></tr></tbody></table>',
  '<p>Footnote<sup><a href="#reader-fn-1">1</a></sup>.</p>',
  '<ol><li id="reader-fn-1">The note.</li></ol>',
].join('');

/** Five entries covering the cases the golden tests check. */
export const SAMPLE: ExportEntry[] = [
  entry({ article: { contentHtml: RICH_BODY }, tags: ['world', 'china, russia', 'a|b', 'say "hi"'], favourite: true }),
  entry({
    article: {
      url: 'https://ar.example/news/1',
      title: 'بوتين يصل إلى بكين: "صديق عزيز"',
      byline: 'مراسل',
      siteName: 'الأخبار',
      lang: 'ar',
      dir: 'rtl',
      contentHtml: '<p>وصل الرئيس الروسي إلى بكين.</p>',
      text: 'وصل الرئيس الروسي إلى بكين.',
    },
    savedAt: SAVED_AT + 1000,
    readAt: SAVED_AT + 5000,
    archivedAt: SAVED_AT + 6000,
    tags: ['سياسة'],
  }),
  entry({
    article: {
      url: 'https://zh.example/a/2',
      title: '普京抵达北京：会见“亲爱的朋友”习近平',
      lang: 'zh-CN',
      siteName: '新闻',
      contentHtml: '<p>俄罗斯总统普京周二抵达北京。</p>',
    },
    tags: ['中国'],
  }),
  entry({
    article: {
      url: 'https://edge.example/x?a=1&b=2',
      title: '- #1: "CON" <script>alert(1)</script> = yes',
      byline: null,
      siteName: null,
      publishedTime: null,
      lang: null,
      dir: null,
      excerpt: null,
      contentHtml: '<p>=cmd|calc &lt;b&gt; $5 and $10 #MeToo %%hidden%%</p>',
    },
    tags: [],
  }),
  entry({ article: { title: 'CON', contentHtml: '' }, savedAt: 0 }),
];
