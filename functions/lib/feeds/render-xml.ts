import { type Author, type Category, Feed, type Item } from 'feed';
import type { Article, ArticleImage } from '../articles/article.js';
import { toRfc3339 } from '../articles/dates.js';
import { escapeHtml } from '../articles/text.js';
import type { Config, Person } from '../config.js';
import { CONTENT_TYPES, type FeedDocument, type OutputFile, type RenderedItem } from './document.js';
import { createTextSlots, forCdata, hexEscapeText } from './xml-text.js';

const GENERATOR = 'feedwright';
const DC_NS = 'http://purl.org/dc/elements/1.1/';
/** Media RSS, with its trailing slash (the W3C validator refuses it without). */
const MEDIA_NS = 'http://search.yahoo.com/mrss/';
/** RFC 6721 tombstones. */
const TOMBSTONES_NS = 'http://purl.org/atompub/tombstones/1.0';
/** RFC 5005 feed history. */
const HISTORY_NS = 'http://purl.org/syndication/history/1.0';

/**
 * RSS 2.0 through `feed`, plus what the W3C validator and the RSS Advisory
 * Board profile ask for: `dc:creator` for author names (RSS `<author>` must be
 * an email), `isPermaLink="true"` only when the guid is the item's URL, a
 * summary in `description` before `content:encoded`, `ttl`, categories.
 */
export function renderRss(doc: FeedDocument, config: Config): OutputFile {
  // Every plain-text value goes in through a slot, so it comes out with hex references (see xml-text.ts).
  const text = createTextSlots();
  const feed = new Feed({
    ...channelOptions(doc, config),
    title: text.slot(doc.spec.title),
    description: text.slot(doc.spec.description),
    ...(config.copyright ? { copyright: text.slot(config.copyright) } : {}),
    feedLinks: { rss: doc.urls.rss },
    ttl: config.publishIntervalMinutes,
  });
  for (const item of doc.items) feed.addItem(rssItem(item, text.slot, doc.spec.fullContent));
  // What `feed` cannot write, added to each <item> in order: its language when not the feed's, its images.
  const extras = doc.items.map(({ article }) => ({
    children: [
      ...(article.language === doc.language ? [] : [`<dc:language>${article.language}</dc:language>`]),
      ...mediaElements(article),
    ],
  }));
  const xml = withFeedLinks(
    extendEntries(withDcNamespace(text.fill(feed.rss2())), 'item', extras),
    doc,
    'rss',
  );
  const withMedia = hasMedia(doc) ? declareNamespace(xml, '<rss version="2.0"', 'media', MEDIA_NS) : xml;
  return {
    path: `${doc.dir}rss.xml`,
    body: doc.history?.archive
      ? declareNamespace(withMedia, '<rss version="2.0"', 'fh', HISTORY_NS)
      : withMedia,
    contentType: CONTENT_TYPES.rss,
    items: doc.items.length,
  };
}

/**
 * Atom 1.0 (RFC 4287) through `feed`, with ids that never change, `xml:lang`,
 * plain-text titles and categories carrying `term`.
 */
