/**
 * Name of the function the extraction content script defines on its isolated-world global.
 * Its own module so the background can name it without bundling the extraction pipeline.
 */
export const EXTRACT_HOOK = '__readerExtract';
/** Name of the function it defines beside it for collecting the images of the article read (saving). */
export const COLLECT_IMAGES_HOOK = '__readerCollectImages';
