import type { Person } from '../config.js';

/** An image shown with the item: RSS enclosure, Atom enclosure link, JSON Feed `image`. */
export interface ArticleImage {
  url: string;
  type: string;
  alt?: string;
  /** Bytes; 0 when unknown, as the RSS Advisory Board recommends. */
  length: number;
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
  image?: ArticleImage;
  draft: boolean;
  /** Canonical URL of the article on the site. */
  link: string;
  /** The source's key (path below the content folder, or S3 key): how to read the body again. */
  key: string;
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