export function renderAtom(doc: FeedDocument, config: Config): OutputFile {
  const text = createTextSlots();
  const feed = new Feed({
    ...channelOptions(doc, config),
    id: text.slot(doc.id),
    title: text.slot(doc.spec.title),
    description: text.slot(doc.spec.description),
    ...(config.copyright ? { copyright: text.slot(config.copyright) } : {}),
    feedLinks: { atom: doc.urls.atom },
    author: atomAuthor(config.author, text.slot),
  });
  const updated = distinctInstants(doc.items.map(({ article }) => article.updated ?? article.date));
  doc.items.forEach((item, index) => {
    feed.addItem(atomItem(item, text.slot, doc.spec.fullContent, updated[index] ?? item.article.date));
  });
  const root = [
    'xmlns="http://www.w3.org/2005/Atom"',
    ...(hasMedia(doc) ? [`xmlns:media="${MEDIA_NS}"`] : []),
    ...(doc.tombstones.length > 0 ? [`xmlns:at="${TOMBSTONES_NS}"`] : []),
    ...(doc.history?.archive ? [`xmlns:fh="${HISTORY_NS}"`] : []),
    `xml:lang="${doc.language}"`,
  ];
  // What `feed` cannot write, added to each <entry> in order: its own language when not the feed's,
  // links to the same story in other languages, its images.
  const extras = doc.items.map(({ article, translations }) => ({
    attributes: article.language === doc.language ? '' : ` xml:lang="${article.language}"`,
    children: [...translationLinks(article, translations), ...mediaElements(article)],
    ...(translations.length > 0 ? { rewrite: explicitAlternate(article.link) } : {}),
  }));
  const xml = extendEntries(
    text.fill(feed.atom1()).replace('<feed xmlns="http://www.w3.org/2005/Atom">', `<feed ${root.join(' ')}>`),
    'entry',
    extras,
  );
  return {
    path: `${doc.dir}atom.xml`,
    body: withFeedLinks(withTombstones(withImageTypes(xml, doc), doc), doc, 'atom'),
    contentType: CONTENT_TYPES.atom,
    items: doc.items.length,
  };
}

/**
 * The same story in other languages, as `rel="alternate"` links with
 * `hreflang` (RFC 4287 allows one alternate per type and language). Readers
 * disagree on which alternate is the entry's link: most take the first, or
 * the first with an explicit `rel="alternate"` (@rowanmanning/feed-parser);
 * feedparser, and the readers built on it, the last. So the entry's own
 * link comes first with an explicit rel (explicitAlternate), and closes the
 * list again with its language: every kind of reader opens the article itself.
 */
function explicitAlternate(link: string): (body: string) => string {
  const written = `<link href="${escapeAttribute(link)}"/>`;
  return (body) =>
    body.replace(written, `<link rel="alternate" type="text/html" href="${escapeAttribute(link)}"/>`);
}

function translationLinks(article: Article, translations: RenderedItem['translations']): string[] {
  if (translations.length === 0) return [];
  const link = (language: string, href: string) =>
    `<link rel="alternate" type="text/html" hreflang="${language}" href="${escapeAttribute(href)}"/>`;
  return [...translations.map((t) => link(t.language, t.link)), link(article.language, article.link)];
}

/**
 * The feed's links beyond self (WebSub hubs, …), right after its self link:
 * `atom:link` in RSS (the RSS Advisory Board's way, as `feed` writes self),
 * `link` in Atom. A subscriber finds the hub and the topic side by side.
 */
function withFeedLinks(xml: string, doc: FeedDocument, format: 'rss' | 'atom'): string {
  const type = format === 'rss' ? 'application/rss+xml' : 'application/atom+xml';
  const history = doc.history;
  const links = [
    ...doc.links,
    ...(history?.current ? [{ rel: 'current', href: history.current[format], type }] : []),
    ...(history?.prevArchive ? [{ rel: 'prev-archive', href: history.prevArchive[format], type }] : []),
    ...(history?.nextArchive ? [{ rel: 'next-archive', href: history.nextArchive[format], type }] : []),
  ];
  if (links.length === 0 && !history?.archive) return xml;
  const self =
    format === 'rss' ? /(\n( *)<atom:link [^>]*rel="self"[^>]*\/>)/ : /(\n( *)<link rel="self"[^>]*\/>)/;
  const element = format === 'rss' ? 'atom:link' : 'link';
  return xml.replace(self, (_, selfLink: string, indent: string) => {
    const written = links.map(
      (link) =>
        `\n${indent}<${element} rel="${link.rel}" href="${escapeAttribute(link.href)}"${link.type ? ` type="${link.type}"` : ''}/>`,
    );
    // RFC 5005: an archive document says so.
    const marker = history?.archive ? `\n${indent}<fh:archive/>` : '';
    return `${selfLink}${written.join('')}${marker}`;
  });
}

