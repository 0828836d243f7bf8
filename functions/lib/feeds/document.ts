import type { Article } from '../articles/article.js';
import type { FeedSpec } from './plan.js';

/** An article ready to render: its HTML and summary are computed once and shared by all three formats. */
export interface RenderedItem {
  article: Article;
  /** Sanitised HTML with absolute URLs. */
  html: string;
  /** Plain text: front matter `summary`, else an excerpt of the first paragraph. */
  summary: string;
}

/** Everything a format renderer needs; pure data. */
export interface FeedDocument {
  spec: FeedSpec;
  items: RenderedItem[];
  /** Newest item's last change, never the build time, so unchanged collections give unchanged bytes. */
  updated: Date;
  /** Public URLs of the three files, for self links. */
  urls: { rss: string; atom: string; json: string };
  /** Feed-level permanent id (tag: URI). */
  id: string;
}

/** One file to publish. */
export interface OutputFile {
  /** Relative to the feeds root: `rss.xml`, `categories/politics/atom.xml`. */
  path: string;
  body: string;
  contentType: string;
  /** Items in the feed; only feed files have it. */
  items?: number;
}

export const CONTENT_TYPES = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  opml: 'text/x-opml; charset=utf-8',
} as const;
