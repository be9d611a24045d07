/**
 * The article gate: after extraction, is what was found an article?
 *
 * The user asked for the reader, so the answer is yes whenever the page has an article, and "No
 * article found" is kept for pages that have none (home pages, section fronts, search results,
 * listings, shops, forms, walls, error pages). The decision is taken on the extraction result
 * itself: how much prose it holds outside links, in how many paragraphs, how much of it is links,
 * in which script, how it is built (look-alike items each led by a link to another page of the
 * site, as listings are; labels and buttons around a line or two of prose, as app and status pages
 * are) and whether it is a consent notice. Page-level types (og:type, JSON-LD) are only a
 * tie-breaker: CMSs stamp `article` on tag pages and `website` on articles.
 */
import { BLOCK_TAGS, isElement, tagOf, TEXT_NODE } from './dom';
import { isSitePageLink, siteHosts } from './site';
import { isConsentText } from './vocabulary';

/** What the gate measured on the extracted content, in Latin-equivalent characters. */
export interface GateFigures {
  /** Weighted characters of text outside links (whitespace not counted). */
  proseChars: number;
  /** Weighted characters of text inside links. */
  linkChars: number;
  /** linkChars / (proseChars + linkChars). */
  linkDensity: number;
  /** Blocks of real prose: at least {@link PARAGRAPH_MIN_CHARS}, mostly outside links. */
  paragraphs: number;
  /** Weighted prose characters held in those paragraphs. */
  paragraphChars: number;
  /** Weighted prose characters of the longest block. */
  longestParagraph: number;
  /** Blocks that hold a link and little else: teasers, headline lists, navigation. */
  linkBlocks: number;
  /** All blocks with text. */
  blocks: number;
  /** Mean weight of a character of the content (1 Latin, Cyrillic, Arabic…; 3 CJK and Thai). */
  scriptWeight: number;
  /** Paragraphs whose own text ends in an ellipsis: excerpts cut short, as on tag and search pages. */
  truncatedParagraphs: number;
  /** Blocks with text outside tables: paragraphs, and the labels, prices and captions around them. */
  labelBlocks: number;
  /** Look-alike items of a listing (see {@link measureListing}). */
  listingItems: number;
  /** Weighted prose characters held in those items. */
  listingChars: number;
  /** Weighted prose characters of the paragraphs that read as a consent notice ("we and our partners use cookies…"). */
  consentChars: number;
}

export interface GateDecision {
  accept: boolean;
  /** One short sentence saying why, for tests, benchmarks and debugging. */
  reason: string;
  figures: GateFigures;
}

/** Page-level hints, all optional and weak. */
export interface GateHints {
  /** The page's declared types: og:type values and JSON-LD @type values, as written. */
  types?: readonly string[];
  /** Where the page lives: links to other pages of its site are what a listing's items lead to. */
  pageUrl?: string | null;
  canonicalUrl?: string | null;
}

/**
 * Scripts that write a word in about a third of the characters of Latin text (no spaces, one
 * character per syllable or morpheme): Han, kana, Hangul, Thai, Lao, Khmer, Myanmar. Weighting
 * them 3 lets one threshold serve every script: a 300-character Chinese brief is as long, to a
 * reader, as a 900-character English one.
 */
