/**
 * The vocabulary of page furniture, in one place: class/id tokens, roles, tags and the text
 * patterns (headings, lines, labels in several languages) that the prepare/ and clean/ rules match,
 * and {@link looksLikeClutter}, the judge of an element's class/id/role/aria vocabulary.
 *
 * Signals are general on purpose (we are judged on sites we have never seen): whole tokens of
 * class and id, not site names, and short boilerplate phrases in several languages.
 */
import { classAndId, tagOf } from './dom';

/**
 * Class/id tokens that mark page furniture. Matched against whole tokens of the class and id,
 * split on `-`, `_`, spaces and camelCase, so "share-bar" and "relatedArticles" match but
 * "shared" or "adaptive" do not.
 */
export const CLUTTER_TOKENS = new Set([
  'share',
  'sharing',
  'sharebar',
  'sharetools',
  'shares',
  'social',
  'socials',
  'sociallinks',
  'newsletter',
  'newsletters',
  'signup',
  'subscribe',
  'subscription',
  'subscriptions',
  'related',
  'recommended',
  'recommendations',
  'recommendation',
  'recirculation',
  'recirc',
  'trending',
  'popular',
  'mostread',
  'mostpopular',
  'mostviewed',
  'morestories',
  'readmore',
  'readnext',
  'promo',
  'promotion',
  'cta',
  'advert',
  'advertisement',
  'advertising',
  'ad',
  'ads',
  'adslot',
  'adunit',
  'adsbygoogle',
  'dfp',
  'gpt',
  'sponsor',
  'sponsored',
  'outbrain',
  'taboola',
  'teads',
  'cookie',
  'cookies',
  'consent',
  'gdpr',
  'cmp',
  'comment',
  'comments',
  'disqus',
  'respond',
  'discussion',
  'breadcrumb',
  'breadcrumbs',
  'toolbar',
  'paywall',
  'modal',
  'popup',
  'overlay',
  'donate',
  'donation',
  'bio',
  'authorbio',
  'tags',
  'tagcloud',
  'topics',
  'keywords',
  'print',
  'pagination',
  'pager',
  'nav',
  'navigation',
  'menu',
  'masthead',
  'footer',
  'sidebar',
  'rail',
  'widget',
  'widgets',
]);

/** Token pairs that together mark furniture though neither does alone. */
export const CLUTTER_TOKEN_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['read', 'more'],
  ['more', 'stories'],
  ['more', 'articles'],
  ['most', 'read'],
  ['most', 'popular'],
  ['most', 'viewed'],
  ['read', 'next'],
  ['up', 'next'],
  ['author', 'info'],
  ['author', 'box'],
  ['author', 'card'],
  ['about', 'author'],
  ['author', 'profile'],
  ['author', 'details'],
  ['you', 'like'],
  ['also', 'like'],
  ['sign', 'up'],
  ['editors', 'picks'],
  ['top', 'stories'],
];

/** Tokens that mark the article itself: an element carrying them is never furniture by name alone. */
export const CONTENT_TOKENS = new Set(['article', 'body', 'content', 'entry', 'main', 'post', 'story', 'text', 'prose', 'richtext']);

/** Tokens strong enough to win over a content token on the same element ("article-share-bar"). */
export const STRONG_CLUTTER_TOKENS = new Set([
  'share',
  'sharing',
  'sharebar',
  'social',
  'newsletter',
  'signup',
  'related',
  'recommended',
  'trending',
  'popular',
  'promo',
  'advert',
  'advertisement',
  'ad',
  'ads',
  'adslot',
  'comments',
  'comment',
  'cookie',
  'consent',
  'outbrain',
  'taboola',
  'bio',
  'tags',
  'sponsored',
  'recirc',
  'recirculation',
  'readmore',
]);

/** Roles that are furniture by definition. */
export const CLUTTER_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'dialog', 'alertdialog', 'search', 'menu', 'menubar']);

/** Tags that are never article content. */
export const CLUTTER_TAGS = new Set(['nav', 'form', 'button', 'select', 'input', 'textarea', 'dialog']);

