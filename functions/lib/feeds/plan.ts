import type { Article } from '../articles/article.js';
import type { Config } from '../config.js';

/** One feed to publish, in all three formats, under `dir`. */
export interface FeedSpec {
  /** Stable name for reports: `main`, `category:politics`. */
  key: string;
  /** Folder of the feed's files relative to the feeds root: '' or 'categories/politics/'. */
  dir: string;
  title: string;
  description: string;
  /** The HTML page this feed mirrors (`link` / alternate). */
  homeUrl: string;
  /** Newest first, already limited. */
  items: Article[];
}

/**
 * Which feeds to build from the live articles. For now the main feed; the
 * per-category, tag, author and partner feeds join it here.
 */
export function planFeeds(live: readonly Article[], config: Config): FeedSpec[] {
  return [
    {
      key: 'main',
      dir: '',
      title: config.title,
      description: config.description,
      homeUrl: config.homeUrl,
      items: live.slice(0, config.itemLimit),
    },
  ];
}
