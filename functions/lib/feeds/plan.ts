import type { PlannedArticle } from '../articles/article.js';
import { slugify as slugifyOnce } from '../articles/slug.js';
import type { Config, PartnerConfig, PartnerFilter } from '../config.js';

/**
 * slugify, remembered: an archive names a few hundred categories, tags and
 * authors a million times over, and planning slugs every mention.
 */
const slugs = new Map<string, string>();
function slugify(name: string): string {
  let slug = slugs.get(name);
  if (slug === undefined) {
    // Bounded: names come from articles, and a run over hostile ones must not grow without end.
    if (slugs.size >= 100_000) slugs.clear();
    slug = slugifyOnce(name);
    slugs.set(name, slug);
  }
  return slug;
}

export type FeedKind = 'main' | 'category' | 'tag' | 'author' | 'language' | 'partner';

/** One feed to publish, in all three formats, under `dir`. */
export interface FeedSpec<A extends PlannedArticle = PlannedArticle> {
  /** Stable name for reports: `main`, `category:politics`, `partner:le-monde`. */
  key: string;
  kind: FeedKind;
  /** Folder of the feed's files relative to the feeds root: '' or 'categories/politics/'. */
  dir: string;
  title: string;
  description: string;
  /** The HTML page this feed mirrors (`link` / alternate). */
  homeUrl: string;
  /** Newest first, already limited. */
  items: A[];
  /** With site.yml `archives`: the feed's items beyond its limit, newest first (its archive pages). */
  archived: A[];
  /** The feed's item limit: the size of each of its archive pages. */
  pageSize: number;
  /** Retracted items this feed would hold, newest first: Atom carries their tombstones (RFC 6721). */
  tombstones: A[];
  /** The feed's language (language feeds); absent: the site's. */
  language?: string;
  /** Listed on index.html and in feeds.opml; partner feeds never are. */
  isPublic: boolean;
  /** Full HTML content, or the summary only. */
  fullContent: boolean;
  /** Query parameters added to item links (campaign tracking); ids never change. */
  linkParams: Array<[string, string]>;
}

export interface FeedPlan<A extends PlannedArticle = PlannedArticle> {
  specs: FeedSpec<A>[];
  /** Slug collisions and names that give no path, for the run's report. */
  warnings: string[];
}

const DIRS = { category: 'categories', tag: 'tags', author: 'authors' } as const;
/** The site.yml key and the plural people read in messages. */
const KIND_LABEL = { category: 'categories', tag: 'tags', author: 'authors' } as const;

/**
 * Which feeds to build from the live articles (newest first): the main feed;
 * one per category, tag and author (each kind switchable, with its own item
 * limit) at stable slugged paths; one per partner on its own terms.
 *
 * @example planFeeds(live, config, { now }).specs.map((s) => s.dir)
 *   // ['', 'categories/politics/', 'tags/morocco/', 'authors/amina/', 'partners/le-monde/']
 */
export function planFeeds<A extends PlannedArticle>(
  live: readonly A[],
  config: Config,
  options: {
    now: Date;
    /** Language feeds: `auto`, when the articles are in two languages or more (the default); or always, or never. */
    languageFeeds?: 'auto' | 'always' | 'never';
  },
): FeedPlan<A> {
  const warnings: string[] = [];
  const specs: FeedSpec<A>[] = [
    {
      key: 'main',
      kind: 'main',
      dir: '',
      title: config.title,
      description: config.description,
      homeUrl: config.homeUrl,
      items: live.slice(0, config.itemLimit),
      archived: config.archives ? live.slice(config.itemLimit) : [],
      pageSize: config.itemLimit,
      tombstones: [],
      isPublic: true,
      fullContent: true,
      linkParams: [],
    },
  ];
  const namesOf = {
    category: (a: A) => a.categories,
    tag: (a: A) => a.tags,
    author: (a: A) => a.authors.map((p) => p.name),
  };
  for (const kind of ['category', 'tag', 'author'] as const) {
    const settings = config.feeds[KIND_LABEL[kind]];
    if (!settings.enabled) continue;
    for (const group of groupBySlug(live, namesOf[kind], kind, warnings)) {
      specs.push({
        key: `${kind}:${group.slug}`,
        kind,
        dir: `${DIRS[kind]}/${group.slug}/`,
        title: `${config.title} — ${kind === 'author' ? `Articles by ${group.name}` : group.name}`,
        description:
          kind === 'author'
            ? `Articles by ${group.name} from ${config.title}.`
            : `Articles ${kind === 'tag' ? 'tagged' : 'in'} ${group.name} from ${config.title}.`,
        homeUrl: config.homeUrl,
        items: group.articles.slice(0, settings.itemLimit),
        archived: config.archives ? group.articles.slice(settings.itemLimit) : [],
        pageSize: settings.itemLimit,
        tombstones: [],
        isPublic: true,
        fullContent: true,
        linkParams: [],
      });
    }
  }
  const languageFeeds = config.feeds.languages.enabled ? (options.languageFeeds ?? 'auto') : 'never';
  if (languageFeeds !== 'never') specs.push(...languageSpecs(live, config, languageFeeds === 'always'));
  for (const partner of config.partners) specs.push(partnerSpec(live, partner, config, options.now));
  return { specs, warnings };
}

/**
 * One feed per language under `languages/<tag>/` (lower case, as URLs are
 * usually written), when the live articles are in more than one: a
 * single-language site's main feed already is its language feed. Titled
 * with the language's own name (`Français`, `العربية`), described in English.
 */
