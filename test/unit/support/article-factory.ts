import type { Article } from '../../../utils/model/article';

/** A valid Article with overridable fields, for tests that need one. */
export function makeArticle(overrides: Partial<Article> = {}): Article {
  return {
    url: 'https://news.example/world/putin-xi',
    title: 'Putin in China to meet ‘dear friend’ Xi',
    byline: 'Jane Reporter',
    siteName: 'Daily Ledger',
    publishedTime: '2024-04-19T08:00:00Z',
    lang: 'en',
    dir: 'ltr',
    excerpt: 'Russian President Vladimir Putin arrived in Beijing on Tuesday.',
    leadImageUrl: null,
    wordCount: 420,
    readingTimeMinutes: 2,
    contentHtml: '<p>Russian President Vladimir Putin arrived in Beijing on Tuesday.</p>',
    text: 'Russian President Vladimir Putin arrived in Beijing on Tuesday.',
    readerable: true,
    ...overrides,
  };
}