/** Cheap pre-filter: a class/id without any of these substrings cannot match the token vocabulary. */
export const CLUTTER_HINT_RE =
  /cta|share|sharing|social|newsletter|sign|subscri|related|recommend|recirc|trending|popular|most|more|read|next|promo|ad|sponsor|outbrain|taboola|teads|cookie|consent|gdpr|cmp|comment|disqus|respond|discussion|breadcrumb|toolbar|paywall|modal|popup|overlay|donat|bio|author|tag|topic|keyword|print|pag|nav|menu|masthead|footer|sidebar|rail|widget|like|pick|stories|gpt|dfp/i;

/** Class names of math typesetters (MathJax, KaTeX, MathQuill), whose output is article content. */
export const MATH_CLASS_RE = /\b(?:mathjax|katex|mathquill|mjx)/i;

/** aria-label words that mark furniture ("Share this story", "Related articles"). */
const CLUTTER_LABEL_RE = /\b(?:share|newsletter|sign.?up|advert|cookie|comments?|related|trending|recommended|most popular)\b/;

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
  if (lowerLabel && CLUTTER_LABEL_RE.test(lowerLabel)) {
    return true;
  }
  if (tokens.length === 0) return tag === 'aside';
  if (tokens.some((t) => CONTENT_TOKENS.has(t)) && !tokens.some((t) => STRONG_CLUTTER_TOKENS.has(t))) return false;
  if (tokens.some((t) => CLUTTER_TOKENS.has(t))) return true;
  const set = new Set(tokens);
  if (CLUTTER_TOKEN_PAIRS.some(([a, b]) => set.has(a) && set.has(b))) return true;
  return tag === 'aside';
}

/** Class/id tokens of the article's own furniture: bylines, datelines, section labels, credits. */
export const META_TOKENS = new Set([
  'byline',
  'bylines',
  'author',
  'authors',
  'dateline',
  'date',
  'dates',
  'time',
  'timestamp',
  'published',
  'pubdate',
  'updated',
  'kicker',
  'eyebrow',
  'category',
  'categories',
  'credit',
  'credits',
  'meta',
  'metadata',
  'posted',
  'readtime',
  'contributor',
  'contributors',
  'writer',
]);
/** Cheap pre-filter: a class/id without any of these substrings holds no {@link META_TOKENS} token. */
export const META_HINT_RE = /byline|author|date|time|stamp|publish|kicker|eyebrow|categor|credit|meta|posted|readtime|contributor|writer|updated/i;

/** Class tokens of picture captions and credits that sites write without <figcaption>. */
export const CAPTION_TOKENS = new Set(['caption', 'captions', 'figcaption', 'credit', 'credits', 'photocredit', 'imagecredit', 'cutline']);

/** Class tokens of a box that holds one picture: its short text is the caption. */
export const PICTURE_BOX_TOKENS = new Set(['image', 'img', 'photo', 'picture', 'media', 'figure', 'illustration']);

/** Headings of recommendation rails and other furniture sections, in several languages. */
export const CLUTTER_HEADING_RE = new RegExp(
  [
    'trending(?: now| stories| news| articles| topics)?',
    'most (?:popular|read|viewed|shared|emailed)(?: .{0,30})?',
    'popular (?:now|articles|stories)',
    'recommended(?: (?:for|by) .{1,40}| stories| articles| for you| reading)?',
    'related(?: (?:stories|articles|content|posts|news|coverage|topics|links|reading))?',
    'more (?:from|on|stories|news|in|about|like this|to (?:read|explore))(?: .{0,40})?',
    'read (?:more|next)',
    'up next',
    'more .{0,25}(?:stories|articles|news|reads|reading|coverage|videos)',
    // A bare "Latest …" or "Popular …" can be a subheading of the story ("Latest figures show
    // growth"): only with a rail noun does it name a rail.
    '(?:related|recommended|popular|trending|latest) (?:.{0,20} )?(?:stories|articles|news|posts|reads|videos|content|links|topics|coverage|headlines|updates)',
    'tell us what you think.*',
    'what do you think.*',
    'join the (?:conversation|discussion)',
    'want more (?:stories|articles|news)(?: like this)?',
    'share (?:this|your) .{0,25}',
    'also (?:on|from) .{1,30}',
    'around the web',
    'from (?:our|the) partners',
    'sponsored (?:stories|content|links)',
    'you (?:may|might) (?:also )?(?:like|enjoy|be interested)',
    'editor.?s? picks',
    'top stories',
    'latest (?:news|stories|articles)',
    'don.?t miss',
    'sign up',
    '(?:our |free )?newsletters?',
    'comments?(?: \\(\\d+\\))?',
    'leave a (?:comment|reply)',
    'share (?:this|the) (?:article|story|post|page)',
    'about the authors?',
    'tags',
    'topics',
    'see also',
    'follow us',
    'in other news',
    // de, fr, es, it, pt, nl, ru
    'mehr zum thema',
    'das könnte sie (?:auch )?interessieren',
    'meistgelesen',
    'empfehlungen',
    'kommentare',
    'à lire aussi',
    'lire aussi',
    'sur le même sujet',
    'les plus lus',
    'commentaires',
    'te puede interesar',
    'lo más leído',
    'noticias relacionadas',
    'comentarios',
    'más noticias',
    'potrebbe interessarti',
    'più letti',
    'leia também',
    'mais lidas',
    'notícias relacionadas',
    'lees ook',
    'meest gelezen',
    'читайте также',
    'популярное',
    'комментарии',
    'самые (?:популярные|читаемые)(?: (?:статьи|новости|материалы|публикации|записи))?',
    'отзывы',
    'добавить (?:отзыв|комментарий)',
    'more',
  ].join('|'),
  'i',
);
/** A whole line that is a rail heading, with its trailing punctuation. */
export const CLUTTER_HEADING_FULL_RE = new RegExp(`^(?:${CLUTTER_HEADING_RE.source})\\s*[:.!?…]*$`, 'i');

