/**
 * Newsletter and sign-up boxes, found by their e-mail field.
 * Motivated by: "Want more stories like this? Every day we send…" boxes (digg.com) whose class names say nothing.
 */
import { all, hasContentMedia, normText, removeNode, tagOf } from '../dom';
import { PROSE_MIN_CHARS, proseChars } from '../prose';
import type { PrepareRule } from '../rule';

/** A sign-up box (an e-mail field and its pitch) holds less text than this. */
const SIGNUP_BOX_MAX_CHARS = 400;

function isEmailField(input: Element): boolean {
  return (
    (input.getAttribute('type') ?? '').toLowerCase() === 'email' ||
    /email/i.test(input.getAttribute('name') ?? '') ||
    /mail/i.test(input.getAttribute('placeholder') ?? '')
  );
}

/**
 * Removes newsletter and sign-up boxes found by their e-mail field: the pitch around the field
 * ("Want more stories like this? Every day we send…") goes with it, whatever its class names.
 * Must run before removeClutter, which removes the form and would leave the pitch behind.
 */
export function removeSignupBoxes(doc: Document): void {
  const body = doc.body;
  if (!body) return;
  for (const input of all(body, 'input')) {
    if (!input.isConnected || !isEmailField(input)) continue;
    let box: Element | null = null;
    for (let up = input.parentElement; up && up !== body; up = up.parentElement) {
      const tag = tagOf(up);
      if (tag === 'article' || tag === 'main' || normText(up).length > SIGNUP_BOX_MAX_CHARS || proseChars(up) > PROSE_MIN_CHARS * 2) break;
      // A short post with a picture (a photo or video brief) is content, not a sign-up box.
      if (hasContentMedia(up)) break;
      box = up;
    }
    if (box) removeNode(box);
  }
}

/** This file's rule, as prepare/index.ts lists it. */
export const rule: PrepareRule = { name: 'signup-boxes', run: removeSignupBoxes };
