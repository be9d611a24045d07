/**
 * Step 1, before Readability: make the document honest (lazy images resolved, typeset math reduced
 * to MathML, hidden things gone) and strip the site furniture that Readability is known to keep —
 * sign-up boxes, share bars, recommendation rails, ad slots, cookie banners, author bios, comments.
 *
 * The paragraph-level rules in this module ("Read more:" lines, promo sentences appended to a
 * paragraph, rail headings, ad labels) run after Readability, on the article only (clean.ts):
 * run here as well on the whole page they changed no score on zyte-dev and cost about a tenth of
 * the pipeline's time (measured with `npm run bench:quality`).
 *
 * Signals are general on purpose (we are judged on sites we have never seen): class/id/role
 * vocabulary, link density, repeated teaser structure and short boilerplate phrases in several
 * languages. Anything that carries a lot of prose is protected from removal, because losing
 * article text costs far more than keeping a stray box (prose.ts).
 */
import { all, classAndId, lazy, linkDensity, normText, removeNode, tagOf, unwrap } from './dom';
import { isProtected, PREPARE_PROTECT_SHARE, proseChars, PROSE_MIN_CHARS } from './prose';

/** Attributes that lazy-loading libraries use to hold the real image URL. */
export const LAZY_SRC_ATTRS = [
  'data-src', 'data-lazy-src', 'data-original', 'data-lazy', 'data-url', 'data-hi-res-src',
  'data-full-src', 'data-orig-src', 'data-echo', 'data-img-src', 'data-actualsrc', 'data-original-src',
];
/** Attributes that lazy-loading libraries use to hold the real srcset. */
export const LAZY_SRCSET_ATTRS = ['data-srcset', 'data-lazy-srcset', 'data-original-srcset'];

/** A src that is only a placeholder until a script swaps in the real one. */
const PLACEHOLDER_SRC_RE = /^(?:data:image\/(?:gif|png|svg\+xml)[;,]|about:blank|$)|(?:blank|spacer|placeholder|transparent|lazy|loading|pixel|1x1|grey|gray)[^/]*\.(?:gif|png|svg|jpe?g|webp)(?:\?|$)/i;

/**
 * Class/id tokens that mark page furniture. Matched against whole tokens of the class and id,
 * split on `-`, `_`, spaces and camelCase, so "share-bar" and "relatedArticles" match but
 * "shared" or "adaptive" do not.
 */
export const CLUTTER_TOKENS = new Set([
  'share', 'sharing', 'sharebar', 'sharetools', 'shares', 'social', 'socials', 'sociallinks',
  'newsletter', 'newsletters', 'signup', 'subscribe', 'subscription', 'subscriptions',
  'related', 'recommended', 'recommendations', 'recommendation', 'recirculation', 'recirc',
  'trending', 'popular', 'mostread', 'mostpopular', 'mostviewed', 'morestories', 'readmore', 'readnext',
  'promo', 'promotion', 'cta', 'advert', 'advertisement', 'advertising', 'ad', 'ads', 'adslot', 'adunit',
  'adsbygoogle', 'dfp', 'gpt', 'sponsor', 'sponsored', 'outbrain', 'taboola', 'teads',
  'cookie', 'cookies', 'consent', 'gdpr', 'cmp',
  'comment', 'comments', 'disqus', 'respond', 'discussion',
  'breadcrumb', 'breadcrumbs', 'toolbar', 'paywall', 'modal', 'popup', 'overlay', 'donate', 'donation',
  'bio', 'authorbio', 'tags', 'tagcloud', 'topics', 'keywords', 'print', 'pagination', 'pager',
  'nav', 'navigation', 'menu', 'masthead', 'footer', 'sidebar', 'rail', 'widget', 'widgets',
]);

/** Token pairs that together mark furniture though neither does alone. */
export const CLUTTER_TOKEN_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['read', 'more'], ['more', 'stories'], ['more', 'articles'], ['most', 'read'], ['most', 'popular'],
  ['most', 'viewed'], ['read', 'next'], ['up', 'next'], ['author', 'info'], ['author', 'box'],
  ['author', 'card'], ['about', 'author'], ['author', 'profile'], ['author', 'details'],
  ['you', 'like'], ['also', 'like'], ['sign', 'up'], ['editors', 'picks'], ['top', 'stories'],
];

/** Tokens that mark the article itself: an element carrying them is never furniture by name alone. */
export const CONTENT_TOKENS = new Set([
  'article', 'body', 'content', 'entry', 'main', 'post', 'story', 'text', 'prose', 'richtext',
]);

