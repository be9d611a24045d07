import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { FRESH_INVOCATION_MS, openingReadMode, recentInvocation, recordInvocation } from '../../../utils/panel/invocations';

describe('invocations', () => {
  beforeEach(() => fakeBrowser.reset());

  it('gives a panel that just opened the invocation that opened it', async () => {
    await recordInvocation({ tabId: 3, at: 1000, intent: 'library' });
    expect(await recentInvocation(1000 + FRESH_INVOCATION_MS)).toMatchObject({ tabId: 3, intent: 'library' });
  });

  it('ignores an old one', async () => {
    await recordInvocation({ tabId: 3, at: 1000, intent: 'library' });
    expect(await recentInvocation(1001 + FRESH_INVOCATION_MS)).toBeNull();
    fakeBrowser.reset();
    expect(await recentInvocation()).toBeNull();
  });

  it('makes a panel opened by "Read selection" read only the selection of that tab', () => {
    expect(openingReadMode({ tabId: 4, at: 1, intent: 'selection' }, 4)).toBe('selection');
    // Another tab, another intent, or no invocation: the whole article.
    expect(openingReadMode({ tabId: 4, at: 1, intent: 'selection' }, 5)).toBe('auto');
    expect(openingReadMode({ tabId: 4, at: 1, intent: 'read' }, 4)).toBe('auto');
    expect(openingReadMode(null, 4)).toBe('auto');
  });
});
