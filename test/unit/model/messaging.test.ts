import { describe, expect, it, vi } from 'vitest';
import { dispatch, parseEnvelope, type Handlers } from '../../../utils/model/messaging';
import { makeArticle } from '../support/article-factory';

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const notCalled = () => Promise.reject(new Error('unexpected call'));
  return {
    readTab: notCalled,
    saveArticle: notCalled,
    deleteArticle: notCalled,
    restoreArticle: notCalled,
    setArticleRead: notCalled,
    deleteArticles: notCalled,
    restoreArticles: notCalled,
    setArticlesRead: notCalled,
    setArticlesArchived: notCalled,
    setArticlesFavourite: notCalled,
    addTags: notCalled,
    removeTags: notCalled,
    renameTag: notCalled,
    deleteTag: notCalled,
    prepareLibrary: notCalled,
    commitImport: notCalled,
    cancelImport: notCalled,
    dismissImport: notCalled,
    resumeImports: notCalled,
    keepArticleImages: notCalled,
    restoreBackup: notCalled,
    linkFetch: notCalled,
    retryLinkFetch: notCalled,
    ...overrides,
  };
}

describe('message protocol', () => {
  it('accepts well-formed requests', () => {
    expect(parseEnvelope({ type: 'readTab', payload: { tabId: 3, mode: 'auto' } })).toMatchObject({ ok: true });
    expect(parseEnvelope({ type: 'saveArticle', payload: { article: makeArticle() } })).toMatchObject({ ok: true });
    expect(parseEnvelope({ type: 'setArticleRead', payload: { id: 'a', read: true } })).toMatchObject({ ok: true });
    expect(parseEnvelope({ type: 'setArticlesArchived', payload: { ids: ['a', 'b'], archived: true } })).toMatchObject({ ok: true });
    expect(parseEnvelope({ type: 'addTags', payload: { ids: ['a'], tags: ['News'] } })).toMatchObject({ ok: true });
    expect(parseEnvelope({ type: 'renameTag', payload: { from: 'a', to: 'b' } })).toMatchObject({ ok: true });
    expect(parseEnvelope({ type: 'commitImport', payload: { jobId: 'job-1' } })).toMatchObject({ ok: true });
    expect(parseEnvelope({ type: 'commitImport', payload: { jobId: '' } })).toMatchObject({ ok: false });
    expect(parseEnvelope({ type: 'resumeImports', payload: {} })).toMatchObject({ ok: true });
    const tenThousand = Array.from({ length: 10_000 }, (_, i) => `id-${i}`);
    expect(parseEnvelope({ type: 'deleteArticles', payload: { ids: tenThousand } })).toMatchObject({ ok: true });
  });

  it.each([
    ['not an object', 'hello', /not an object/],
    ['null', null, /not an object/],
    ['an unknown type', { type: 'eval', payload: {} }, /unknown message type: eval/],
    ['a prototype key as type', { type: 'toString', payload: {} }, /unknown message type/],
    ['a negative tab id', { type: 'readTab', payload: { tabId: -1, mode: 'auto' } }, /invalid readTab request at tabId/],
    ['an unknown mode', { type: 'readTab', payload: { tabId: 1, mode: 'all' } }, /invalid readTab request at mode/],
    ['an article without url', { type: 'saveArticle', payload: { article: { ...makeArticle(), url: 7 } } }, /invalid saveArticle request at article.url/],
    ['an empty id', { type: 'deleteArticle', payload: { id: '' } }, /invalid deleteArticle/],
    ['no ids for a bulk change', { type: 'deleteArticles', payload: { ids: [] } }, /invalid deleteArticles request at ids/],
    [
      'more than 10,000 ids',
      { type: 'setArticlesRead', payload: { ids: Array.from({ length: 10_001 }, (_, i) => `${i}`), read: true } },
      /invalid setArticlesRead request at ids/,
    ],
    ['an empty id in a bulk change', { type: 'restoreArticles', payload: { ids: ['a', ''] } }, /invalid restoreArticles request at ids/],
    ['tags that are not strings', { type: 'addTags', payload: { ids: ['a'], tags: [3] } }, /invalid addTags request at tags/],
    ['no tags', { type: 'removeTags', payload: { ids: ['a'], tags: [] } }, /invalid removeTags request at tags/],
    ['a rename without a target', { type: 'renameTag', payload: { from: 'a' } }, /invalid renameTag request at to/],
  ])('refuses %s', (_name, raw, error) => {
    const parsed = parseEnvelope(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
  });

  it('routes a valid message to its handler with the parsed payload', async () => {
    const readTab = vi.fn(async () => ({ status: 'error' as const, message: 'x' }));
    const response = await dispatch(handlers({ readTab }), { type: 'readTab', payload: { tabId: 5, mode: 'force' } }, {});
    expect(readTab).toHaveBeenCalledWith({ tabId: 5, mode: 'force' }, {});
    expect(response).toEqual({ status: 'error', message: 'x' });
  });

  it('answers an invalid message with a protocol error and never calls a handler', async () => {
    const saveArticle = vi.fn();
    const response = await dispatch(handlers({ saveArticle }), { type: 'saveArticle', payload: { article: {} } }, {});
    expect(response).toMatchObject({ protocolError: expect.stringMatching(/invalid saveArticle/) });
    expect(saveArticle).not.toHaveBeenCalled();
  });

  it('turns a throwing handler into a protocol error', async () => {
    const response = await dispatch(
      handlers({ deleteArticle: () => Promise.reject(new Error('disk on fire')) }),
      { type: 'deleteArticle', payload: { id: 'x' } },
      {},
    );
    expect(response).toEqual({ protocolError: 'deleteArticle failed: disk on fire' });
  });
});
