/**
 * What the people-facing files (index.html, feeds.opml) are made from.
 * Pure data, built by the pipeline from the feed plan; partner feeds are never in it.
 */

export interface SiteInfo {
  title: string;
  description: string;
  /** BCP 47, e.g. "en". */
  language: string;
  /** The site's home page, absolute. */
  homeUrl: string;
  /** Public base URL of the feeds (ends in "/"); index.html and feeds.opml live at its root. */
  feedsUrl: string;
  /** IANA zone people read the page's times in (site.yml `time_zone`); UTC when absent. */
  timeZone?: string;
}

/** One public feed, published in three formats under `dir`. */
export interface PublicFeedEntry {
  /** Stable name: "main", "category:politics", "tag:security", "author:amina-el-idrissi". */
  key: string;
  kind: 'main' | 'category' | 'tag' | 'author' | 'language';
  /** A language feed's language; its title is in that language. */
  language?: string;
  /** "feedwright demo — Politics". */
  title: string;
  description: string;
  /** Items in the feed. */
  items: number;
  /** The feed's own date: its newest item's last change. */
  updated: Date;
  /** Paths relative to the feeds root, e.g. "categories/politics/rss.xml"; use these for links in index.html. */
  paths: { rss: string; atom: string; json: string };
  /** Absolute public URLs (feedsUrl + path); use these in feeds.opml. */
  urls: { rss: string; atom: string; json: string };
}

/** An item of the main feed, for the "latest" list on the page. */
export interface LatestItem {
  title: string;
  /** Absolute URL of the article on the site. */
  link: string;
  date: Date;
  /** Plain text. */
  summary: string;
  /** BCP 47: the item's own language (an Arabic story on an English site reads right to left). */
  language: string;
}

export interface PageModel {
  site: SiteInfo;
  /** Main feed first, then categories, tags, authors, languages; each group sorted by title. */
  feeds: PublicFeedEntry[];
  /** Newest first, at most 20. */
  latest: LatestItem[];
}
