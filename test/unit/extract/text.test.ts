import { describe, expect, it } from 'vitest';
import { blockText } from '../../../utils/extract/text';
import { page } from './helpers';

describe('blockText', () => {
  it('puts a line break at each block boundary and never glues words', () => {
    const doc = page('<h2>Head</h2><p>One <b>two</b>\n three</p><ul><li>a</li><li>b<br>c</li></ul><div>d<p>e</p>f</div>');
    expect(blockText(doc.body)).toBe('Head\nOne two three\na\nb\nc\nd\ne\nf');
  });
  it('keeps code lines and can skip captions', () => {
    const doc = page('<figure><img src="x"><figcaption>A caption</figcaption></figure><pre><code>a = 1\n  b = 2</code></pre>');
    expect(blockText(doc.body, { skipCaptions: true })).toBe('a = 1\n  b = 2');
    expect(blockText(doc.body)).toContain('A caption');
  });
});
