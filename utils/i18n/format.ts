/** Small display formatters shared by the reader views. */
import { t } from '.';

/** "5 min read", or "Under a minute" for very short texts. */
export function formatReadingTime(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes < 1) return t('readingTimeUnderOne');
  return t('readingTime', Math.round(minutes));
}

/** One short-date formatter per locale: building one is slow, and the library list formats a date per row. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string | undefined): Intl.DateTimeFormat {
  const key = locale ?? '';
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' })));
  return format;
}

/** A short date in `locale` (the browser's when omitted); null when the input is not a date. */
export function formatDate(value: string | number | null, locale?: string): string | null {
  if (value === null || value === '') return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  return dateFormat(locale).format(date);
}

/** The host name to show for a page when it names no site. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** A count with the browser's digit grouping ("10,000", "10.000"). */
export function formatNumber(n: number, locale?: string): string {
  return new Intl.NumberFormat(locale).format(n);
}
