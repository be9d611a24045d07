import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { FRESH_INVOCATION_MS, recentInvocation, recordInvocation } from '../../../utils/panel/invocations';

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
});