export const DENSE_SCRIPT_WEIGHT = 3;
/** The dense scripts' blocks: Myanmar, Thai and Lao, Khmer, Hangul Jamo, kana, Hangul compatibility Jamo, Han (with extension A and compatibility ideographs), Hangul syllables. */
export const DENSE_CHAR_RE =
  /[\u1000-\u109f\u0e00-\u0eff\u1780-\u17ff\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/g;

const SPACE_RE = /\s+/g;

/**
 * A block with this much prose is a paragraph, not a label, price, headline or button. A short
 * sentence is ~60 characters without spaces; teaser blurbs on fronts are often longer, which is
 * why the paragraph count alone never decides.
 */
export const PARAGRAPH_MIN_CHARS = 60;

/** A block is prose when less than this share of its text is links (a paragraph may cite a few). */
export const PARAGRAPH_MAX_LINK_SHARE = 0.5;

/** A block is a link block (teaser, headline, menu item) when at least this share of its text is links. */
export const LINK_BLOCK_MIN_SHARE = 0.5;

/**
 * Above this share of text in links the content is a list of links (a front, an index, a site
 * map), whatever its length. Articles with many inline links (Wikipedia, docs) stay under 0.35.
 */
export const MAX_LINK_DENSITY = 0.5;

/**
 * Elements whose text is a block of its own (a paragraph-like unit): the text's block tags, less
 * those that only break a line inside a paragraph (br, hr) or hold no prose of their own.
 */
const NOT_PARAGRAPH_UNITS = new Set(['br', 'hr', 'dialog', 'math', 'picture', 'video', 'audio']);
const PARAGRAPH_UNIT_TAGS = new Set([...BLOCK_TAGS].filter((tag) => !NOT_PARAGRAPH_UNITS.has(tag)));
const SKIP_TAGS = new Set(['script', 'style', 'template', 'noscript', 'svg', 'math', 'button', 'select', 'option', 'textarea']);
const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** Weighted length of a string: characters other than whitespace, dense scripts counting {@link DENSE_SCRIPT_WEIGHT}. */
export function weightedLength(text: string): { chars: number; weighted: number } {
  // Regexes, not a loop over characters: on a fresh page (cold code) the native matcher is faster.
  const chars = text.replace(SPACE_RE, '').length;
  if (chars === 0) return { chars: 0, weighted: 0 };
  const dense = text.match(DENSE_CHAR_RE)?.length ?? 0;
  return { chars, weighted: chars + dense * (DENSE_SCRIPT_WEIGHT - 1) };
}

interface Block {
  prose: number;
  links: number;
  heading: boolean;
  /** Its own text outside links, node by node (the last tells whether it ends in an ellipsis). */
  texts: string[];
  /** Inside a table: a cell of data, which an article may carry, not a label. */
  inTable: boolean;
}

/** Weighted prose and link characters of a subtree. */
export interface Size {
  prose: number;
  links: number;
}

/** What {@link measureBlocks} can note on its way: every element's subtree size, the links, and which links stand alone on their line. */
export interface Layout {
  sizes: Map<Element, Size>;
  anchors: Element[];
  /** Links with no other text on their line (the inline run between two block boundaries): "Read more", a bare title. */
  alone: Set<Element>;
}

/** A new, empty {@link Layout} for {@link measureBlocks} to fill. */
export function newLayout(): Layout {
  return { sizes: new Map(), anchors: [], alone: new Set() };
}

/**
 * Text of the content split into blocks, each with its weighted prose and link characters; with
 * `layout`, also the size of every element's subtree and the list of links, from the same walk.
 */
export function measureBlocks(root: Element, layout?: Layout): { blocks: Block[]; chars: number; weighted: number } {
  const sizes = layout?.sizes;
  const blocks: Block[] = [];
  let chars = 0;
  let weighted = 0;
  // Running totals: an element's subtree holds what they grew by while it was walked.
  let allProse = 0;
  let allLinks = 0;
  // The line being read (the inline run since the last block boundary): its links, and whether text outside them is on it.
  let lineText = false;
  const lineLinks: Element[] = [];
  const breakLine = (): void => {
    if (layout && !lineText) for (const a of lineLinks) layout.alone.add(a);
    lineText = false;
    lineLinks.length = 0;
  };
  const walk = (node: Node, block: Block, inLink: boolean, inTable: boolean): void => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === TEXT_NODE) {
        const w = weightedLength(c.nodeValue ?? '');
        if (w.chars === 0) continue;
        chars += w.chars;
        weighted += w.weighted;
        if (inLink) {
          block.links += w.weighted;
          allLinks += w.weighted;
        } else {
          block.prose += w.weighted;
          block.texts.push(c.nodeValue ?? '');
          allProse += w.weighted;
          lineText = true;
        }
        continue;
      }
      if (!isElement(c)) continue;
      const tag = tagOf(c);
      if (SKIP_TAGS.has(tag)) continue;
      const link = inLink || tag === 'a';
      if (tag === 'a') {
        layout?.anchors.push(c);
        if (!inLink) lineLinks.push(c);
      }
      const breaks = BLOCK_TAGS.has(tag);
      if (breaks) breakLine();
      const table = inTable || tag === 'table';
      const prose0 = allProse;
      const links0 = allLinks;
      // Noted before its subtree, so the map lists elements in document order, outer boxes first.
      const size: Size = { prose: 0, links: 0 };
      sizes?.set(c, size);
      if (PARAGRAPH_UNIT_TAGS.has(tag)) {
        const inner: Block = { prose: 0, links: 0, heading: HEADING_TAGS.has(tag), texts: [], inTable: table };
        blocks.push(inner);
        walk(c, inner, link, table);
      } else {
        walk(c, block, link, table);
      }
      size.prose = allProse - prose0;
      size.links = allLinks - links0;
      if (breaks) breakLine();
    }
  };
  const top: Block = { prose: 0, links: 0, heading: false, texts: [], inTable: false };
  blocks.push(top);
  const whole: Size = { prose: 0, links: 0 };
  sizes?.set(root, whole);
  walk(root, top, false, false);
  breakLine();
  whole.prose = allProse;
  whole.links = allLinks;
  return { blocks: blocks.filter((b) => b.prose + b.links > 0), chars, weighted };
}