/** Roles that are furniture by definition. */
export const CLUTTER_ROLES = new Set([
  'navigation', 'banner', 'contentinfo', 'complementary', 'dialog', 'alertdialog', 'search', 'menu', 'menubar',
]);

/** Tags that are never article content. */
export const CLUTTER_TAGS = new Set(['nav', 'form', 'button', 'select', 'input', 'textarea', 'dialog']);

/** Headings of recommendation rails and other furniture sections, in several languages. */
export const CLUTTER_HEADING_RE = new RegExp(
  [
    'trending(?: now| stories| news| articles| topics)?', 'most (?:popular|read|viewed|shared|emailed)(?: .{0,30})?', 'popular (?:now|articles|stories)',
    'recommended(?: (?:for|by) .{1,40}| stories| articles| for you| reading)?', 'related(?: (?:stories|articles|content|posts|news|coverage|topics|links|reading))?',
    'more (?:from|on|stories|news|in|about|like this|to (?:read|explore))(?: .{0,40})?', 'read (?:more|next)', 'up next',
    'more .{0,25}(?:stories|articles|news|reads|reading|coverage|videos)',
    // A bare "Latest …" or "Popular …" can be a subheading of the story ("Latest figures show
    // growth"): only with a rail noun does it name a rail.
    '(?:related|recommended|popular|trending|latest) (?:.{0,20} )?(?:stories|articles|news|posts|reads|videos|content|links|topics|coverage|headlines|updates)',
    'tell us what you think.*', 'what do you think.*', 'join the (?:conversation|discussion)', 'want more (?:stories|articles|news)(?: like this)?', 'share (?:this|your) .{0,25}',
    'also (?:on|from) .{1,30}', 'around the web', 'from (?:our|the) partners', 'sponsored (?:stories|content|links)',
    'you (?:may|might) (?:also )?(?:like|enjoy|be interested)', 'editor.?s? picks', 'top stories',
    'latest (?:news|stories|articles)', "don.?t miss", 'sign up', '(?:our |free )?newsletters?',
    'comments?(?: \\(\\d+\\))?', 'leave a (?:comment|reply)', 'share (?:this|the) (?:article|story|post|page)',
    'about the authors?', 'tags', 'topics', 'see also', 'follow us', 'in other news',
    // de, fr, es, it, pt, nl, ru
    'mehr zum thema', 'das könnte sie (?:auch )?interessieren', 'meistgelesen', 'empfehlungen', 'kommentare',
    'à lire aussi', 'lire aussi', 'sur le même sujet', 'les plus lus', 'commentaires',
    'te puede interesar', 'lo más leído', 'noticias relacionadas', 'comentarios', 'más noticias',
    'potrebbe interessarti', 'più letti', 'leia também', 'mais lidas', 'notícias relacionadas',
    'lees ook', 'meest gelezen', 'читайте также', 'популярное', 'комментарии', 'самые (?:популярные|читаемые)(?: (?:статьи|новости|материалы|публикации|записи))?',
    'отзывы', 'добавить (?:отзыв|комментарий)', 'more',
  ].join('|'),
  'i',
);
const CLUTTER_HEADING_FULL_RE = new RegExp(`^(?:${CLUTTER_HEADING_RE.source})\\s*[:.!?…]*$`, 'i');

/** Leads of "Read more:" style cross-links, in several languages. */
export const READ_MORE_LEAD_RE =
  /^(?:read (?:more|also|next)|related(?: (?:stories|articles|content|coverage))?|see also|see more|also see|more(?: on this)?|also read|watch|listen|recommended|click here|lire aussi|à lire aussi|voir aussi|lesen sie auch|mehr zum thema|auch interessant|lee también|leer más|lea también|ver también|leia também|leggi anche|lees ook|zie ook|читайте также|см\. также|czytaj (?:też|także)|läs också|læs også|les også)\b\s*[:：\-–—]/i;

