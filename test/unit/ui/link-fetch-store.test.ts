/**
 * The library page's link fetch store (utils/ui/link-fetch-store): the permission is asked inside
 * the click (before anything is awaited) and the fetch starts only once it is granted; a refusal
 * starts nothing and says so; the reasons read as sentences.
 */
import { describe, expect, it, vi } from 'vitest';
import { IDLE_STATE, type LinkFetchState } from '../../../utils/library/link-queue';
import type { sendMessage } from '../../../utils/model/messaging';
import { createLinkFetchStore, linkFailureText, linkFetchProgressText } from '../../../utils/ui/link-fetch-store';

const running: LinkFetchState = { status: 'running', total: 3400, filled: 100, failed: 20, updatedAt: 5 };

function store(granted: boolean) {
  const calls: string[] = [];
  const send = vi.fn(async (type: string) => {
    calls.push(`send ${type}`);
    return { ok: true, value: running };
  }) as unknown as typeof sendMessage;
  const request = vi.fn(() => {
    calls.push('request');
    return Promise.resolve(granted);
  });
  const s = createLinkFetchStore({
    send,
    request,
    granted: async () => false,
    read: async () => ({ state: IDLE_STATE, items: [] }),
    watch: () => () => undefined,
  });
  return { s, calls, send, request };
}

describe('the link fetch store', () => {
  it('asks for the permission within the click, then starts the fetch', async () => {
    const { s, calls, request } = store(true);
    const done = s.allow();
    // Synchronously, in the click's task: the browser refuses a request made after an await.
    expect(request).toHaveBeenCalledTimes(1);
    expect(s.ask.value).toEqual({ status: 'asking' });
    await done;
    expect(calls).toEqual(['request', 'send linkFetch']);
    expect(s.state.value).toEqual(running);
    expect(s.allowed.value).toBe(true);
  });

  it('a refusal starts nothing and says so', async () => {
    const { s, send } = store(false);
    await s.allow();
    expect(send).not.toHaveBeenCalled();
    expect(s.ask.value).toEqual({ status: 'denied' });
    expect(s.allowed.value).toBe(false);
  });

  it('says why a link could not be fetched, and how far a run has got', () => {
    expect(linkFailureText({ reason: 'http', httpStatus: 404 })).toBe('Could not fetch: the site answered with error 404');
    expect(linkFailureText({ reason: 'not-article', httpStatus: null })).toBe('Could not fetch: the page is not an article');
    expect(linkFetchProgressText(running)).toBe('Fetching articles: 120 of 3,400');
    expect(linkFetchProgressText({ ...running, status: 'paused' })).toBe('Fetching paused: 120 of 3,400');
  });
});