/** A paragraph cut short by the site: "… Continue reading", "[...]", "..." at its end. */
const ELLIPSIS_END_RE = /(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*$/;

/**
 * Listings (search results, job and property listings, episode lists, month archives, tag pages)
 * are built of look-alike items side by side: at least {@link MIN_LISTING_ITEMS} siblings of the
 * same tag, each holding a short blurb ({@link PARAGRAPH_MIN_CHARS} to {@link LISTING_ITEM_MAX_CHARS})
 * and a line that is a link to another page of the same site (a linked title, "Read more", "Continue
 * reading"). An article's sections are longer, its links sit inside sentences, and a round-up's
 * items link to shops or sources on other sites.
 */
export const MIN_LISTING_ITEMS = 3;
/** A listing item's blurb is a sentence or two; a section of an article is longer. */
export const LISTING_ITEM_MAX_CHARS = 500;
/** Share of a group of look-alike siblings that must be listing items for the group to be a listing. */
const LISTING_GROUP_SHARE = 0.6;
/** Elements that make one item of a listing. */
const ITEM_TAGS = new Set(['article', 'section', 'div', 'li', 'aside', 'figure', 'details', 'dl']);
/** A link inside one of these within an item belongs to a list or table the item holds, not to the item's own lines. */
const NESTED_LIST_TAGS = new Set(['ul', 'ol', 'dl', 'table', 'li']);
/** A link line: a block of text at least this much of which is in links ("Read more", a linked title). */
const LINK_LINE_MIN_SHARE = 0.8;

/** A block that is a line of link: a heading mostly in a link, any other block almost all link ("Read more"). */
function isLinkLine(block: Element, sizes: ReadonlyMap<Element, Size>): boolean {
  const { prose, links } = sizes.get(block) ?? NO_SIZE;
  return HEADING_TAGS.has(tagOf(block)) ? links > 0 && links >= prose : links > 0 && links >= (prose + links) * LINK_LINE_MIN_SHARE;
}

/**
 * The elements that hold a line linking to another page of the site: for an element as the item,
 * a link to a site page inside it is such a line when it stands alone on its line directly in the
 * item, or when the first block around it inside the item is a link line ({@link isLinkLine}).
 * Links in sentences, in a list or table the item holds, to fragments or to other sites do not
 * count. Found from the links upwards (one climb per link, not one search per item).
 */
function itemsWithSiteLinkLine(root: Element, layout: Layout, isSiteLink: (href: string) => boolean): Set<Element> {
  const found = new Set<Element>();
  const boxes: Element[] = [];
  for (const a of layout.anchors) {
    if (!(layout.sizes.get(a)?.links ?? 0)) continue;
    // The first block strictly between the link and the element considered as its item.
    let block: Element | null = null;
    let blockIsLine: boolean | null = null;
    boxes.length = 0;
    for (let up = a.parentElement; up; up = up.parentElement) {
      if (block) {
        blockIsLine ??= isLinkLine(block, layout.sizes);
        // The block around the link stays the same for every box above: in a sentence, it never makes a line.
        if (!blockIsLine) break;
        boxes.push(up);
      } else if (layout.alone.has(a)) {
        boxes.push(up);
      }
      const tag = tagOf(up);
      // Above a list or table, the link belongs to a list the item holds, not to the item's own lines.
      if (up === root || NESTED_LIST_TAGS.has(tag)) break;
      if (!block && BLOCK_TAGS.has(tag)) block = up;
    }
    // The URL is read last: most links sit in sentences and need no parsing.
    if (boxes.length && isSiteLink(a.getAttribute('href') ?? '')) for (const box of boxes) found.add(box);
  }
  return found;
}

const NO_SIZE: Size = { prose: 0, links: 0 };

/**
 * The look-alike items of the listings in `root` (see {@link MIN_LISTING_ITEMS}), and the prose
 * they hold. `layout` is what {@link measureBlocks} noted (measured here when absent).
 */
export function measureListing(root: Element, hints: GateHints = {}, layout?: Layout): { items: number; chars: number } {
  if (!layout) {
    layout = newLayout();
    measureBlocks(root, layout);
  }
  const { sizes } = layout;
  const pageUrl = hints.pageUrl ?? null;
  const canonicalUrl = hints.canonicalUrl ?? null;
  const hosts = siteHosts(pageUrl, canonicalUrl);
  const lined = itemsWithSiteLinkLine(root, layout, (href) => isSitePageLink(href, hosts, pageUrl, canonicalUrl));
  const counted = new Set<Element>();
  let items = 0;
  let chars = 0;
  // Every element the walk measured (all but script, style and the like), in document order: no second query of the tree.
  for (const parent of sizes.keys()) {
    // Indexed, not by sibling pointers: one DOM (happy-dom) finds an element's next sibling by searching its parent.
    const kids = parent.children;
    if (kids.length < MIN_LISTING_ITEMS) continue;
    // Most parents hold paragraphs and inline elements: group only when three item-like children are there.
    let candidates = 0;
    for (let k = 0; k < kids.length && candidates < MIN_LISTING_ITEMS; k++) if (ITEM_TAGS.has(tagOf(kids[k]!))) candidates++;
    if (candidates < MIN_LISTING_ITEMS) continue;
    const byTag = new Map<string, Element[]>();
    for (let k = 0; k < kids.length; k++) {
      const c = kids[k]!;
      const tag = tagOf(c);
      if (!ITEM_TAGS.has(tag)) continue;
      const same = byTag.get(tag);
      if (same) same.push(c);
      else byTag.set(tag, [c]);
    }
    for (const siblings of byTag.values()) {
      if (siblings.length < MIN_LISTING_ITEMS) continue;
      let withText = 0;
      const found: Array<{ el: Element; prose: number }> = [];
      for (const el of siblings) {
        const { prose, links } = sizes.get(el) ?? NO_SIZE;
        if (prose + links === 0) continue;
        withText++;
        if (prose >= PARAGRAPH_MIN_CHARS && prose <= LISTING_ITEM_MAX_CHARS && lined.has(el)) found.push({ el, prose });
      }
      if (found.length < MIN_LISTING_ITEMS || found.length < withText * LISTING_GROUP_SHARE) continue;
      for (const { el, prose } of found) {
        // An item of a listing nested in another listing's item is counted once, with its outer item.
        let inside = false;
        for (let up = el.parentElement; up && !inside; up = up.parentElement) inside = counted.has(up);
        if (inside) continue;
        counted.add(el);
        items++;
        chars += prose;
      }
    }
  }
  return { items, chars };
}

/** Figures of extracted content; `hints` give the page's URL, which tells the site's own links from others. */
export function measureContent(root: Element, hints: GateHints = {}): GateFigures {
  const layout = newLayout();
  const { blocks, chars, weighted } = measureBlocks(root, layout);
  let proseChars = 0;
  let linkChars = 0;
  let paragraphs = 0;
  let paragraphChars = 0;
  let longestParagraph = 0;
  let linkBlocks = 0;
  let truncatedParagraphs = 0;
  let labelBlocks = 0;
  let consentChars = 0;
  for (const b of blocks) {
    proseChars += b.prose;
    linkChars += b.links;
    if (!b.inTable) labelBlocks++;
    const linkShare = b.links / (b.prose + b.links);
    if (linkShare >= LINK_BLOCK_MIN_SHARE) linkBlocks++;
    if (b.heading || linkShare >= PARAGRAPH_MAX_LINK_SHARE) continue;
    longestParagraph = Math.max(longestParagraph, b.prose);
    if (b.prose < PARAGRAPH_MIN_CHARS) continue;
    paragraphs++;
    paragraphChars += b.prose;
    if (ELLIPSIS_END_RE.test(b.texts[b.texts.length - 1] ?? '')) truncatedParagraphs++;
  }
  // A consent notice is short: longer content is not one, whatever its paragraphs say (and is not read for it).
  if (paragraphChars <= CONSENT_NOTICE_MAX_CHARS) {
    for (const b of blocks) {
      if (!b.heading && b.prose >= PARAGRAPH_MIN_CHARS && b.links / (b.prose + b.links) < PARAGRAPH_MAX_LINK_SHARE && isConsentText(b.texts.join(' '))) {
        consentChars += b.prose;
      }
    }
  }
  const total = proseChars + linkChars;
  const listing = measureListing(root, hints, layout);
  return {
    proseChars,
    linkChars,
    linkDensity: total > 0 ? linkChars / total : 0,
    paragraphs,
    paragraphChars,
    longestParagraph,
    linkBlocks,
    blocks: blocks.length,
    truncatedParagraphs,
    scriptWeight: chars > 0 ? weighted / chars : 1,
    labelBlocks,
    listingItems: listing.items,
    listingChars: listing.chars,
    consentChars,
  };
}

/**
 * Below this much prose in paragraphs there is nothing to read in a reader view. A three-sentence
 * brief holds about 400 characters (Latin, without spaces; a 300-character Chinese brief weighs
 * 900); what extraction leaves of a login wall, a 404, a form, a player page or a cart is under
 * 160, and a dashboard's or a listing's text is in cells and labels, not paragraphs.
 */
export const MIN_PARAGRAPH_CHARS = 200;

/**
 * Teasers: when more blocks are links than paragraphs, a fair share of the text is links, and no
 * paragraph is longer than this, the content is a list of headlines with blurbs (a front, search
 * results). An article with a long reference list or link rail (Wikipedia) still has paragraphs
 * longer than any blurb.
 */
export const TEASER_MAX_PARAGRAPH = 300;
/** …and the share of links from which link blocks make a list of teasers, not an article's asides. */
export const TEASER_MIN_LINK_DENSITY = 0.2;

/**
 * Excerpts: this many paragraphs ending in an ellipsis, and at least half of them, make a list of
 * excerpts of other pages (tag and author archives, search results), not one article.
 */
export const MIN_TRUNCATED_PARAGRAPHS = 3;

/**
 * A listing: its look-alike items ({@link measureListing}) hold at least this share of the prose.
 * On zyte-dev and readability-test-pages no article comes near it, even counting every link as a
 * link to the page's own site (the most is 0.52, a landing page of feature cards).
 */
export const LISTING_MIN_SHARE = 0.6;

/** A consent notice: paragraphs that read as one ({@link isConsentText}) hold at least this share of the prose… */
export const CONSENT_MIN_SHARE = 0.5;
/** …of at most this much prose: a notice is a few paragraphs (the longest, listing every purpose, about 2,000 characters). */
export const CONSENT_NOTICE_MAX_CHARS = 3000;

/**
 * Labels, not a text: with less paragraph prose than this (three times the minimum)…
 */
export const THIN_PROSE_CHARS = MIN_PARAGRAPH_CHARS * 3;
/**
 * …and more blocks outside tables than this per paragraph, the content is the labels, prices,
 * statuses and captions of an app, status, product or property page around a line or two of
 * prose. Short articles with lists (a recipe, a listicle, a deals post) stay under 6; table cells
 * are not counted, since a brief may carry a table of results.
 */
export const MAX_LABEL_BLOCKS_PER_PARAGRAPH = 8;

/**
 * Declared page types that say "not one article". Only a tie-breaker: with one of them (and no
 * article type) the content needs this many times more paragraph prose. og:type=article is on
 * many tag pages and og:type=website on many articles, so neither counts.
 */
export const DECLARED_NON_ARTICLE_FACTOR = 3;
/** Listings, products and offers, apps, homes and places, jobs, events, courses, shows and profiles (schema.org and og:type names). */
const NON_ARTICLE_TYPE_RE =
  /^(?:CollectionPage|SearchResultsPage|ProfilePage|CheckoutPage|Product|ProductGroup|Offer|AggregateOffer|SoftwareApplication|MobileApplication|WebApplication|Residence|SingleFamilyResidence|House|Apartment|Accommodation|RealEstateListing|JobPosting|Event|PodcastSeries|Course|LocalBusiness|Restaurant|Hotel|LodgingBusiness|Movie|TVSeries|MusicAlbum|MusicPlaylist|product(?:\.\w+)?|profile|video\.\w+|music\.\w+|business\.business|place|restaurant\.\w+)$/;
const ARTICLE_TYPE_RE = /(?:Article|BlogPosting|Report|Review|Recipe|HowTo|Posting)$/;

const JSON_LD_TYPE_RE = /"@type"\s*:\s*(?:"([^"]+)"|\[([^\]]*)\])/g;

