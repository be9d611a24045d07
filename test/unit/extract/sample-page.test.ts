import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../utils/extract';
import { fixture, parse } from './helpers';

const TITLE = 'Putin in China to meet ‘dear friend’ Xi, boosting ties amid Western isolation';

// The seven paragraphs of the seed page, without the newsletter sentence appended to the last one.
const PARAGRAPHS = [
  'Russian President Vladimir Putin arrived in Beijing on Tuesday to meet his “dear friend” Xi Jinping and bolster their relationship at a summit overshadowed by the Israel-Hamas war. Beijing this week welcomes representatives of 130 countries for a forum on President Xi’s vast trade and infrastructure Belt and Road Initiative (BRI).',
  'At the top of the guest list is Putin, who is on his first trip to a significant global power since Moscow’s Ukraine invasion threw his regime into international isolation. His plane landed just before 09:30 am, an AFP journalist on the tarmac saw.',
  'It is a carefully choreographed visit designed to showcase the two leaders as partners at a time when geopolitical fault lines are hardening around the world. Xi and Putin vowed last year to build a new international order that would counterforce the US-led NATO alliance of Western powers.',
  'But the two men are now facing rising tensions over various issues, from the war in Ukraine to North Korea’s nuclear program. Russia is also under sanctions from the West for its aggression in Ukraine.',
  'Despite the tensions, experts expect few big surprises from the Putin-Xi meeting. They say the two leaders will focus on growing economic ties between the two countries in energy, high-tech, and financial industries. They will also discuss defense cooperation, which has grown amid the Kremlin’s brutal repression of protests against its rule in Ukraine.',
  'The two leaders will likely also discuss the Middle East, where Russia is trying to position itself as a peace broker. Neither country supports Hamas, but they have divergent views on resolving the conflict between the militant group and Israel. Xi has urged a ceasefire and a political solution, while Putin has signaled that he feels the current situation is not yet ripe for a compromise.',
  'Xi has long seen the Palestinian struggle as a matter of national security, and his sensitivity to regional issues helped him rise through the ranks of the Communist Party. He was sent to the countryside during the Cultural Revolution in 1969, where he developed a rapport with peasants to help him later in his career. By 1974, he had reached the rank of branch secretary. In 2007, he was elected to the CCP’s Politburo, the highest ruling body in the party. His close ties with Putin have made the pair a powerful tandem, a fact that will be on display when they meet in Beijing.',
];

const FORBIDDEN = [
  'Trending',
  'Recommended',
  'Most Popular',
  'Publishers Weekly',
  '20 C',
  'Los Angeles',
  'Friday, April 19, 2024',
  'newsletter',
  'Newsletter',
  'Sign up',
  'Meanwhile in China',
  'Advertisement',
  'Related',
  'cookies',
  'Comments',
  'Share on',
  'Daily Ledger',
  'Mei Lin Chen',
];

describe('sample news page', () => {
  const html = fixture('sample-news-page.html');
  const url = 'http://127.0.0.1:8080/news/putin-xi.html';

  it('shows exactly the title and the seven paragraphs', () => {
    const result = extractArticle(parse(html), { url });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { article } = result;
    expect(article.title).toBe(TITLE);
    expect(article.text.split('\n')).toEqual(PARAGRAPHS);
    const doc = parse(`<body>${article.contentHtml}</body>`);
    const ps = Array.from(doc.querySelectorAll('p')).map((p) => (p.textContent ?? '').replace(/\s+/g, ' ').trim());
    expect(ps).toEqual(PARAGRAPHS);
    expect(doc.querySelectorAll('h1, h2, h3, h4, h5, h6, ul, ol, li, form, aside, nav').length).toBe(0);
  });

  it('drops the site chrome, rails and the inline newsletter pitch', () => {
    const result = extractArticle(parse(html), { url });
    if (!result.ok) throw new Error(result.message);
    for (const word of FORBIDDEN) {
      expect(result.article.text).not.toContain(word);
      expect(result.article.contentHtml).not.toContain(word);
    }
  });

  it('reads the metadata', () => {
    const result = extractArticle(parse(html), { url });
    if (!result.ok) throw new Error(result.message);
    const a = result.article;
    expect(a).toMatchObject({
      url,
      byline: 'Mei Lin Chen',
      siteName: 'Daily Ledger',
      publishedTime: '2024-04-19T08:30:00Z',
      lang: 'en',
      dir: 'ltr',
      leadImageUrl: 'http://127.0.0.1:8080/news/lead-image.svg',
      readerable: true,
    });
    expect(a.wordCount).toBeGreaterThan(350);
    expect(a.readingTimeMinutes).toBe(2);
  });

  it('does not touch the live document', () => {
    const doc = parse(html);
    const before = doc.documentElement.outerHTML;
    extractArticle(doc, { url });
    expect(doc.documentElement.outerHTML).toBe(before);
  });
});
