/** A saved article's highlights and notes under it (components/SavedHighlights). */
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { SavedHighlights } from '../../../components/SavedHighlights';
import { renderRoot } from '../support/render-root';

const mount = renderRoot();

describe('a saved article’s highlights', () => {
  it('shows each quote as a quote and each note as text, under a heading that counts the quotes', () => {
    const root = mount();
    render(<SavedHighlights markdown={'> The first passage\n\nmy note on it\n\n> The second passage'} />, root);
    const section = root.querySelector('[data-testid="saved-highlights"]')!;
    expect(section.getAttribute('aria-labelledby')).toBe('saved-highlights-heading');
    expect(section.querySelector('h2')!.textContent).toBe('Highlights and notes (2)');
    expect([...section.querySelectorAll('blockquote')].map((q) => q.textContent)).toEqual(['The first passage', 'The second passage']);
    expect([...section.querySelectorAll('[data-testid="saved-highlight-note"]')].map((n) => n.textContent)).toEqual(['my note on it']);
  });

  it('renders markup in a note as text, never as elements', () => {
    const root = mount();
    render(<SavedHighlights markdown={'> <img src=x onerror="alert(1)">\n\n<script>alert(2)</script>'} />, root);
    expect(root.querySelector('img, script')).toBeNull();
    expect(root.textContent).toContain('<script>alert(2)</script>');
  });

  it('shows nothing for blank highlights', () => {
    const root = mount();
    render(<SavedHighlights markdown={'\n\n>\n'} />, root);
    expect(root.innerHTML).toBe('');
  });
});