/**
 * The page's declared types: og:type and every JSON-LD @type (read with a regex: cheap, and broken
 * JSON-LD is common). `ldTexts` are the JSON-LD scripts' text when the caller has read them already.
 */
export function declaredTypes(doc: Document, ldTexts?: readonly string[]): string[] {
  const types: string[] = [];
  const og = doc.querySelector('meta[property="og:type"]')?.getAttribute('content')?.trim();
  if (og) types.push(og);
  const texts = ldTexts ?? Array.from(doc.querySelectorAll('script[type="application/ld+json"]'), (script) => script.textContent ?? '');
  for (const text of texts) {
    for (const m of text.matchAll(JSON_LD_TYPE_RE)) {
      if (m[1]) types.push(m[1]);
      else for (const t of (m[2] ?? '').split(',')) types.push(t.replace(/["\s]/g, ''));
    }
  }
  return types.filter(Boolean);
}

/** True when the page declares itself a listing, a product, a profile or a video, and nowhere an article. */
export function declaresNonArticle(types: readonly string[]): boolean {
  return types.some((t) => NON_ARTICLE_TYPE_RE.test(t)) && !types.some((t) => ARTICLE_TYPE_RE.test(t));
}

/** A list of headlines with short blurbs: more link blocks than paragraphs, and no long paragraph. */
export function looksLikeTeasers(f: GateFigures): boolean {
  return f.linkBlocks > f.paragraphs && f.linkDensity >= TEASER_MIN_LINK_DENSITY && f.longestParagraph < TEASER_MAX_PARAGRAPH;
}

/** A list of excerpts cut short with an ellipsis. */
export function looksLikeExcerpts(f: GateFigures): boolean {
  return f.truncatedParagraphs >= MIN_TRUNCATED_PARAGRAPHS && f.truncatedParagraphs * 2 >= f.paragraphs;
}

/** A listing: look-alike items, each a short blurb with a link to another page of the site, hold most of the prose. */
export function looksLikeListing(f: GateFigures): boolean {
  return f.listingItems >= MIN_LISTING_ITEMS && f.listingChars >= f.proseChars * LISTING_MIN_SHARE;
}

/** A consent or cookie notice standing where the page should be. */
export function looksLikeConsentNotice(f: GateFigures): boolean {
  return f.consentChars > 0 && f.consentChars >= f.paragraphChars * CONSENT_MIN_SHARE;
}

/** The labels of a page of UI around a line or two of prose. */
export function looksLikeLabels(f: GateFigures): boolean {
  return f.paragraphChars < THIN_PROSE_CHARS && f.labelBlocks > f.paragraphs * MAX_LABEL_BLOCKS_PER_PARAGRAPH;
}

const n = (x: number): string => String(Math.round(x));
const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** Decides on figures already measured (pure; the unit tests feed it synthetic figures). */
export function judgeFigures(f: GateFigures, hints: GateHints = {}): GateDecision {
  const refuse = (reason: string): GateDecision => ({ accept: false, reason, figures: f });
  const declaredOther = declaresNonArticle(hints.types ?? []);
  const minProse = MIN_PARAGRAPH_CHARS * (declaredOther ? DECLARED_NON_ARTICLE_FACTOR : 1);
  const typeNote = declaredOther ? ' (the page declares a non-article type)' : '';
  if (f.linkDensity > MAX_LINK_DENSITY) return refuse(`mostly links: ${pct(f.linkDensity)} of the text is in links`);
  if (f.paragraphChars < minProse) {
    return refuse(`too little prose: ${n(f.paragraphChars)} characters in ${f.paragraphs} paragraph(s), under ${n(minProse)}${typeNote}`);
  }
  if (looksLikeExcerpts(f)) return refuse(`a list of excerpts: ${f.truncatedParagraphs} of ${f.paragraphs} paragraphs end in an ellipsis`);
  if (looksLikeTeasers(f)) {
    return refuse(
      `a list of teasers: ${f.linkBlocks} link blocks, ${f.paragraphs} paragraphs, none over ${TEASER_MAX_PARAGRAPH} characters, ${pct(f.linkDensity)} links`,
    );
  }
  if (looksLikeListing(f)) {
    return refuse(
      `a listing: ${f.listingItems} look-alike items, each a short blurb with a link to another page of the site, hold ${pct(f.listingChars / f.proseChars)} of the prose`,
    );
  }
  if (looksLikeConsentNotice(f)) return refuse(`a consent notice: ${pct(f.consentChars / f.paragraphChars)} of the prose asks to accept cookies or tracking`);
  if (looksLikeLabels(f)) {
    return refuse(`labels, not a text: ${f.labelBlocks} blocks outside tables for ${f.paragraphs} paragraph(s) and ${n(f.paragraphChars)} characters of prose`);
  }
  return {
    accept: true,
    reason: `an article: ${n(f.paragraphChars)} characters of prose in ${f.paragraphs} paragraph(s), ${pct(f.linkDensity)} links`,
    figures: f,
  };
}

/** The gate: is the extracted content (the article root) an article? `hints` are weak page-level signals. */
export function judgeArticle(content: Element, hints: GateHints = {}): GateDecision {
  return judgeFigures(measureContent(content, hints), hints);
}
