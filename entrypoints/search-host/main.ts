/**
 * Chrome's offscreen document (utils/background/search-host.ts creates it): it holds a port to the
 * resident search worker so the index stays loaded between library opens. A service worker cannot
 * hold a SharedWorker; this page does nothing else.
 */
import { holdResidentSearch } from '@/utils/library/search/client';

holdResidentSearch();
