import { vi } from 'vitest';
import { createLibraryWriter, type LibraryWriter } from '../../../utils/library/writer';
import { dispatch, type Handlers } from '../../../utils/model/messaging';
import type { StoreDeps } from '../../../utils/ui/reader-store';
import { libraryHandlers } from './library';

/**
 * The background as the stores reach it: requests go through the real protocol (validated by
 * `dispatch`, refused requests throw as `sendMessage` does) to the real library writer on the
 * fake browser's storage and fake IndexedDB; only reading a tab is scripted by each test.
 */
export function fakeBackground() {
  let n = 0;
  const writer: LibraryWriter = createLibraryWriter({ newId: () => `id-${++n}` });
  const readTab = vi.fn<Handlers['readTab']>(async () => ({ status: 'error', message: 'no reading scripted' }));
  const handlers: Handlers = { readTab, ...libraryHandlers(writer) };
  const requests: string[] = [];
  const send: StoreDeps['send'] = async (type, payload) => {
    requests.push(type);
    const response = await dispatch(handlers, { type, payload }, {});
    if (typeof response === 'object' && response !== null && 'protocolError' in response) throw new Error(String(response.protocolError));
    return response as never;
  };
  return { writer, readTab, handlers, send, requests };
}
