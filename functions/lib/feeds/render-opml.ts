import type { PageModel, PublicFeedEntry } from './page-model.js';

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  // A parser turns raw tabs and line breaks in an attribute into spaces; references keep them.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * `feeds.opml`: every public feed as an OPML 2.0 subscription list that
 * readers import in one go, in model order, pointing at the absolute RSS URLs.
 * `dateCreated` is the newest feed's date (RFC 822), never the clock, so the
 * same model gives the same bytes.
 *
 * @example
 *   renderOpml(model);
 *   // '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">…
 *   //  <outline type="rss" text="Site" title="Site" description="…" xmlUrl="https://feeds.site.test/rss.xml" htmlUrl="https://site.test/"/>…'
 */
export function renderOpml(model: PageModel): string {
  const newest = newestUpdate(model.feeds);
  const head = [
    `    <title>${escapeText(model.site.title)}</title>`,
    ...(newest ? [`    <dateCreated>${newest.toUTCString()}</dateCreated>`] : []),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head>
${head.join('\n')}
  </head>
  <body>
${model.feeds.map((feed) => outline(feed, model.site.homeUrl)).join('\n')}
  </body>
</opml>
`;
}

function outline(feed: PublicFeedEntry, homeUrl: string): string {
  const attributes: Array<[string, string]> = [
    ['type', 'rss'],
    ['text', feed.title],
    ['title', feed.title],
    ...(feed.description ? [['description', feed.description] as [string, string]] : []),
    ['xmlUrl', feed.urls.rss],
    ['htmlUrl', homeUrl],
  ];
  return `    <outline ${attributes.map(([name, value]) => `${name}="${escapeAttribute(value)}"`).join(' ')}/>`;
}

function newestUpdate(feeds: readonly PublicFeedEntry[]): Date | undefined {
  let newest: Date | undefined;
  for (const feed of feeds) {
    if (!newest || feed.updated.getTime() > newest.getTime()) newest = feed.updated;
  }
  return newest;
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c);
}

function escapeText(value: string): string {
  return value.replace(/[&<>]/g, (c) => TEXT_ESCAPES[c] ?? c);
}
