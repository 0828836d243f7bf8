import { type Author, type Category, Feed, type Item } from 'feed';
import { escapeHtml } from '../articles/text.js';
import type { Config, Person } from '../config.js';
import { CONTENT_TYPES, type FeedDocument, type OutputFile, type RenderedItem } from './document.js';
import { createTextSlots, forCdata } from './xml-text.js';

const GENERATOR = 'feedwright';
const DC_NS = 'http://purl.org/dc/elements/1.1/';

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
  return {
    path: `${doc.spec.dir}rss.xml`,
    body: withDcNamespace(text.fill(feed.rss2())),
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
  const xml = text
    .fill(feed.atom1())
    .replace(
      '<feed xmlns="http://www.w3.org/2005/Atom">',
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${config.language}">`,
    );
  return {
    path: `${doc.spec.dir}atom.xml`,
    body: withImageTypes(xml, doc),
    contentType: CONTENT_TYPES.atom,
    items: doc.items.length,
  };
}

function channelOptions(doc: FeedDocument, config: Config) {
  return {
    link: doc.spec.homeUrl,
    language: config.language,
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