/** Leads of "Read more:" style cross-links, in several languages. */
export const READ_MORE_LEAD_RE =
  /^(?:read (?:more|also|next)|related(?: (?:stories|articles|content|coverage))?|see also|see more|also see|more(?: on this)?|also read|watch|listen|recommended|click here|lire aussi|à lire aussi|voir aussi|lesen sie auch|mehr zum thema|auch interessant|lee también|leer más|lea también|ver también|leia também|leggi anche|lees ook|zie ook|читайте также|см\. также|czytaj (?:też|także)|läs också|læs også|les også)\b\s*[:：\-–—]/i;

/** A "Read more" / promo paragraph is short; long paragraphs that merely start that way are prose. */
export const SHORT_PARAGRAPH_CHARS = 220;

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
    '\\bclick(?:ing)? here\\b',
    '^(?:©|\\(c\\)|copyright\\b)',
    '\\ball rights reserved\\b',
    '^the contents of this site are\\b',
    '^\\(?(?:photo(?:graph)?|image|picture|credit|foto|bild|imagem|imagen)s?\\s*(?:credit)?\\s*:',
    // Gallery counters: "Image 2 of 5".
    '^(?:image|photo|picture|slide|foto|bild|imagen|imagem)\\s+\\d+\\s*(?:of|/|von|de|sur|di)\\s*\\d+$',
    '^\\d+ of \\d+$',
    '\\b(?:getty images|shutterstock|ap photo|reuters/)\\S*$',
    // Wire and agency credits closing a story: "SOURCE: News agencies", "Quelle: dpa".
    '^(?:source|sources|quelle|fuente|fonte|источник)\\s*:\\s*\\S.{0,60}$',
    '^(?:atenção|attention|note|nota|hinweis)\\s*:\\s*comm?ent',
    '\\bcomments? (?:are|is) (?:closed|moderated)\\b',
  ].join('|'),
  'i',
);

/** Text of an element that is only an ad label. */
export const AD_LABEL_RE =
  /^(?:advertisement|advertising|advert|adverts|ad|ads|sponsored(?: content)?|story continues below(?: this)? advertisement|article continues below(?: this)? (?:advertisement|ad)|continue reading below|anzeige|werbung|publicité|publicidad|pubblicità|publicidade|advertentie|реклама|reklama|annons|広告|광고|广告|廣告)$/i;

/** Bylines and datelines written as text: "By Jane Doe", "Published: 10:48, Tue, Nov 19, 2019". */
export const DATELINE_RE =
  /^(?:\|?\s*(?:published|updated|posted|last (?:updated|modified)|first published|publicado|actualizado|atualizado|veröffentlicht|aktualisiert|publié|mis à jour|pubblicato|aggiornato)\b(?=[^\n]*\d)\s*(?:on|at|:|am|le|em|el|il)?\s*.{0,80}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\s*[-–|]\s*publicado por.{0,160})$/iu;