/** Sentences that pitch a newsletter, subscription, app or social account. */
export const PROMO_SENTENCE_RE = new RegExp(
  [
    '\\b(?:sign(?:ing)? up|subscribe|register|join)\\b[^.!?]{0,80}\\b(?:newsletters?|e-?mails?|inbox|alerts?|briefings?|digest|updates)\\b',
    '\\b(?:get|receive)\\b[^.!?]{0,60}\\b(?:newsletters?|in your inbox|straight to your inbox|delivered to your inbox)\\b',
    '\\bnewsletter\\b[^.!?]{0,40}\\b(?:sign up|subscribe)\\b',
    '\\bfollow us on\\b[^.!?]{0,40}\\b(?:twitter|facebook|instagram|linkedin|x|threads|tiktok|youtube)\\b',
    '\\bdownload (?:our|the)\\b[^.!?]{0,40}\\bapp\\b',
    '\\blike us on facebook\\b',
    '\\bevery (?:day|week|weekday|morning|evening)\\b[^.!?]{0,30}\\bwe (?:send|email|deliver)\\b',
    '\\bjoin our\\b[^.!?]{0,40}\\b(?:forums?|community|discord|mailing list)\\b',
    '\\b\\d+ issues for\\b',
    '\\bclick here (?:for more information|to (?:subscribe|sign up|register|download))\\b',
    '\\b(?:abonnez-vous|inscrivez-vous)\\b[^.!?]{0,60}\\b(?:newsletter|lettre)\\b',
    '\\b(?:abonnieren sie|melden sie sich)\\b[^.!?]{0,60}\\bnewsletter\\b',
    '\\b(?:suscríbete|suscribase|suscríbase)\\b[^.!?]{0,60}\\b(?:newsletter|boletín)\\b',
  ].join('|'),
  'i',
);

/**
 * Short standalone lines that are site furniture wherever they appear: calls to click, copyright
 * and photo-credit lines, comment policies. Too risky inside a sentence, so only whole blocks.
 */
export const STANDALONE_BOILERPLATE_RE = new RegExp(
  [
    '\\bclick(?:ing)? here\\b', '^(?:©|\\(c\\)|copyright\\b)', '\\ball rights reserved\\b', '^the contents of this site are\\b',
    '^\\(?(?:photo(?:graph)?|image|picture|credit|foto|bild|imagem|imagen)s?\\s*(?:credit)?\\s*:',
    // Gallery counters: "Image 2 of 5".
    '^(?:image|photo|picture|slide|foto|bild|imagen|imagem)\\s+\\d+\\s*(?:of|/|von|de|sur|di)\\s*\\d+$', '^\\d+ of \\d+$', '\\b(?:getty images|shutterstock|ap photo|reuters/)\\S*$',
    // Wire and agency credits closing a story: "SOURCE: News agencies", "Quelle: dpa".
    '^(?:source|sources|quelle|fuente|fonte|источник)\\s*:\\s*\\S.{0,60}$',
    '^(?:atenção|attention|note|nota|hinweis)\\s*:\\s*comm?ent', '\\bcomments? (?:are|is) (?:closed|moderated)\\b',
  ].join('|'),
  'i',
);

/** Bylines and datelines written as text: "By Jane Doe", "Published: 10:48, Tue, Nov 19, 2019". */
export const DATELINE_RE =
  /^(?:\|?\s*(?:published|updated|posted|last (?:updated|modified)|first published|publicado|actualizado|atualizado|veröffentlicht|aktualisiert|publié|mis à jour|pubblicato|aggiornato)\b(?=[^\n]*\d)\s*(?:on|at|:|am|le|em|el|il)?\s*.{0,80}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\s*[-–|]\s*publicado por.{0,160})$/iu;
