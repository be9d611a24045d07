/**
 * The link fetch queue's pure rules (utils/library/link-queue) and its store (db.ts version 3,
 * link-queue-db): which queued link may start now, which failures may pass, and a version-2
 * library upgraded with its records kept.
 */
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { LIBRARY_DB_NAME, openLibraryDb } from '../../../utils/library/db';
import { dueItems, hostOf, transientFailure, type LinkItem } from '../../../utils/library/link-queue';
import { enqueueLinks, readLinkFetch, settleItem } from '../../../utils/library/link-queue-db';
import { readLibrary } from '../../../utils/library/store';

const item = (articleId: string, url: string, more: Partial<LinkItem> = {}): LinkItem => ({
  articleId,
  url,
  host: hostOf(url)!,
  status: 'queued',
  attempts: 0,
  notBefore: 0,
  reason: null,
  httpStatus: null,
  queuedAt: Number(articleId.replace(/\D/g, '')),
  updatedAt: 0,
  ...more,
});

describe('which queued link starts now', () => {
  const items = [
    item('1', 'https://a.example/1'),
    item('2', 'https://a.example/2'),
    item('3', 'https://b.example/1'),
    item('4', 'https://c.example/1'),
    item('5', 'https://d.example/1'),
    item('6', 'https://e.example/1', { status: 'failed', reason: 'http', httpStatus: 404 }),
  ];
  const idle = { busy: new Set<string>(), lastStart: new Map<string, number>() };

  it('one per site, oldest first, within the free slots; failed ones never', () => {
    expect(dueItems(items, idle, 10_000, 3).start.map((i) => i.articleId)).toEqual(['1', '3', '4']);
    expect(dueItems(items, idle, 10_000, 10).start.map((i) => i.articleId)).toEqual(['1', '3', '4', '5']);
  });

  it('not to a site with a request in flight, nor before the spacing has passed', () => {
    const traffic = { busy: new Set(['b.example']), lastStart: new Map([['a.example', 9_000]]) };
    const { start, nextAt } = dueItems(items, traffic, 10_000, 3, 3_000);
    expect(start.map((i) => i.articleId)).toEqual(['4', '5']);
    expect(nextAt).toBe(12_000);
    expect(dueItems(items, traffic, 12_000, 3, 3_000).start.map((i) => i.articleId)).toEqual(['1', '4', '5']);
  });

  it('not before a retry’s wait', () => {
    const waiting = [item('1', 'https://a.example/1', { notBefore: 70_000 })];
    expect(dueItems(waiting, idle, 10_000, 3)).toEqual({ start: [], nextAt: 70_000 });
  });

  it('tells failures that may pass from those that will not', () => {
    expect(transientFailure('timeout', null)).toBe(true);
    expect(transientFailure('blocked', null)).toBe(true);
    expect(transientFailure('http', 503)).toBe(true);
    expect(transientFailure('http', 429)).toBe(true);
    expect(transientFailure('http', 404)).toBe(false);
    expect(transientFailure('not-article', null)).toBe(false);
    expect(hostOf('HTTPS://Example.COM:8080/x')).toBe('example.com:8080');
    expect(hostOf('ftp://example.com/')).toBeNull();
  });
});

describe('the link fetch store', () => {
  it('a version-2 library is upgraded: the queue store added, the articles kept', async () => {
    const old = await openDB(LIBRARY_DB_NAME, 2, {
      upgrade(db) {
        db.createObjectStore('records', { keyPath: 'id' });
        const entries = db.createObjectStore('entries', { keyPath: 'id' });
        for (const name of ['savedAt', 'canonicalUrl', 'deletedAt', 'archivedAt', 'readAt', 'updatedAt', 'siteName']) entries.createIndex(name, name);
        entries.createIndex('tags', 'tags', { multiEntry: true });
        db.createObjectStore('meta');
        db.createObjectStore('imports');
        db.createObjectStore('images', { keyPath: ['articleId', 'url'] });
        db.createObjectStore('imageSets', { keyPath: 'articleId' });
      },
    });
    await old.put('imports', { kept: true }, 'job:old');
    old.close();
    const { db } = await openLibraryDb();
    expect(db.version).toBe(3);
    expect([...db.objectStoreNames]).toContain('linkFetch');
    expect(await db.get('imports', 'job:old')).toEqual({ kept: true });
    expect(await readLinkFetch()).toEqual({ state: expect.objectContaining({ status: 'idle', total: 0 }), items: [] });
    expect((await readLibrary()).entries).toEqual([]);
  });

  it('queues a link once, and counts what became of it', async () => {
    const first = await enqueueLinks(
      [
        { articleId: 'a', url: 'https://a.example/' },
        { articleId: 'b', url: 'https://b.example/' },
        { articleId: 'x', url: 'mailto:x@y' },
      ],
      5,
    );
    expect(first).toMatchObject({ value: 2, state: { status: 'running', total: 2 } });
    expect(await enqueueLinks([{ articleId: 'a', url: 'https://a.example/' }], 6)).toMatchObject({ value: 0, state: { total: 2 } });
    await settleItem('a', { kind: 'filled' }, 7);
    await settleItem('b', { kind: 'failed', reason: 'not-html', status: null }, 8);
    const { state, items } = await readLinkFetch();
    expect(state).toMatchObject({ status: 'idle', total: 2, filled: 1, failed: 1 });
    expect(items).toEqual([expect.objectContaining({ articleId: 'b', status: 'failed', reason: 'not-html' })]);
  });
});
