/**
 * Save time with and without images, in the built extension (headless Chromium): the same
 * article, once with N same-origin images of about S kB each (as a photo story has) and once
 * with none, saved from the real popup; the time from the click to the Save button's "saved"
 * state is measured inside the popup. Alternating runs, medians. Not a test: it prints figures.
 *
 *   npm run build && npx tsx scripts/bench/save-images.ts [--runs 7] [--images 8] [--kb 300]
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { extensionDirFor, launchWithExtension } from '../lib/browser';
import { pngImage } from '../lib/fixtures';
import { startStaticServer } from '../lib/server';
import { openPopup } from '../lib/views';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '7' }, images: { type: 'string', default: '8' }, kb: { type: 'string', default: '300' } },
});
const RUNS = Number(values.runs);
const IMAGES = Number(values.images);
// Random pixels stored uncompressed: side² × 3 bytes ≈ the size asked for.
const SIDE = Math.round(Math.sqrt((Number(values.kb) * 1024) / 3));

const PARAGRAPH =
  'The harbour at Millbrook was dredged for the last time in 1987, and the town has argued about the silt ever since. Each winter the river brings down more of the hills, and each spring the fishing boats sit a little lower on the mud at low tide.';

function page(title: string, images: number): string {
  const body = Array.from({ length: Math.max(images, 6) }, (_, i) =>
    [
      `<p>Part ${i + 1} of the story, told by the ${['harbour master', 'lifeboat crew', 'council', 'fishermen', 'archivist', 'ferry captain', 'school', 'baker'][i % 8]}. ${PARAGRAPH}</p>`,
      i < images ? `<figure><img src="img/${i}.png" alt="Figure ${i}"><figcaption>Figure ${i}.</figcaption></figure>` : '',
    ].join(''),
  ).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><article><h1>${title}</h1>${body}</article></main></body></html>`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = await mkdtemp(join(tmpdir(), 'reader-bench-images-'));
await mkdir(join(dir, 'img'));
for (let i = 0; i < IMAGES; i++) await writeFile(join(dir, 'img', `${i}.png`), pngImage(SIDE, SIDE, true));
await writeFile(join(dir, 'with.html'), page('With images', IMAGES));
await writeFile(join(dir, 'without.html'), page('Without images', 0));
const server = await startStaticServer(dir);
const browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome') });
const times: Record<'with' | 'without', number[]> = { with: [], without: [] };
try {
  for (let run = 0; run < RUNS; run++) {
    for (const kind of run % 2 ? (['without', 'with'] as const) : (['with', 'without'] as const)) {
      const tab = await browser.context.newPage();
      await tab.goto(server.url(`/${kind}.html?run=${run}`));
      await tab.waitForLoadState('load');
      const { view } = await openPopup(browser, tab, (s) => s.title !== null);
      const ms = await view.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const button = document.querySelector<HTMLButtonElement>('[data-testid="save-button"]')!;
            const start = performance.now();
            new MutationObserver(() => {
              if (button.getAttribute('aria-pressed') === 'true') resolve(performance.now() - start);
            }).observe(button, { attributes: true });
            button.click();
          }),
      );
      times[kind].push(ms);
      // Clicking again removes it, so every run saves anew.
      await view.click('[data-testid="save-button"]');
      await view.detach();
      await tab.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
const mb = ((IMAGES * SIDE * SIDE * 3) / 1024 / 1024).toFixed(1);
console.log(`save from the popup, ${RUNS} runs each, medians (min–max):`);
for (const kind of ['without', 'with'] as const) {
  const xs = times[kind];
  console.log(
    `  ${kind === 'with' ? `with ${IMAGES} images (${mb} MB)` : 'without images'}: ${median(xs).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`,
  );
}