/**
 * RFC 6721: a retracted item's tombstone, so readers that know it take the
 * entry down and the others at least see it no longer in the feed. The
 * reason is the `at:comment`.
 */
function withTombstones(xml: string, doc: FeedDocument): string {
  if (doc.tombstones.length === 0) return xml;
  const tombstones = doc.tombstones
    .map(
      (t) =>
        `<at:deleted-entry ref="${escapeAttribute(t.ref)}" when="${toRfc3339(t.when)}"><at:comment type="text">${hexEscapeText(t.reason)}</at:comment></at:deleted-entry>`,
    )
    .join('\n    ');
  const end = xml.lastIndexOf('</feed>');
  return `${xml.slice(0, end)}    ${tombstones}\n${xml.slice(end)}`;
}

function hasMedia(doc: FeedDocument): boolean {
  return doc.items.some(({ article }) => imagesOf(article).length > 0);
}

/** Every image, the main one first; an Article made without `images` (tests) still has its `image`. */
function imagesOf(article: Article): ArticleImage[] {
  return article.images.length > 0 ? article.images : article.image ? [article.image] : [];
}

/**
 * Media RSS for RSS items and Atom entries: each image as `media:content`
 * (medium, type, pixels when known) with its alt text as a plain
 * `media:description` and its credit as `media:credit`; the main image also
 * as `media:thumbnail`, which aggregators show on an item's card.
 */
function mediaElements(article: Article): string[] {
  const images = imagesOf(article);
  if (images.length === 0) return [];
  const size = (image: ArticleImage) =>
    (image.width ? ` width="${image.width}"` : '') + (image.height ? ` height="${image.height}"` : '');
  const contents = images.map((image) => {
    const inner =
      (image.alt ? `<media:description type="plain">${hexEscapeText(image.alt)}</media:description>` : '') +
      (image.credit ? `<media:credit>${hexEscapeText(image.credit)}</media:credit>` : '');
    const attributes = `url="${escapeAttribute(image.url)}" type="${escapeAttribute(image.type)}" medium="image"${image.length > 0 ? ` fileSize="${image.length}"` : ''}${size(image)}`;
    return inner ? `<media:content ${attributes}>${inner}</media:content>` : `<media:content ${attributes}/>`;
  });
  const main = images[0] as ArticleImage;
  return [...contents, `<media:thumbnail url="${escapeAttribute(main.url)}"${size(main)}/>`];
}

/**
 * Adds to the n-th `<item>` or `<entry>` what `feed` cannot write: attributes
 * on its start tag, elements before its end tag (each on its own line,
 * indented as `feed` indents), and any rewrite of its body. Every other `<`
 * in `feed`'s output is escaped text or sanitised HTML in CDATA, where these
 * tags cannot occur; a count that does not match is a bug, and says so.
 */
function extendEntries(
  xml: string,
  tag: 'item' | 'entry',
  extras: ReadonlyArray<{ attributes?: string; children?: string[]; rewrite?: (body: string) => string }>,
): string {
  let index = 0;
  const extended = xml.replace(
    new RegExp(`<${tag}>([\\s\\S]*?)\\n( *)</${tag}>`, 'g'),
    (_, body: string, indent: string) => {
      const extra = extras[index++] ?? {};
      const children = (extra.children ?? []).map((child) => `\n${indent}    ${child}`).join('');
      const rewritten = extra.rewrite ? extra.rewrite(body) : body;
      return `<${tag}${extra.attributes ?? ''}>${rewritten}${children}\n${indent}</${tag}>`;
    },
  );
  if (index !== extras.length) {
    throw new Error(`${extras.length} ${tag}s rendered, but ${index} found in the XML`);
  }
  return extended;
}

function declareNamespace(xml: string, root: string, prefix: string, uri: string): string {
  return xml.replace(root, `${root} xmlns:${prefix}="${uri}"`);
}