/** "By Jane Doe" lines: case matters (capitalised names), so this one has no i flag. */
export const BYLINE_LINE_RE = /^(?:By|BY|Por|POR|Par|Von|Door|Di)\s+(?:\p{Lu}[\p{L}.'’-]*\s*){1,4}(?:(?:[-–—|,]|and|y|et|und)\s*.{0,40})?$/u;

/** A month or weekday name, a clock time or a numeric date: what makes a line a date rather than a year. */
export const FULL_DATE_RE =
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\b\d{1,2}:\d{2}\b|\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;

/** The "By" of a byline, in several languages. */
export const BYLINE_LEAD_RE = /^(?:by|von|par|por|door|di|de)\s+/i;

/** What a tag list holds besides its links: separators and a label ("Tags:", "Schlagwörter"). */
export const TAG_LIST_REST_RE =
  /^[\s,;:·|•/#]*(?:(?:tags?|tagged(?: with)?|topics?|keywords?|filed under|etiquetas|schlagwörter|mots-clés|tag)\s*[:\s]?)?[\s,;:·|•/#]*$/i;

/**
 * Class tokens of the permalink anchor a documentation or blog generator puts inside a heading:
 * Sphinx "headerlink", GitHub and Jekyll "anchor", MkDocs "md-header__permalink", anchor.js
 * "anchorjs-link", Docusaurus "hash-link", Bikeshed "self-link". Adjacent tokens are also matched
 * joined, so "anchor-link" and "heading-anchor" count as "anchorlink" and "headinganchor".
 */
export const PERMALINK_TOKENS = new Set([
  'headerlink',
  'headinglink',
  'headeranchor',
  'headinganchor',
  'anchor',
  'anchorlink',
  'anchorjs',
  'permalink',
  'hashlink',
  'selflink',
  'deeplink',
]);

/** Text of a permalink anchor: a pilcrow, hash, section sign, link or anchor symbol, or nothing. */
export const PERMALINK_TEXT_RE = /^(?:[\s\u200b-\u200d\u2060\ufeff]|\ufe0f)*(?:[¶#§⚓]|🔗|🔖)?(?:[\s\u200b-\u200d\u2060\ufeff]|\ufe0f)*$/u;

/** Whether an element's class names it a permalink anchor (see {@link PERMALINK_TOKENS}). */
export function hasPermalinkClass(el: Element): boolean {
  const tokens = tokensOf(el.getAttribute('class') ?? '');
  return tokens.some((t, i) => PERMALINK_TOKENS.has(t) || PERMALINK_TOKENS.has(t + (tokens[i + 1] ?? '')));
}

/**
 * Consent notices (the gate reads them; prepare/clutter removes the banners by class): a paragraph
 * is a consent notice when it names what is consented to ({@link CONSENT_SUBJECT_RE}: cookies,
 * consent, tracking, personalised ads, legitimate interest) and speaks to the reader of "our
 * partners" and "your device, consent, choices" ({@link CONSENT_ADDRESS_RE}). A news story about
 * cookie rules names the subject but speaks of users and companies, not to "you" of "our partners".
 * Motivated by: cookie walls and "accept or subscribe" walls that replace the page (German, French).
 */
const CONSENT_SUBJECTS = [
  // en, fr, es, it, pt, nl, de, pl, sv, da/no, tr, ru, ja, zh, ko, ar
  'cookies?',
  'consent',
  'einwilligung(?:en)?',
  'zustimmung',
  'consentement',
  'consentimiento',
  'consenso',
  'consentimento',
  'toestemming',
  'zgod[aęy]',
  'samtycke',
  'samtykke',
  'çerez(?:ler)?',
  'согласи[еяю]',
  'куки',
  'tracking',
  'trackers?',
  'traceurs?',
  'rastreo',
  'rastreamento',
  'tracciamento',
  'personali[sz]ed (?:ads|advertising|content)',
  'personalisierte (?:werbung|anzeigen|inhalte)',
  'publicités? (?:personnalisées|ciblées)',
  'publicidad personalizada',
  'pubblicità personalizzata',
  'publicidade personalizada',
  'gepersonaliseerde advertenties',
  'legitimate interests?',
  'berechtigte[ns]? interesse',
  'intérêt légitime',
  'interés legítimo',
  'interesse legittimo',
  'interesse legítimo',
  'クッキー',
  '同意',
  '쿠키',
  '동의',
  'ملفات تعريف الارتباط',
  'الكوكيز',
  'الموافقة',
];
const CONSENT_ADDRESSES = [
  'our (?:\\d+ )?(?:partners|vendors)',
  'your (?:device|consent|choices?|preferences|browser)',
  'unse(?:re|ren) (?:\\d+ )?partner(?:n)?',
  'ihre[mnr]? (?:gerät|endgerät|einwilligung|zustimmung|auswahl|einstellungen)',
  'nos (?:\\d+ )?partenaires',
  'votre (?:appareil|terminal|consentement|choix|navigateur)',
  'vos choix',
  'nuestros (?:\\d+ )?socios',
  'su (?:dispositivo|consentimiento|navegador)',
  'i nostri (?:\\d+ )?partner',
  '(?:il )?tuo (?:dispositivo|consenso)',
  'nossos (?:\\d+ )?parceiros',
  'seu (?:dispositivo|consentimento)',
  'onze (?:\\d+ )?partners',
  'uw (?:apparaat|toestemming|voorkeuren)',
  'nasi (?:\\d+ )?partnerzy',
  'iş ortaklarımız',
  'наши (?:\\d+ )?партн[её]ры',
  'вашем устройстве',
  '当サイト',
  'お客様',
  '本网站',
  '您的',
  '귀하',
  'شركاؤنا',
  'جهازك',
];
/** Phrases of scripts written without spaces between words, or with particles joined to them (CJK, Hangul, Arabic). */
const UNSPACED_PHRASE_RE = /^[\u0600-\u06ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]/u;
/** Whole words or phrases: no letter or digit may touch either end, except in {@link UNSPACED_PHRASE_RE} scripts, matched anywhere. */
const phrases = (list: readonly string[]): RegExp =>
  new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${list.join('|')})(?![\\p{L}\\p{N}])|${list.filter((p) => UNSPACED_PHRASE_RE.test(p)).join('|')}`, 'iu');
export const CONSENT_SUBJECT_RE = phrases(CONSENT_SUBJECTS);
export const CONSENT_ADDRESS_RE = phrases(CONSENT_ADDRESSES);

/** Whether a paragraph's text reads as a consent notice: it names a consent subject and addresses the reader. */
export function isConsentText(text: string): boolean {
  return CONSENT_SUBJECT_RE.test(text) && CONSENT_ADDRESS_RE.test(text);
}

/**
 * Class tokens of a wiki's "edit this section" control beside a heading: MediaWiki's
 * "mw-editsection" (and the older "editsection"), "section-edit", "edit-section", "editlink".
 * Adjacent tokens are also matched joined, as for {@link PERMALINK_TOKENS}.
 */
export const EDIT_CONTROL_TOKENS = new Set(['editsection', 'sectionedit', 'editlink', 'editsectionlink']);

/** A link that opens an editor: MediaWiki's action=edit and visual editor, DokuWiki's do=edit. */
const EDIT_HREF_RE = /[?&](?:action=(?:edit|submit)|veaction=edit(?:source)?|do=edit)(?:&|#|$)/i;

/** An edit control's text is a word or two in brackets ("[edit]", "[Bearbeiten | Quelltext bearbeiten]"). */
const EDIT_CONTROL_MAX_CHARS = 40;

/**
 * Whether an element is the edit control a wiki puts beside a section heading: classed as one, or
 * a short link (or a short box around one) that opens the section in an editor.
 */
export function isEditControl(el: Element): boolean {
  if ((el.textContent ?? '').trim().length > EDIT_CONTROL_MAX_CHARS) return false;
  const tokens = tokensOf(el.getAttribute('class') ?? '');
  if (tokens.some((t, i) => EDIT_CONTROL_TOKENS.has(t) || EDIT_CONTROL_TOKENS.has(t + (tokens[i + 1] ?? '')))) return true;
  const links = el.localName === 'a' ? [el] : Array.from(el.getElementsByTagName('a'));
  return links.length > 0 && links.every((a) => EDIT_HREF_RE.test(a.getAttribute('href') ?? ''));
}
