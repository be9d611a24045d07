import { holdResidentSearch } from '@/utils/library/search/client';
import { listenForPageFetches } from '@/utils/link-fetch/offscreen';

// Chrome's one offscreen document (utils/background/offscreen-document.ts creates it), wiring only:
// it holds a port to the resident search worker, so the library's index stays loaded between
// library opens (a service worker cannot hold a SharedWorker), and it fetches a saved link's page
// and extracts its article for the service worker, which has no DOM.
holdResidentSearch();
listenForPageFetches();
