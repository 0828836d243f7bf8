import type { Article } from '../articles/article.js';
import type { FeedSpec } from './plan.js';

/** An article ready to render: its HTML and summary are computed once and shared by all three formats. */
export interface RenderedItem {
  article: Article;
  /** Sanitised HTML with absolute URLs. */
  html: string;
  /** Plain text: front matter `summary`, else an excerpt of the first paragraph. */
  summary: string;
  /** The same story in other languages (Atom `link rel="alternate" hreflang`). */
  translations: Array<{ language: string; link: string }>;
}

/** A retracted item a feed would hold: Atom carries it as an RFC 6721 `at:deleted-entry`. */
export interface Tombstone {
  /** The item's id, as its entries carried it. */
  ref: string;
  when: Date;
  reason: string;
  link: string;
}

/** Everything a format renderer needs; pure data. */
export interface FeedDocument {
  spec: FeedSpec;
  items: RenderedItem[];
  /** Retracted items, newest first, for as long as site.yml `retractions.tombstone_days` says. */
  tombstones: Tombstone[];
  /** BCP 47: the feed's language; items in another carry their own. */
  language: string;
  /** WebSub hubs the feed advertises (`rel="hub"`, JSON Feed `hubs`). */
  hubs: string[];
  /**
   * Feed-level links beyond self and the home page, written as `atom:link`
   * in RSS and `link` in Atom: the hubs, and any others a feed needs.
   */
  links: Array<{ rel: string; href: string; type?: string }>;
  /**
   * RFC 5005 archived feeds: the subscription document links its newest
   * archive page (`prev-archive`); an archive page links the subscription
   * document (`current`) and its neighbours, and is marked `fh:archive`
   * (`archive`). Each link names the same document in the three formats.
   */
  history?: {
    archive: boolean;
    current?: FeedUrls;
    prevArchive?: FeedUrls;
    nextArchive?: FeedUrls;
  };
  /** Newest item's last change, never the build time, so unchanged collections give unchanged bytes. */
  updated: Date;
  /** Folder of the document's files below the feeds root: the feed's, or one of its archive pages'. */
  dir: string;
  /** Public URLs of the three files, for self links. */
  urls: FeedUrls;
  /** Feed-level permanent id (tag: URI). */
  id: string;
}

/** One feed document's public URLs, in its three formats. */
export interface FeedUrls {
  rss: string;
  atom: string;
  json: string;
}

/** One file to publish. */
export interface OutputFile {
  /** Relative to the feeds root: `rss.xml`, `categories/politics/atom.xml`. */
  path: string;
  body: string;
  contentType: string;
  /** Items in the feed; only feed files have it. */
  items?: number;
  /**
   * Items retracted from the feed that it carries tombstones of: a
   * retraction is an intended removal, so the shrink guard counts them as
   * if still there (the recorded count stays `items`).
   */
  retractions?: number;
  /** Served with this instead of the target's default (archive pages that never change again). */
  cacheControl?: string;
}

/** For archive pages that a newer page follows: their bytes are final. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export const CONTENT_TYPES = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  opml: 'text/x-opml; charset=utf-8',
} as const;
