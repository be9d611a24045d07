/**
 * Name of the function the extraction content script defines on its isolated-world global.
 * Its own module so the background can name it without bundling the extraction pipeline.
 */
export const EXTRACT_HOOK = '__readerExtract';
