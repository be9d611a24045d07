import * as v from 'valibot';
import type { Article } from './article';

const nullableString = v.nullable(v.string());

/** Runtime shape of an Article: every message and stored record is checked against it. */
export const ArticleSchema = v.object({
  url: v.pipe(v.string(), v.url()),
  title: v.string(),
  byline: nullableString,
  siteName: nullableString,
  publishedTime: nullableString,
  lang: nullableString,
  dir: v.nullable(v.picklist(['ltr', 'rtl'])),
  excerpt: nullableString,
  leadImageUrl: nullableString,
  wordCount: v.pipe(v.number(), v.integer(), v.minValue(0)),
  readingTimeMinutes: v.pipe(v.number(), v.minValue(0)),
  contentHtml: v.string(),
  text: v.string(),
  readerable: v.boolean(),
});

// Compile-time proof that the schema and the interface describe the same thing.
type SchemaArticle = v.InferOutput<typeof ArticleSchema>;
const _sameShape: [SchemaArticle extends Article ? true : false, Article extends SchemaArticle ? true : false] = [true, true];
void _sameShape;
