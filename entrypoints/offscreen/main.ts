import { listenForPageFetches } from '@/utils/link-fetch/offscreen';

// Chrome's offscreen document (reason DOM_PARSER): fetches a saved link's page and extracts its
// article for the service worker, which has no DOM. Wiring only.
listenForPageFetches();