/** "By Jane Doe" lines: case matters (capitalised names), so this one has no i flag. */
export const BYLINE_LINE_RE = /^(?:By|BY|Por|POR|Par|Von|Door|Di)\s+(?:\p{Lu}[\p{L}.'’-]*\s*){1,4}(?:(?:[-–—|,]|and|y|et|und)\s*.{0,40})?$/u;

/** Text of an element that is only an ad label. */
export const AD_LABEL_RE =
  /^(?:advertisement|advertising|advert|adverts|ad|ads|sponsored(?: content)?|story continues below(?: this)? advertisement|article continues below(?: this)? (?:advertisement|ad)|continue reading below|anzeige|werbung|publicité|publicidad|pubblicità|publicidade|advertentie|реклама|reklama|annons|広告|광고|广告|廣告)$/i;

/** A "Read more" / promo paragraph is short; long paragraphs that merely start that way are prose. */
const SHORT_PARAGRAPH_CHARS = 220;

/** Splits class/id into lower-case tokens on separators and camelCase boundaries. */
export function classTokens(el: Element): string[] {
  return tokensOf(classAndId(el));
}

function tokensOf(classAndIdText: string): string[] {
  return classAndIdText
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Cheap pre-filter: a class/id without any of these substrings cannot match the token vocabulary. */
const CLUTTER_HINT_RE = /cta|share|sharing|social|newsletter|sign|subscri|related|recommend|recirc|trending|popular|most|more|read|next|promo|ad|sponsor|outbrain|taboola|teads|cookie|consent|gdpr|cmp|comment|disqus|respond|discussion|breadcrumb|toolbar|paywall|modal|popup|overlay|donat|bio|author|tag|topic|keyword|print|pag|nav|menu|masthead|footer|sidebar|rail|widget|like|pick|stories|gpt|dfp/i;

/** Class names of math typesetters (MathJax, KaTeX, MathQuill), whose output is article content. */
const MATH_CLASS_RE = /\b(?:mathjax|katex|mathquill|mjx)/i;

/** True when an element's class/id/role/aria vocabulary says it is page furniture. */
export function looksLikeClutter(el: Element): boolean {
  const tag = tagOf(el);
  if (CLUTTER_TAGS.has(tag)) return true;
  const cls = el.getAttribute('class') ?? '';
  const id = el.getAttribute('id') ?? '';
  const role = el.getAttribute('role');
  const label = el.getAttribute('aria-label');
  if (role === null && label === null && !cls && !id) return tag === 'aside';
  // Pages repeat the same few class names hundreds of times: judge each combination once.
  const key = `${tag}\u0001${cls}\u0001${id}\u0001${role ?? ''}\u0001${label ?? ''}`;
  const known = verdicts.get(key);
  if (known !== undefined) return known;
  const verdict = judgeVocabulary(tag, `${cls} ${id}`, role, label);
  if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
}

/** Verdicts of looksLikeClutter by tag and vocabulary; a plain cache, since the verdict is pure. */
const verdicts = new Map<string, boolean>();
const MAX_VERDICTS = 20_000;

function judgeVocabulary(tag: string, classAndIdText: string, role: string | null, label: string | null): boolean {
  // Typeset math carries UI class names ("MathJax CtxtMenu_Attached_0" reads as a menu).
  if (tag.startsWith('mjx-') || MATH_CLASS_RE.test(classAndIdText)) return false;
  if (role === null && label === null && !CLUTTER_HINT_RE.test(classAndIdText)) return tag === 'aside';
  if (role && CLUTTER_ROLES.has(role.toLowerCase())) return true;
  const tokens = tokensOf(classAndIdText);
  const lowerLabel = (label ?? '').toLowerCase();
  if (lowerLabel && /\b(?:share|newsletter|sign.?up|advert|cookie|comments?|related|trending|recommended|most popular)\b/.test(lowerLabel)) {
    return true;
  }
  if (tokens.length === 0) return tag === 'aside';
  if (tokens.some((t) => CONTENT_TOKENS.has(t)) && !tokens.some((t) => STRONG_CLUTTER_TOKENS.has(t))) return false;
  if (tokens.some((t) => CLUTTER_TOKENS.has(t))) return true;
  const set = new Set(tokens);
  if (CLUTTER_TOKEN_PAIRS.some(([a, b]) => set.has(a) && set.has(b))) return true;
  return tag === 'aside';
}

/** Tokens strong enough to win over a content token on the same element ("article-share-bar"). */
const STRONG_CLUTTER_TOKENS = new Set([
  'share', 'sharing', 'sharebar', 'social', 'newsletter', 'signup', 'related', 'recommended', 'trending',
  'popular', 'promo', 'advert', 'advertisement', 'ad', 'ads', 'adslot', 'comments', 'comment', 'cookie',
  'consent', 'outbrain', 'taboola', 'bio', 'tags', 'sponsored', 'recirc', 'recirculation', 'readmore',
]);

/** Copies lazy-loaded image sources into src/srcset and unwraps <noscript> image fallbacks. */
export function resolveLazyImages(doc: Document): void {
  for (const img of all(doc, 'img')) {
    const src = img.getAttribute('src') ?? '';
    if (!src || PLACEHOLDER_SRC_RE.test(src)) {
      const real = LAZY_SRC_ATTRS.map((a) => img.getAttribute(a)).find((v) => v && !PLACEHOLDER_SRC_RE.test(v)) ?? otherLazySrc(img);
      if (real) img.setAttribute('src', real);
    }
    const realSet = LAZY_SRCSET_ATTRS.map((a) => img.getAttribute(a)).find((v) => !!v);
    if (realSet && (!img.getAttribute('srcset') || PLACEHOLDER_SRC_RE.test(img.getAttribute('srcset') ?? ''))) {
      img.setAttribute('srcset', realSet);
    }
  }
  for (const source of all(doc, 'picture source')) {
    const realSet = LAZY_SRCSET_ATTRS.map((a) => source.getAttribute(a)).find((v) => !!v);
    if (realSet && !source.getAttribute('srcset')) source.setAttribute('srcset', realSet);
  }
  for (const picture of all(doc, 'picture')) {
    const img = picture.querySelector('img');
    const source = picture.querySelector('source[srcset]');
    if (img && source && (!img.getAttribute('src') || PLACEHOLDER_SRC_RE.test(img.getAttribute('src') ?? ''))) {
      const first = (source.getAttribute('srcset') ?? '').split(',')[0]?.trim().split(/\s+/)[0];
      if (first) img.setAttribute('src', first);
    }
  }
  for (const noscript of all(doc, 'noscript')) {
    const fallback = noscriptImage(doc, noscript);
    if (!fallback) {
      removeNode(noscript);
      continue;
    }
    // The script-driven twin usually sits right before the <noscript>: replace it, do not duplicate.
    const prev = noscript.previousElementSibling;
    const prevImg = prev && (tagOf(prev) === 'img' ? prev : prev.querySelector('img'));
    if (prevImg && (!prevImg.getAttribute('src') || PLACEHOLDER_SRC_RE.test(prevImg.getAttribute('src') ?? '') ||
        prevImg.getAttribute('src') === fallback.getAttribute('src'))) {
      prevImg.replaceWith(fallback);
      removeNode(noscript);
    } else if (prevImg) {
      removeNode(noscript);
    } else {
      noscript.replaceWith(fallback);
    }
  }
}

/** The single <img> a <noscript> holds, parsed whether the DOM ran with scripting on or off. */
/** An image URL in any other data-lazy-* attribute (libraries name them freely: data-lazy-original…). */
function otherLazySrc(img: Element): string | null {
  for (const name of img.getAttributeNames()) {
    if (!name.startsWith('data-lazy') || name.includes('srcset') || name.includes('sizes')) continue;
    const v = img.getAttribute(name)?.trim() ?? '';
    if (/^(?:https?:)?\/\/|^\/|^[\w./-]+\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#]|$)/i.test(v) && !PLACEHOLDER_SRC_RE.test(v)) return v;
  }
  return null;
}

function noscriptImage(doc: Document, noscript: Element): Element | null {
  let img = noscript.querySelector('img');
  if (!img) {
    const raw = noscript.textContent ?? '';
    if (!/<img\b/i.test(raw)) return null;
    const tpl = doc.createElement('template') as HTMLTemplateElement;
    tpl.innerHTML = raw;
    const imgs = tpl.content ? tpl.content.querySelectorAll('img') : tpl.querySelectorAll('img');
    if (imgs.length !== 1) return null;
    img = imgs[0] ?? null;
  }
  if (!img || !img.getAttribute('src')) return null;
  return doc.importNode(img, true);
}

/** Removes elements that the page hides from every reader (hidden, aria-hidden, inline display:none). */
export function removeHidden(doc: Document): void {
  const body = doc.body;
  if (!body) return;
  const pageProse = lazy(() => proseChars(body));
  for (const el of all(body, '[hidden], [aria-hidden="true"], [style*="none" i], [style*="hidden" i]')) {
    if (!el.isConnected) continue;
    let hidden = el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true';
    if (!hidden) {
      const style = (el.getAttribute('style') ?? '').toLowerCase();
      hidden = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/.test(style);
    }
    if (!hidden) continue;
    // aria-hidden is also put on the whole page behind a modal, and on decorative images with captions.
    if (el.getAttribute('aria-hidden') === 'true' && !el.hasAttribute('hidden') && isProtected(el, pageProse, PREPARE_PROTECT_SHARE)) continue;
    if (tagOf(el) === 'img' || el.querySelector('img')) {
      // Readability keeps "fallback-image" style images that sites mark aria-hidden; keep images whose only fault is aria-hidden.
      if (!el.hasAttribute('hidden') && el.getAttribute('aria-hidden') === 'true' && !/display|visibility/.test(el.getAttribute('style') ?? '')) continue;
    }
    removeNode(el);
  }
}

/** Removes furniture recognised by vocabulary, role, ad labels and rail headings. */
export function removeClutter(doc: Document): void {
  const body = doc.body;
  if (!body) return;
  const pageProse = lazy(() => proseChars(body));
  for (const el of all(body, 'script:not([type="application/ld+json"]), style, link, template, iframe[src*="ads"], object, embed')) {
    removeNode(el);
  }
  // The page clone is a document of its own, so a removed element's subtree is no longer connected:
  // isConnected is a flag read, where contains() walks up the tree for each of thousands of elements.
  // Outermost first: once a rail is gone its inner parts need no look. Only elements that carry
  // vocabulary can match, so the selector skips bare ones natively; ad labels are caught later.
  for (const el of all(body, CLUTTER_CANDIDATES)) {
    if (el === body || !el.isConnected) continue;
    const tag = tagOf(el);
    if (tag === 'main' || tag === 'article') continue;
    if (looksLikeClutter(el) && !isProtected(el, pageProse, PREPARE_PROTECT_SHARE)) removeNode(el);
  }
  // Rail headings are left to clean.ts, after Readability: removing a list from inside the
  // article body can flip which block Readability picks and cost whole sections of text.
}

/** Elements that looksLikeClutter can flag. */
const CLUTTER_CANDIDATES = '[class], [id], [role], [aria-label], aside, nav, form, button, select, input, textarea, dialog';

/** Removes "Trending / Related / Most popular…" headings together with the teaser lists they introduce. */
export function removeRailSections(root: Element, pageProse: number | (() => number) = lazy(() => proseChars(root))): void {
  for (const h of all(root, 'h1, h2, h3, h4, h5, h6, [role="heading"], p, div, span, strong, b')) {
    if (!root.contains(h)) continue;
    const tag = tagOf(h);
    const headingTag = /^h[1-6]$/.test(tag) || h.getAttribute('role') === 'heading';
    // A bare block that reads like a rail title counts as a heading when it is short and alone.
    if (!headingTag && (h.children.length > 1 || (tag === 'div' && h.firstElementChild && h.querySelector('p, div, ul, ol')) || (h.textContent ?? '').length > 60)) continue;
    const text = normText(h);
    if (!text || text.length > 60 || !CLUTTER_HEADING_FULL_RE.test(text)) continue;
    // A bold "More" opening a sentence is text; a bold "DON'T MISS" over a line of links is a rail.
    const parent = h.parentElement;
    if (!headingTag && tag !== 'p' && tag !== 'div' && parent && normText(parent) !== text && linkDensity(parent) < 0.5) continue;
    // The heading's own box (section/aside/div whose first child it is) goes if it holds no prose.
    let box: Element = h;
    let up = h.parentElement;
    while (up && up !== root && tagOf(up) !== 'article' && tagOf(up) !== 'main' && firstElementIs(up, box) && !isProtected(up, pageProse, PREPARE_PROTECT_SHARE)) {
      box = up;
      up = up.parentElement;
    }
    if (box !== h) {
      removeNode(box);
      continue;
    }
    // Otherwise drop the heading and the link-heavy or teaser siblings that follow it.
    let next = h.nextElementSibling;
    removeNode(h);
    while (next && !/^h[1-6]$/.test(tagOf(next))) {
      const after: Element | null = next.nextElementSibling;
      if (linkDensity(next) > 0.5 || proseChars(next) === 0) removeNode(next);
      else break;
      next = after;
    }
  }
}

function firstElementIs(parent: Element, child: Element): boolean {
  return parent.firstElementChild === child;
}

/** Removes "Read more: …" / "Related: …" cross-link paragraphs and short promo paragraphs. */
export function removeBoilerplateParagraphs(root: ParentNode): void {
  for (const p of all(root, 'p, li, div, h2, h3, h4, h5, h6, strong, em')) {
    if (!root.contains(p)) continue;
    // Leaf-ish blocks only: a container of paragraphs is judged by its paragraphs. The structure
    // test comes first: it is cheap on a big container, whose textContent is not.
    if (tagOf(p) === 'div' && p.querySelector('p, div, li, ul, ol, table')) continue;
    if ((p.textContent ?? '').length > SHORT_PARAGRAPH_CHARS * 3) continue;
    const text = normText(p);
    if (!text || text.length > SHORT_PARAGRAPH_CHARS) continue;
    // Bold or italic words are judged only when they are the whole line ("<strong>1/2</strong> cup").
    if ((tagOf(p) === 'strong' || tagOf(p) === 'em') && p.parentElement && normText(p.parentElement) !== text) continue;
    const hasLink = p.getElementsByTagName('a').length > 0;
    if ((READ_MORE_LEAD_RE.test(text) && (hasLink || text.length < 120)) ||
        (PROMO_SENTENCE_RE.test(text) && (hasLink || text.length < 160) && isSingleSentenceish(text)) ||
        (text.length < 160 && STANDALONE_BOILERPLATE_RE.test(text)) ||
        AD_LABEL_RE.test(text) || isShoutedCrossLink(p, text)) {
      removeBlockOf(p);
    }
  }
}

/** A paragraph that is one all-capitals link: a cross-link to another story, styled as a banner. */
function isShoutedCrossLink(p: Element, text: string): boolean {
  if (tagOf(p) !== 'p' || text.length < 12 || text.length > 140 || linkDensity(p) < 0.9) return false;
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length > 8 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

function isSingleSentenceish(text: string): boolean {
  return (text.match(/[.!?](?:\s|$)/g) ?? []).length <= 3;
}

/** Removes an element, and its block parent when that parent held nothing else. */
export function removeBlockOf(el: Element): void {
  let target = el;
  // The box goes with the line only when it holds nothing else: pictures and charts add no text.
  while (target.parentElement && normText(target.parentElement) === normText(target) &&
         !/^(?:body|article|main|section|figure)$/.test(tagOf(target.parentElement)) && !hasContentMedia(target.parentElement)) {
    target = target.parentElement;
  }
  removeNode(target);
}

/**
 * Removes a promo sentence appended to the end of a real paragraph
 * ("… in Beijing. Sign up for our newsletter, which explores …").
 */
export function trimTrailingPromos(root: ParentNode): void {
  for (const p of all(root, 'p')) {
    const text = p.textContent ?? '';
    if (text.length <= SHORT_PARAGRAPH_CHARS && !/[.!?]["”’)]?\s+\S/.test(text.trim())) continue;
    const cut = promoTailStart(text);
    if (cut < 0) continue;
    truncateTextAt(p, cut);
    stripEmptyInlines(p);
  }
}

/** Index in `text` where a trailing promo sentence starts, or -1. */
export function promoTailStart(text: string): number {
  const trimmed = text.replace(/\s+$/, '');
  // Candidate sentence starts: after sentence punctuation followed by space.
  const re = /[.!?…]["”’)\]]?\s+(?=\S)/g;
  let m: RegExpExecArray | null;
  const starts: number[] = [];
  while ((m = re.exec(trimmed))) starts.push(m.index + m[0].length);
  // Only the last one or two sentences may be cut, and each cut sentence must itself be a pitch.
  let cut = -1;
  for (let i = starts.length - 1; i >= Math.max(0, starts.length - 2); i--) {
    const start = starts[i] ?? 0;
    const end = cut >= 0 ? cut : trimmed.length;
    const sentence = trimmed.slice(start, end);
    if (sentence.length > 300) break;
    if (PROMO_SENTENCE_RE.test(sentence) || READ_MORE_LEAD_RE.test(sentence)) cut = start;
    else break;
  }
  return cut;
}

/** Deletes all text from character offset `cut` onwards, splitting the text node where needed. */
function truncateTextAt(root: Element, cut: number): void {
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  let offset = 0;
  const drop: Node[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const len = n.nodeValue?.length ?? 0;
    if (offset + len <= cut) {
      offset += len;
      continue;
    }
    if (offset >= cut) drop.push(n);
    else n.nodeValue = (n.nodeValue ?? '').slice(0, cut - offset).replace(/\s+$/, '');
    offset += len;
  }
  for (const n of drop) removeNode(n);
}

/** Removes inline elements left without text (and without media) after truncation. */
function stripEmptyInlines(root: Element): void {
  for (const el of all(root, 'a, strong, b, em, i, span, u, small')) {
    if (!normText(el) && !el.querySelector('img, picture, video, svg, math')) removeNode(el);
  }
}

/** Largest width and height (px, from attributes) of an image that is an avatar or icon, not content. */
const AVATAR_MAX_PX = 120;

/**
 * Whether an element holds media worth keeping. An author's avatar beside the byline is not:
 * an image counts as content unless its declared size is avatar-sized (no size → content, to be safe).
 */
export function hasContentMedia(el: Element): boolean {
  if (el.querySelector('picture, video, figure, table, pre')) return true;
  return Array.from(all(el, 'img')).some((img) => {
    const width = Number(img.getAttribute('width'));
    const height = Number(img.getAttribute('height'));
    return !(width > 0 && width <= AVATAR_MAX_PX && height > 0 && height <= AVATAR_MAX_PX);
  });
}

/** Class/id tokens of the article's own furniture: bylines, datelines, section labels, credits. */
export const META_TOKENS = new Set([
  'byline', 'bylines', 'author', 'authors', 'dateline', 'date', 'dates', 'time', 'timestamp', 'published',
  'pubdate', 'updated', 'kicker', 'eyebrow', 'category', 'categories', 'credit', 'credits', 'meta', 'metadata',
  'posted', 'readtime', 'contributor', 'contributors', 'writer',
]);
const META_HINT_RE = /byline|author|date|time|stamp|publish|kicker|eyebrow|categor|credit|meta|posted|readtime|contributor|writer|updated/i;
/** Furniture of this kind is short; longer text is probably content despite its name. */
const META_MAX_CHARS = 160;

/**
 * Removes bylines, datelines, section labels and article headers that hold no prose. Runs after
 * Readability (clean.ts), which reads the byline from the page itself before we drop it.
 */
export function removeArticleMeta(root: ParentNode): void {
  for (const el of all(root, '*')) {
    if (!root.contains(el)) continue;
    const tag = tagOf(el);
    if (tag === 'body' || tag === 'html' || tag === 'article' || tag === 'main' || /^h[1-6]$/.test(tag)) continue;
    const byName = (META_HINT_RE.test(classAndId(el)) && classTokens(el).some((t) => META_TOKENS.has(t))) ||
      el.getAttribute('rel') === 'author' || /\b(?:author|datePublished|dateModified)\b/.test(el.getAttribute('itemprop') ?? '');
    if (!byName && tag !== 'header' && tag !== 'time') continue;
    const raw = el.textContent ?? '';
    if (raw.length > 2000) continue;
    const text = normText(el);
    if (byName && text.length <= META_MAX_CHARS && proseChars(el) === 0 && !hasContentMedia(el)) {
      removeNode(el);
      continue;
    }
    if (tag === 'header' && text.length < 400 && proseChars(el) === 0 && !el.querySelector('img, picture, video, figure, table, pre, p')) {
      removeNode(el);
      continue;
    }
    // A block holding only a date or time ("Updated 10:05 AM EDT, Fri April 19, 2024").
    if (tag === 'time' && el.parentElement && normText(el.parentElement).length < 80 && !el.parentElement.closest('p, li, td')) {
      removeNode(el.parentElement.children.length === 1 ? el.parentElement : el);
    }
  }
}

/** Removes byline and dateline lines written as plain text, wherever their markup gives no hint. */
export function removeDatelines(root: ParentNode): void {
  for (const el of all(root, `p, div, span, li, small, em, strong, address, ${DATELINE_HEADINGS}`)) {
    if (!root.contains(el)) continue;
    if (tagOf(el) === 'div' && el.querySelector('p, div, li')) continue;
    const raw = el.textContent ?? '';
    if (raw.length > 240) continue;
    const text = normText(el);
    if (!text || text.length > 200) continue;
    // A heading may read "By The Numbers"; only a dated line is surely not a section title.
    const heading = /^h[2-6]$/.test(tagOf(el));
    // A heading needs a real date or time: "Updated guidance for 2025" is a section title.
    if ((DATELINE_RE.test(text) && (!heading || FULL_DATE_RE.test(text))) || (!heading && BYLINE_LINE_RE.test(text))) removeBlockOf(el);
  }
}

/** Rendered math whose MathML source is kept inside it (MathJax 3, MathJax 2 with assistive MathML, KaTeX). */
const RENDERED_MATH = 'mjx-container, .MathJax, .MathJax_Display, .katex-display, .katex';

/**
 * Replaces typeset math by the MathML inside it. The visual rendering is hundreds of spans
 * (custom elements in MathJax 3) that Readability drops and a reader cannot restyle; the MathML
 * is the standard form browsers render natively.
 */
export function normalizeMath(doc: Document): void {
  const body = doc.body;
  if (!body) return;
  for (const el of all(body, RENDERED_MATH)) {
    if (!el.isConnected) continue;
    const math = el.querySelector('math');
    if (math) el.replaceWith(math);
  }
}

/** A sign-up box (an e-mail field and its pitch) holds less text than this. */
const SIGNUP_BOX_MAX_CHARS = 400;

function isEmailField(input: Element): boolean {
  return (input.getAttribute('type') ?? '').toLowerCase() === 'email' ||
    /email/i.test(input.getAttribute('name') ?? '') || /mail/i.test(input.getAttribute('placeholder') ?? '');
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

/** A month or weekday name, a clock time or a numeric date: what makes a line a date rather than a year. */
const FULL_DATE_RE = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\b\d{1,2}:\d{2}\b|\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;

/** A block whose text is only a heading-like date ("Published Nov 18, 2019 at 4:07 PM"). */
const DATELINE_HEADINGS = 'h2, h3, h4, h5, h6';

/** Replaces presentational wrappers that only add noise (<font>, <center>) by their children. */
export function unwrapPresentational(doc: Document): void {
  for (const el of all(doc, 'font, center')) unwrap(el);
}

/** Runs every preparation step in order on a document clone. */
export function prepareDocument(doc: Document): void {
  resolveLazyImages(doc);
  // Before removeHidden: the MathML sits next to an aria-hidden rendering, sometimes inside it.
  normalizeMath(doc);
  removeHidden(doc);
  removeSignupBoxes(doc);
  removeClutter(doc);
  unwrapPresentational(doc);
}

