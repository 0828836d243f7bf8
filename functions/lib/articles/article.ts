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
  /** sha256 of the cleaned Markdown body. The body itself is not kept: it is read again only to render. */
  bodyHash: string;
}

/** A field the parser did not know; reported, not fatal. */
export interface ArticleWarning {
  file: string;
  field: string;
  message: string;
}
