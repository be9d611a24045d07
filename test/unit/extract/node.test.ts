import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../../utils/extract/node';

describe('parseHtml (Node)', () => {
  it('does not lose the page after a style sheet inside an SVG sprite', async () => {
    const page =
      parseHtml(`<html><body><svg xmlns="http://www.w3.org/2000/svg"><symbol id="i"><style type="text/css">.c{opacity:.3}</style><circle r="1"/></symbol></svg>
      <article><p>First paragraph.</p><p>Second paragraph.</p></article></body></html>`);
    expect(page.document.querySelectorAll('article p')).toHaveLength(2);
    await page.close();
  });
  it('keeps other style sheets, whose text counts as it does in a browser', async () => {
    const page = parseHtml('<html><body><div id="d"><style>.x{}</style>Text</div></body></html>');
    expect(page.document.getElementById('d')?.textContent).toBe('.x{}Text');
    await page.close();
  });
});
