import type { Person } from '../config.js';

/** An image shown with the item: Media RSS in RSS and Atom, and the main one as enclosure and JSON Feed `image`. */
export interface ArticleImage {
  url: string;
  type: string;
  alt?: string;
  /** Bytes; 0 when unknown, as the RSS Advisory Board recommends. */
  length: number;
  /** Pixels, when the article says. */
  width?: number;
  height?: number;
  /** Who took or owns it (Media RSS `media:credit`). */
  credit?: string;
}

/** A correction note: the item shows it, and its `updated` is the latest one's date. */
export interface Correction {
  date: Date;
  text: string;
}

/** One article, validated: every field here is safe to publish as is. */
export interface Article {
  /** Where it came from, for messages: `content/articles/rabat.md`. */
  file: string;
  /** Permanent identity; never changes when title, slug or link are edited. */
  id: string;
  slug: string;
  title: string;
  date: Date;
  updated?: Date;
  summary?: string;
  authors: Person[];
  categories: string[];
  tags: string[];
  /** The main image (front matter `image`, else the first of `images`): enclosure, JSON Feed `image`. */
  image?: ArticleImage;
  /** Every image, the main one first (Media RSS). */
  images: ArticleImage[];
  draft: boolean;
  /** Canonical URL of the article on the site. */
  link: string;
  /** The source's key (path below the content folder, or S3 key): how to read the body again. */
  key: string;
  /** BCP 47, canonical case (`fr`, `ar`, `fr-MA`): front matter `language`, else the site's. */
  language: string;
  /** Oldest first; the latest one's date is `updated` (unless `updated` is later). */
  corrections: Correction[];
  /** Taken back: in no feed; Atom feeds carry a tombstone for a while (site.yml `retractions.tombstone_days`). */
  retracted?: { date: Date; reason: string };
  /** Versions of the same story in other languages: by a shared key, or by listing their ids. */
  translationKey?: string;
  translations: string[];
}

/**
 * What planning reads of an article: enough to choose and order every
 * feed's items and to name the file in messages — no title, no body. The
 * run index keeps this much per article; the rest is parsed again from the
 * source only for the items some feed renders. An Article is one too.
 */
export interface PlannedArticle {
  file: string;
  key: string;
  id: string;
  slug: string;
  date: Date;
  updated?: Date;
  draft: boolean;
  categories: string[];
  tags: string[];
  authors: Array<{ name: string }>;
  /** Absent: the site's language (the run index stores it only when it differs). */
  language?: string;
  /** When it was retracted: it leaves every feed, and Atom feeds carry its tombstone for a while. */
  retracted?: { date: Date };
  translationKey?: string;
  /** Ids of other-language versions, as front matter lists them. */
  translations?: string[];
  /**
   * The source version the fields were parsed from (a content hash or ETag):
   * with the key, it stands for every field of the item in fingerprints.
   * Absent on Articles made in memory (tests), whose fields stand for themselves.
   */
  version?: string;
}

/** A field the parser did not know; reported, not fatal. */
export interface ArticleWarning {
  file: string;
  field: string;
  message: string;
}