/** An attribute value in double quotes. */
function escapeAttribute(value: string): string {
  return value.replace(/[&<>"]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c);
}
const ATTRIBUTE_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function channelOptions(doc: FeedDocument, _config: Config) {
  return {
    link: doc.spec.homeUrl,
    language: doc.language,
    updated: doc.updated,
    generator: GENERATOR,
  };
}

function rssItem(
  { article, html, summary }: RenderedItem,
  slot: (text: string) => string,
  fullContent: boolean,
): Item {
  // A guid that is the item's own URL is a permalink; any other id (tag:, urn:) is not.
  const guidIsLink = article.id === article.link;
  return {
    title: slot(article.title),
    link: article.link,
    ...(guidIsLink ? {} : { guid: slot(article.id) }),
    date: article.updated ?? article.date,
    published: article.date,
    description: forCdata(escapeHtml(summary)),
    ...(fullContent ? { content: forCdata(html) } : {}),
    category: [...article.categories, ...article.tags].map((name) => ({ name: slot(name) })),
    ...(article.image
      ? { image: { url: article.image.url, type: article.image.type, length: article.image.length } }
      : {}),
    extensions: [
      {
        name: 'dc:creator',
        objects: article.authors.map((a) => ({ _text: slot(a.name) })) as unknown as Record<string, unknown>,
      },
    ],
  };
}

function atomItem(
  { article, html, summary }: RenderedItem,
  slot: (text: string) => string,
  fullContent: boolean,
  updated: Date,
): Item {
  return {
    // `feed` writes titles as type="html"; escaping makes a literal "<b>" show as text.
    title: forCdata(escapeHtml(article.title)),
    id: article.id,
    link: article.link,
    date: updated,
    published: article.date,
    description: forCdata(escapeHtml(summary)),
    ...(fullContent ? { content: forCdata(html) } : {}),
    author: article.authors.map((person) => atomAuthor(person, slot)),
    category: [...article.categories, ...article.tags].map((name): Category => ({ term: name })),
    ...(article.image ? { image: { url: article.image.url, length: article.image.length } } : {}),
  };
}

/**
 * Atom `updated` values, made distinct within a feed: the W3C validator warns
 * when two entries share one (common: several articles dated just
 * `2025-04-14`). A repeated instant moves on by a millisecond per entry, in
 * feed order; deterministic, and invisible to readers.
 */
export function distinctInstants(dates: readonly Date[]): Date[] {
  const taken = new Set<number>();
  return dates.map((date) => {
    let time = date.getTime();
    while (taken.has(time)) time += 1;
    taken.add(time);
    return new Date(time);
  });
}

function atomAuthor(person: Person, slot: (text: string) => string): Author {
  return {
    name: slot(person.name),
    ...(person.email ? { email: slot(person.email) } : {}),
    ...(person.url ? { link: person.url } : {}),
  };
}

/** `feed` declares the Dublin Core namespace only when an item has content; we always use dc:creator. */
function withDcNamespace(xml: string): string {
  if (xml.includes('xmlns:dc=')) return xml;
  return xml.replace('<rss version="2.0"', `<rss version="2.0" xmlns:dc="${DC_NS}"`);
}

/**
 * `feed` guesses an Atom enclosure's type from the URL's extension ("image/jpg",
 * or nonsense when there is none); put back the type the article declares.
 * Only enclosure links match: user text sits in CDATA with `<` escaped.
 */
function withImageTypes(xml: string, doc: FeedDocument): string {
  const types = new Map<string, string>();
  for (const { article } of doc.items) {
    if (article.image)
      types.set(article.image.url.replace(/&/g, '&amp;').replace(/"/g, '&quot;'), article.image.type);
  }
  if (types.size === 0) return xml;
  return xml.replace(
    /(<link rel="enclosure" href="([^"]*)") type="[^"]*"/g,
    (whole, head: string, href: string) => (types.has(href) ? `${head} type="${types.get(href)}"` : whole),
  );
}
