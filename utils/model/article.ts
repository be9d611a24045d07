/**
 * The one article shape shared by the extension, the CLI and the benchmarks.
 * Everything in it is plain data (structured-clone safe) so it crosses message and storage
 * boundaries unchanged.
 */
export interface Article {
  /** Absolute URL of the page the article was read from. */
  url: string;
  title: string;
  byline: string | null;
  siteName: string | null;
  /** ISO-8601 when the page states it, otherwise null. */
  publishedTime: string | null;
  /** BCP-47 language tag of the article, e.g. "en", "ar". */
  lang: string | null;
  dir: 'ltr' | 'rtl' | null;
  excerpt: string | null;
  leadImageUrl: string | null;
  wordCount: number;
  readingTimeMinutes: number;
  /** Sanitized article HTML (DOMPurify), absolute URLs, without the title heading. */
  contentHtml: string;
  /** Plain text of the body, one line per block (paragraph, heading, list item). */
  text: string;
  /** Whether the page looked like an article before extraction (Readability's isProbablyReaderable). */
  readerable: boolean;
  /**
   * Set when the page's text ran far past any article's (utils/extract/budget.ts) and this is its
   * first part only; kept with a saved copy, so the library says so as the tab's reader did.
   */
  truncated?: true;
}

/** Why an extraction produced no article. */
export type ExtractionFailure =
  | 'no-article' // the page is not an article (home page, search page…); "Read anyway" may help
  | 'too-large' // the document exceeds the element budget we are willing to parse in a tab
  | 'error'; // the pipeline threw; the message says what happened

/** Result of running the extraction pipeline on a document. */
export type ExtractionResult =
  | {
      ok: true;
      article: Article;
      durationMs: number;
    }
  | { ok: false; reason: ExtractionFailure; message: string; durationMs: number };
