/**
 * The Library's offer to fetch saved links' articles and its progress (components/LinkFetchOffer),
 * and a link's fetch status (components/LinkFetchStatus): what each state shows and which control
 * does what.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LinkFetchOffer, type LinkFetchOfferProps } from '../../../components/LinkFetchOffer';
import { LinkFetchStatus } from '../../../components/LinkFetchStatus';
import { IDLE_STATE, type LinkItem } from '../../../utils/library/link-queue';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const byId = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);

function offer(props: Partial<LinkFetchOfferProps> = {}) {
  const all: LinkFetchOfferProps = {
    links: 0,
    state: IDLE_STATE,
    allowed: false,
    ask: { status: 'idle' },
    onAllow: vi.fn(),
    onPause: vi.fn(),
    onResume: vi.fn(),
    onCancel: vi.fn(),
    ...props,
  };
  return act(() => render(<LinkFetchOffer {...all} />, root)).then(() => all);
}

describe('LinkFetchOffer', () => {
  it('says nothing when there are no links to fetch', async () => {
    await offer();
    expect(root.innerHTML).toBe('');
  });

  it('offers the fetch with why; the button asks', async () => {
    const props = await offer({ links: 3400 });
    expect(byId('link-fetch-why')!.textContent).toMatch(/^3,400 saved links have no article yet\. .*The browser asks you once/);
    expect(byId('link-fetch-allow')!.textContent).toBe('Allow and fetch the articles');
    byId('link-fetch-allow')!.click();
    expect(props.onAllow).toHaveBeenCalledTimes(1);
  });

  it('says a refusal fetches nothing, and disables the button while the browser asks', async () => {
    await offer({ links: 2, ask: { status: 'denied' } });
    expect(root.textContent).toContain('Not allowed: nothing is fetched.');
    await offer({ links: 2, ask: { status: 'asking' } });
    expect(byId('link-fetch-allow')!.hasAttribute('disabled')).toBe(true);
  });

  it('shows a run’s progress with Pause and Stop, a paused one with Resume', async () => {
    const props = await offer({ links: 0, allowed: true, state: { status: 'running', total: 3400, filled: 100, failed: 20, updatedAt: 1 } });
    expect(byId('link-fetch-progress')!.textContent).toBe('Fetching articles: 120 of 3,400');
    byId('link-fetch-pause')!.click();
    byId('link-fetch-cancel')!.click();
    expect(props.onPause).toHaveBeenCalledTimes(1);
    expect(props.onCancel).toHaveBeenCalledTimes(1);
    const paused = await offer({ allowed: true, state: { status: 'paused', total: 10, filled: 4, failed: 0, updatedAt: 1 } });
    expect(byId('link-fetch-progress')!.textContent).toBe('Fetching paused: 4 of 10');
    byId('link-fetch-resume')!.click();
    expect(paused.onResume).toHaveBeenCalledTimes(1);
    await offer({ allowed: false, state: { status: 'paused', total: 10, filled: 4, failed: 0, updatedAt: 1 } });
    expect(byId('link-fetch-progress')!.textContent).toMatch(/no longer allowed/);
    expect(byId('link-fetch-resume')!.textContent).toBe('Allow and fetch the articles');
    // A run waiting for the permission (withdrawn while it ran): the grant is offered, not Pause.
    const waiting = await offer({ allowed: false, state: { status: 'running', total: 10, filled: 4, failed: 0, updatedAt: 1 } });
    expect(byId('link-fetch-progress')!.textContent).toMatch(/no longer allowed/);
    expect(byId('link-fetch-pause')).toBeNull();
    byId('link-fetch-resume')!.click();
    expect(waiting.onResume).toHaveBeenCalledTimes(1);
  });

  it('sums up a finished run', async () => {
    await offer({ links: 0, state: { status: 'idle', total: 10, filled: 8, failed: 2, updatedAt: 1 } });
    expect(byId('link-fetch-summary')!.textContent).toBe('Articles fetched: 8 of 10. 2 could not be fetched; each says why.');
  });
});

describe('LinkFetchStatus', () => {
  const failed: LinkItem = {
    articleId: 'a1',
    url: 'https://a.example/',
    host: 'a.example',
    status: 'failed',
    attempts: 1,
    notBefore: 0,
    reason: 'http',
    httpStatus: 404,
    queuedAt: 0,
    updatedAt: 0,
  };

  it('says why a link could not be fetched, with Try again', async () => {
    const onRetry = vi.fn();
    await act(() => render(<LinkFetchStatus item={failed} onRetry={onRetry} />, root));
    expect(byId('link-fetch-status')!.textContent).toContain('Could not fetch: the site answered with error 404');
    byId('link-fetch-retry')!.click();
    expect(onRetry).toHaveBeenCalledWith('a1');
  });

  it('says a queued link is on its way, and nothing for a link with no item', async () => {
    await act(() => render(<LinkFetchStatus item={{ ...failed, status: 'queued', reason: null }} onRetry={vi.fn()} />, root));
    expect(byId('link-fetch-status')!.dataset.state).toBe('queued');
    await act(() => render(<LinkFetchStatus item={null} onRetry={vi.fn()} />, root));
    expect(root.innerHTML).toBe('');
  });
});
