/** Component tests' mount point: a fresh element per test, unmounted and removed after it. */
import { render } from 'preact';
import { afterEach, beforeEach } from 'vitest';

/** Registers the per-test mount point; call the answer inside a test for the element. */
export function renderRoot(): () => HTMLElement {
  let root: HTMLElement | null = null;
  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    if (!root) return;
    render(null, root);
    root.remove();
    root = null;
  });
  return () => {
    if (!root) throw new Error('renderRoot() is used outside a test');
    return root;
  };
}
