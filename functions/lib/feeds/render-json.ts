import { toRfc3339 } from '../articles/dates.js';
import type { Config, Person } from '../config.js';
import { CONTENT_TYPES, type FeedDocument, type OutputFile } from './document.js';

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

/**
 * JSON Feed 1.1 (`feed` writes 1.0): `authors`, `language`, `feed_url`, an
 * `id` on every item, `date_published`/`date_modified` in RFC 3339.
 */
export function renderJsonFeed(doc: FeedDocument, config: Config): OutputFile {
  const feed = {
    version: JSON_FEED_VERSION,
    title: doc.spec.title,
    home_page_url: doc.spec.homeUrl,
    // Archive pages are pages of the same feed: its URL is their identity too.
    feed_url: doc.history?.current?.json ?? doc.urls.json,
    description: doc.spec.description,
    // JSON Feed 1.1: "hubs" describes endpoints for real-time notifications (WebSub).
    ...(doc.hubs.length > 0 ? { hubs: doc.hubs.map((url) => ({ type: 'WebSub', url })) } : {}),
    // JSON Feed's paging: next_url gives the older items, from the feed back through its archive pages.
    ...(doc.history?.prevArchive ? { next_url: doc.history.prevArchive.json } : {}),
    language: doc.language,
    authors: [jsonAuthor(config.author)],
    items: doc.items.map(({ article, html, summary }) => ({
      id: article.id,
      url: article.link,
      title: article.title,
      // Summary-only feeds (some partners) carry the summary as the content, plain text.
      ...(doc.spec.fullContent ? { content_html: html, summary } : { content_text: summary, summary }),
      ...(article.image ? { image: article.image.url } : {}),
      // A landscape main image suits a banner (JSON Feed 1.1 `banner_image`); without its size, nobody can tell.
      ...(article.image?.width && article.image.height && article.image.width > article.image.height
        ? { banner_image: article.image.url }
        : {}),
      date_published: toRfc3339(article.date),
      date_modified: toRfc3339(article.updated ?? article.date),
      authors: article.authors.map(jsonAuthor),
      ...(article.categories.length + article.tags.length > 0
        ? { tags: [...article.categories, ...article.tags] }
        : {}),
      ...(article.language === doc.language ? {} : { language: article.language }),
    })),
    // JSON Feed has no way to say an item was taken back; this extension (JSON Feed 1.1 allows
    // `_`-prefixed objects, which readers ignore) says it for partners' code. See docs/FEEDS.md.
    ...(doc.tombstones.length > 0
      ? {
          _retracted: doc.tombstones.map((t) => ({
            id: t.ref,
            date_retracted: toRfc3339(t.when),
            reason: t.reason,
          })),
        }
      : {}),
  };
  return {
    path: `${doc.dir}feed.json`,
    body: `${JSON.stringify(feed, null, 2)}\n`,
    contentType: CONTENT_TYPES.json,
    items: doc.items.length,
  };
}

function jsonAuthor(person: Person) {
  return { name: person.name, ...(person.url ? { url: person.url } : {}) };
}