function languageSpecs<A extends PlannedArticle>(
  live: readonly A[],
  config: Config,
  always: boolean,
): FeedSpec<A>[] {
  const byLanguage = new Map<string, A[]>();
  for (const article of live) {
    const tag = article.language ?? config.language;
    let articles = byLanguage.get(tag);
    if (!articles) {
      articles = [];
      byLanguage.set(tag, articles);
    }
    articles.push(article);
  }
  if (byLanguage.size < 2 && !always) return [];
  return [...byLanguage.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([tag, articles]) => {
      const dir = `languages/${tag.toLowerCase()}/`;
      return {
        key: `language:${tag}`,
        kind: 'language' as const,
        dir,
        title: `${config.title} — ${nativeName(tag)}`,
        description: `Articles in ${englishName(tag)} from ${config.title}.`,
        homeUrl: config.homeUrl,
        items: articles.slice(0, config.feeds.languages.itemLimit),
        archived: config.archives ? articles.slice(config.feeds.languages.itemLimit) : [],
        pageSize: config.feeds.languages.itemLimit,
        tombstones: [],
        language: tag,
        isPublic: true,
        fullContent: true,
        linkParams: [],
      };
    });
}

/** `Français`, `العربية`, `English`: a language named in itself, first letter up where the script has case. */
export function nativeName(tag: string): string {
  const name = displayName(tag, tag);
  return name.charAt(0).toLocaleUpperCase(tag) + name.slice(1);
}

function englishName(tag: string): string {
  return displayName('en', tag);
}

function displayName(locale: string, tag: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

interface NameGroup<A> {
  slug: string;
  /** The spelling most articles use; ties go to the first in code-point order. */
  name: string;
  articles: A[];
}

/**
 * Groups articles by the slug of each name. Names that differ only in case or
 * punctuation share a slug: they become one feed, and the run reports it.
 */
function groupBySlug<A extends PlannedArticle>(
  live: readonly A[],
  namesOf: (a: A) => string[],
  kind: keyof typeof DIRS,
  warnings: string[],
): NameGroup<A>[] {
  const groups = new Map<string, { spellings: Map<string, number>; articles: A[] }>();
  for (const article of live) {
    const slugsSeen = new Set<string>();
    for (const name of namesOf(article)) {
      const slug = slugify(name);
      if (slug === '') {
        warnings.push(
          `${article.file}: ${KIND_LABEL[kind]}: "${name}" has no letters or digits, so it gets no feed`,
        );
        continue;
      }
      let group = groups.get(slug);
      if (!group) {
        group = { spellings: new Map(), articles: [] };
        groups.set(slug, group);
      }
      group.spellings.set(name, (group.spellings.get(name) ?? 0) + 1);
      if (!slugsSeen.has(slug)) group.articles.push(article);
      slugsSeen.add(slug);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([slug, group]) => {
      const spellings = [...group.spellings.entries()].sort(
        ([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0),
      );
      const name = spellings[0]?.[0] ?? slug;
      if (spellings.length > 1) {
        const all = spellings.map(([s]) => `"${s}"`).join(', ');
        warnings.push(
          `${KIND_LABEL[kind]} ${all} share the path ${DIRS[kind]}/${slug}/; published as one feed, "${name}"`,
        );
      }
      return { slug, name, articles: group.articles };
    });
}

function partnerSpec<A extends PlannedArticle>(
  live: readonly A[],
  partner: PartnerConfig,
  config: Config,
  now: Date,
): FeedSpec<A> {
  const visibleUntil = now.getTime() - partner.delayHours * 3_600_000;
  const all = live
    .filter((a) => a.date.getTime() <= visibleUntil)
    .filter((a) => matchesAny(a, partner.include, true) && !matchesAny(a, partner.exclude, false));
  const items = all.slice(0, partner.itemLimit);
  return {
    key: `partner:${partner.slug}`,
    kind: 'partner',
    dir: `partners/${partner.slug}${partner.secret ? `-${partner.secret}` : ''}/`,
    title: partner.title,
    description: `${config.description} (for ${partner.name})`,
    homeUrl: config.homeUrl,
    items,
    // Partners backfill from the archive too, on the same terms.
    archived: config.archives ? all.slice(partner.itemLimit) : [],
    pageSize: partner.itemLimit,
    tombstones: [],
    isPublic: false,
    fullContent: partner.fullContent,
    linkParams: partner.linkParams,
  };
}

/**
 * True when the article has one of the filter's categories, tags or authors
 * (compared by slug, so "Politics" matches "politics"). An empty filter
 * matches `whenEmpty`: include-all, exclude-none.
 */
function matchesAny(article: PlannedArticle, filter: PartnerFilter, whenEmpty: boolean): boolean {
  const wanted = [
    ...filter.categories.map((c) => `c:${slugify(c)}`),
    ...filter.tags.map((t) => `t:${slugify(t)}`),
    ...filter.authors.map((a) => `a:${slugify(a)}`),
  ];
  if (wanted.length === 0) return whenEmpty;
  const has = new Set([
    ...article.categories.map((c) => `c:${slugify(c)}`),
    ...article.tags.map((t) => `t:${slugify(t)}`),
    ...article.authors.map((p) => `a:${slugify(p.name)}`),
  ]);
  return wanted.some((w) => has.has(w));
}
