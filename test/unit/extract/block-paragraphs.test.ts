import { describe, expect, it } from 'vitest';
import { fixBlockParagraphs } from '../../../utils/extract/clean/block-paragraphs';
import { page } from './helpers';

describe('fixBlockParagraphs', () => {
  it('turns a <p> holding a heading into a <div>, and leaves ordinary paragraphs alone', () => {
    const doc = page('<div id="r"></div>');
    const r = doc.getElementById('r')!;
    // Built with DOM calls: an HTML parser would never put a heading inside a <p>.
    const p = doc.createElement('p');
    p.appendChild(doc.createElement('h2')).textContent = 'Design';
    r.appendChild(p);
    r.appendChild(doc.createElement('p')).innerHTML = 'Text with <em>emphasis</em>.';
    fixBlockParagraphs(r);
    expect(r.innerHTML).toBe('<div><h2>Design</h2></div><p>Text with <em>emphasis</em>.</p>');
  });
});
