import { describe, expect, it } from 'vitest';
import {
  countWords,
  domByline,
  extractMetadata,
  findJsonLdArticle,
  headlineFromDocumentTitle,
  isDateline,
  isRtlLanguage,
  readingTimeMinutes,
  stripSiteSuffix,
} from '../../../utils/extract/metadata';
import { parse } from './helpers';

describe('stripSiteSuffix', () => {
  it.each([
    ['Big news today | Daily Ledger', 'Daily Ledger', null, 'Big news today'],
    ['Big news today - The Daily Ledger', 'Daily Ledger', null, 'Big news today'],
    ['Daily Ledger | Big news today', 'Daily Ledger', null, 'Big news today'],
    ['Big news today – Example', null, 'www.example.com', 'Big news today'],
    ['Left - right: a story', 'Daily Ledger', null, 'Left - right: a story'],
    ['Plain title', 'Daily Ledger', null, 'Plain title'],
  ])('%s', (title, site, host, expected) => expect(stripSiteSuffix(title, site, host)).toBe(expected));
});

describe('extractMetadata', () => {
  it('prefers JSON-LD, then meta tags', () => {
    const doc = parse(`<html lang="de" dir="ltr"><head>
      <title>Der Titel | Zeitung</title>
      <meta property="og:site_name" content="Zeitung">
      <meta property="og:image" content="/lead.jpg">
      <meta name="description" content="Kurz.">
      <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage","name":"x"},{"@type":"NewsArticle","headline":"Der Titel","datePublished":"2024-05-01T10:00:00+02:00","author":[{"@type":"Person","name":"A. Autor"},{"@type":"Person","name":"B. Autorin"}],"articleBody":"Text."}]}</script>
      </head><body></body></html>`);
    const m = extractMetadata(doc, 'https://zeitung.example/a');
    expect(m).toMatchObject({
      title: 'Der Titel',
      byline: 'A. Autor, B. Autorin',
      siteName: 'Zeitung',
      publishedTime: '2024-05-01T10:00:00+02:00',
      lang: 'de',
      dir: 'ltr',
      excerpt: 'Kurz.',
      leadImageUrl: '/lead.jpg',
      articleBody: 'Text.',
    });
  });
  it('falls back to meta and <time>', () => {
    const doc =
      parse(`<html><head><title>Only title - Site</title><meta property="og:site_name" content="Site"><meta name="author" content="Jo Writer"><meta property="og:locale" content="pt_BR"></head>
      <body dir="rtl"><article><time datetime="2023-02-03">3 Feb</time></article></body></html>`);
    expect(extractMetadata(doc)).toMatchObject({ title: 'Only title', byline: 'Jo Writer', publishedTime: '2023-02-03', lang: 'pt-BR', dir: 'rtl' });
  });
  it('reads meta keys as Readability does: space-separated lists, any case, "." for ":"', () => {
    const listed = parse(`<html><head><title>Title Element</title><meta property="x:title dc:title" content="Preferred title">
      <meta property="og:title twitter:title" content="A title"><meta name="DC.Date.Issued" content="2014-12-15"></head><body></body></html>`);
    expect(extractMetadata(listed)).toMatchObject({ title: 'Preferred title', titleSource: 'stated', publishedTime: '2014-12-15' });
    const dublinCore = parse('<html><head><title>draft-04 - remoteStorage</title><meta name="DC.Title" content="remoteStorage"></head><body></body></html>');
    expect(extractMetadata(dublinCore).title).toBe('remoteStorage');
  });
  it('cuts the headline out of <title> when nothing else states it', () => {
    const doc = parse('<html><head><title>Lorem ipsum dolor sit amet – My website</title></head><body><p>x</p></body></html>');
    expect(extractMetadata(doc)).toMatchObject({ title: 'Lorem ipsum dolor sit amet', titleSource: 'document' });
  });
  it('reads a right-to-left language as rtl when the page sets no dir', () => {
    const doc = parse('<html lang="ar"><head><title>عنوان المقال</title></head><body><p>نص</p></body></html>');
    expect(extractMetadata(doc)).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect(extractMetadata(parse('<html lang="ar" dir="ltr"><body></body></html>')).dir).toBe('ltr');
    expect([isRtlLanguage('he-IL'), isRtlLanguage('fa_IR'), isRtlLanguage('ku-Latn'), isRtlLanguage('en'), isRtlLanguage(null)]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
  it('survives broken JSON-LD', () => {
    const doc = parse('<html><head><script type="application/ld+json">{oops</script><title>T</title></head><body></body></html>');
    expect(findJsonLdArticle(doc)).toBeNull();
    expect(extractMetadata(doc).title).toBe('T');
  });
});

describe('counting', () => {
  it('counts words, CJK characters one by one', () => {
    expect(countWords('Hello, world — it’s 2024.')).toBe(4);
    expect(countWords('東京は晴れ')).toBe(5);
    expect(countWords('Apple 发布 new')).toBe(4);
  });
  it('uses per-language rates', () => {
    const en = Array.from({ length: 456 }, () => 'word').join(' ');
    expect(readingTimeMinutes(en, 'en')).toBe(2);
    expect(readingTimeMinutes('字'.repeat(510), 'zh-CN')).toBe(2);
    expect(readingTimeMinutes('字'.repeat(510), 'ja')).toBe(1);
    expect(readingTimeMinutes('', 'en')).toBe(0);
    expect(readingTimeMinutes('short', 'en')).toBe(1);
  });
});

describe('isDateline', () => {
  it.each([
    'Sunday, Feb 1, 2015 11:57 AM UTC',
    'Updated 10:05 AM EDT, Fri April 19, 2024',
    '19/11/2019',
    '2019-11-19 10:48',
    'CAIRO —',
    'WASHINGTON (AP) -',
    'Last Updated: January 7, 2025',
  ])('%s is a date, not an author', (text) => {
    expect(isDateline(text)).toBe(true);
  });
  it.each(['Joanna Rothkopf', 'By Jane Doe, March 3, 2020', 'Mayra Sánchez', 'Sunday Times staff'])('%s may be an author', (text) => {
    expect(isDateline(text)).toBe(false);
  });
});

describe('headlineFromDocumentTitle', () => {
  const titled = (title: string, body = ''): Document => parse(`<html><head><title>${title}</title></head><body>${body}</body></html>`);
  it.each([
    ['Lorem ipsum dolor sit amet – My website', 'Lorem ipsum dolor sit amet'],
    ['Lorem ipsum dolor sit amet — My website', 'Lorem ipsum dolor sit amet'],
    ['A long enough headline here | Site', 'A long enough headline here'],
    // Too little is left after the cut: the title stays whole.
    ['Evolve: Shared Mutable History — evolve extension for Mercurial', 'Evolve: Shared Mutable History — evolve extension for Mercurial'],
    ['News | Home', 'News | Home'],
    // Two words left by either cut: Readability keeps the whole title, and so do we.
    ['Getting Started » Django Docs', 'Getting Started » Django Docs'],
    // Section before the headline: the first part goes instead.
    ['Tech - Apple ships a new phone today with more cameras', 'Apple ships a new phone today with more cameras'],
    // A path whose last step is cut leaves a section name: the title stays whole.
    ['Site » Docs » Getting started with the new build tool', 'Site » Docs » Getting started with the new build tool'],
  ])('%s', (title, expected) => expect(headlineFromDocumentTitle(titled(title))).toBe(expected));
  it('keeps "Series: Title" when a heading repeats it, and cuts the series otherwise', () => {
    expect(headlineFromDocumentTitle(titled('Weekly: The shape of the things to come', '<h1>Weekly: The shape of the things to come</h1>'))).toBe(
      'Weekly: The shape of the things to come',
    );
    expect(headlineFromDocumentTitle(titled('Weekly: The shape of the things to come'))).toBe('The shape of the things to come');
  });
});

describe('domByline', () => {
  it("reads an author link in a post's own header, not one in a site header", () => {
    const inPost = parse(
      `<body><article><header class="entry-header"><h1>T</h1><address class="vcard"><a rel="author" href="/a/mc">Mike Conley</a></address></header><p>Body</p></article></body>`,
    );
    expect(domByline(inPost)).toBe('Mike Conley');
    const siteHeader = parse(`<body><header class="site-header"><a rel="author" href="/about">Site Owner</a></header><article><p>Body</p></article></body>`);
    expect(domByline(siteHeader)).toBeNull();
  });
});
