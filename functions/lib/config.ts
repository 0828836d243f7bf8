import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { isKnownTimeZone } from './articles/dates.js';
import { yamlHint } from './articles/front-matter.js';
import { SLUG, slugify } from './articles/slug.js';
import { ConfigError } from './errors.js';
import { canonicalLanguage, describeIssues, isHttpUrl } from './validation.js';

const httpUrl = z.string().refine(isHttpUrl, { error: 'must be an absolute http(s) URL' });

/** A URL that relative paths are resolved against, so it always ends in `/`. */
const baseUrl = httpUrl.transform((value) => {
  const url = new URL(value);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url.href;
});

const personSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty'),
  email: z.email().optional(),
  url: httpUrl.optional(),
});

const slugField = z
  .string()
  .transform((v) => v.trim().normalize('NFC'))
  .pipe(z.string().regex(SLUG, 'must be letters and digits joined by "-" or "_"'));

const feedKindSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    item_limit: z.number().int().min(1).max(10_000).optional(),
  })
  .default({ enabled: true });

const nameList = z.array(z.string().trim().min(1)).default([]);
const filterSchema = z.strictObject({ categories: nameList, tags: nameList, authors: nameList }).optional();

const partnerSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty'),
  slug: slugField.optional(),
  title: z.string().trim().min(1).optional(),
  // Long enough that nobody guesses it: the feed's path is its only protection.
  secret: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{16,64}$/,
      'must be 16-64 letters, digits, "-" or "_" (generate one: openssl rand -hex 16)',
    )
    .optional(),
  include: filterSchema,
  exclude: filterSchema,
  content: z.enum(['full', 'summary']).default('full'),
  item_limit: z.number().int().min(1).max(10_000).optional(),
  link_params: z
    .record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be a plain parameter name'), z.string())
    .optional(),
  delay_hours: z
    .number()
    .min(0)
    .max(24 * 365)
    .default(0),
});

const siteSchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty'),
  description: z.string().trim().min(1, 'must not be empty'),
  home_url: baseUrl,
  feeds_url: baseUrl,
  language: z
    .string()
    .transform((value, ctx) => {
      const tag = canonicalLanguage(value.trim());
      if (tag) return tag;
      ctx.addIssue({ code: 'custom', message: 'must be a BCP 47 language tag such as "en" or "fr-MA"' });
      return z.NEVER;
    })
    .default('en'),
  copyright: z.string().trim().min(1).optional(),
  author: personSchema,
  time_zone: z
    .string()
    .refine(isKnownTimeZone, { error: 'must be an IANA time zone such as "Africa/Casablanca"' })
    .default('UTC'),
  item_limit: z.number().int().min(1).max(10_000).default(50),
  publish_interval_minutes: z.number().int().min(1).max(1440).default(15),
  id_authority: z
    .string()
    .regex(
      /^[a-z0-9.-]+(@[a-z0-9.-]+)?,\d{4}(-\d{2}(-\d{2})?)?$/i,
      'must be a tag URI authority and date such as "example.com,2025" (RFC 4151)',
    ),
  max_article_bytes: z
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  feeds: z
    .strictObject({
      categories: feedKindSchema,
      tags: feedKindSchema,
      authors: feedKindSchema,
      // One feed per language, made when the live articles are in more than one.
      languages: feedKindSchema,
      remove_stale: z.boolean().default(false),
    })
    .default({
      categories: { enabled: true },
      tags: { enabled: true },
      authors: { enabled: true },
      languages: { enabled: true },
      remove_stale: false,
    }),
  retractions: z
    .strictObject({ tombstone_days: z.number().int().min(0).max(3650).default(30) })
    .default({ tombstone_days: 30 }),
  // RFC 5005 archived feeds: older items in immutable pages under <feed>/archive/<n>/.
  archives: z.boolean({ error: 'must be true or false' }).default(false),
  // WebSub hubs every feed advertises and each run notifies of the feeds it changed.
  websub: z
    .strictObject({ hubs: z.array(httpUrl).max(10, 'has more than 10 hubs').default([]) })
    .default({ hubs: [] }),
  partners: z.array(partnerSchema).default([]),
  guards: z
    .strictObject({ max_drop_share: z.number().min(0).max(1).default(0.5) })
    .default({ max_drop_share: 0.5 }),
});

/** Which kinds of per-name feeds to build, and how many items each holds. */
export interface FeedKindConfig {
  enabled: boolean;
  itemLimit: number;
}

/** Items a partner may take: any listed category, tag or author (empty: all), none of the excluded. */
export interface PartnerFilter {
  categories: string[];
  tags: string[];
  authors: string[];
}

/** A feed made for one syndication partner, on its terms. Never listed publicly. */
export interface PartnerConfig {
  name: string;
  slug: string;
  title: string;
  /** Appended to the partner's path so it cannot be guessed. */
  secret?: string;
  include: PartnerFilter;
  exclude: PartnerFilter;
  fullContent: boolean;
  itemLimit: number;
  /** Added to item links, in this order, e.g. utm_source=partner; ids stay unchanged. */
  linkParams: Array<[string, string]>;
  /** Items appear this many hours after publication. */
  delayHours: number;
}

export type Person = z.infer<typeof personSchema>;

/** The site as the pipeline sees it: validated once, never re-checked. */
export interface Config {
  title: string;
  description: string;
  /** The site's home page; article links default to `homeUrl + slug/`. */
  homeUrl: string;
  /** Public base URL the feed files are served from (bucket or CDN). */
  feedsUrl: string;
  language: string;
  copyright?: string;
  author: Person;
  timeZone: string;
  itemLimit: number;
  publishIntervalMinutes: number;
  /** Tagging entity of RFC 4151 tag: URIs, e.g. `feedwright.example,2025`. */
  idAuthority: string;
  maxArticleBytes: number;
  feeds: {
    categories: FeedKindConfig;
    tags: FeedKindConfig;
    authors: FeedKindConfig;
    languages: FeedKindConfig;
    removeStale: boolean;
  };
  /** How long Atom feeds carry a retracted item's tombstone (RFC 6721), in days; 0: none. */
  tombstoneDays: number;
  /** WebSub hubs (W3C): advertised by every feed, notified after a run changes feeds. */
  websubHubs: string[];
  /** RFC 5005 archived feeds: the items beyond each feed's limit, in pages under `<feed>/archive/<n>/`. */
  archives: boolean;
  partners: PartnerConfig[];
  /** Share of a published feed's items one run may drop before it refuses (see feeds/guard.ts). */
  maxDropShare: number;
}

/** Values that replace site.yml keys, e.g. from the environment of a deployment. */
export type ConfigOverrides = Partial<Pick<Config, 'feedsUrl' | 'homeUrl'>>;

function feedKind(
  raw: { enabled: boolean; item_limit?: number | undefined },
  siteLimit: number,
): FeedKindConfig {
  return { enabled: raw.enabled, itemLimit: raw.item_limit ?? siteLimit };
}

function partnerConfig(
  raw: z.infer<typeof partnerSchema>,
  siteTitle: string,
  siteLimit: number,
): PartnerConfig {
  const filter = (f: typeof raw.include): PartnerFilter => ({
    categories: f?.categories ?? [],
    tags: f?.tags ?? [],
    authors: f?.authors ?? [],
  });
  return {
    name: raw.name,
    slug: raw.slug ?? slugify(raw.name),
    title: raw.title ?? siteTitle,
    ...(raw.secret ? { secret: raw.secret } : {}),
    include: filter(raw.include),
    exclude: filter(raw.exclude),
    fullContent: raw.content === 'full',
    itemLimit: raw.item_limit ?? siteLimit,
    linkParams: Object.entries(raw.link_params ?? {}),
    delayHours: raw.delay_hours,
  };
}

/**
 * Parses `content/site.yml`. Errors name the file and the key:
 * `content/site.yml: home_url: must be an absolute http(s) URL`.
 *
 * @example parseSiteConfig(await readFile('content/site.yml', 'utf8'), 'content/site.yml')
 */
export function parseSiteConfig(yamlText: string, source: string, overrides: ConfigOverrides = {}): Config {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText, { maxAliasCount: 50 });
  } catch (error) {
    // The parser's message, once: its first line, with the place it names moved to the front.
    const message = error instanceof Error ? error.message : String(error);
    const first = message.split('\n')[0] ?? message;
    const place = / at line (\d+), column (\d+):?\s*$/.exec(first);
    const reason = first.replace(/ at line \d+, column \d+:?\s*$/, '');
    const where = place ? ` (line ${place[1]}, column ${place[2]})` : '';
    throw new ConfigError(`${source}: not valid YAML${where}: ${reason}${yamlHint(reason)}`);
  }
  const parsed = siteSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const lines = describeIssues(parsed.error).map(({ field, reason }) => `${source}: ${field}: ${reason}`);
    throw new ConfigError(lines.join('\n'));
  }
  const site = parsed.data;
  const config: Config = {
    title: site.title,
    description: site.description,
    homeUrl: site.home_url,
    feedsUrl: site.feeds_url,
    // Canonical (`fr-MA`, not `fr-ma`): articles' languages are compared with it.
    language: site.language,
    author: site.author,
    timeZone: site.time_zone,
    itemLimit: site.item_limit,
    publishIntervalMinutes: site.publish_interval_minutes,
    idAuthority: site.id_authority.toLowerCase(),
    maxArticleBytes: site.max_article_bytes,
    feeds: {
      categories: feedKind(site.feeds.categories, site.item_limit),
      tags: feedKind(site.feeds.tags, site.item_limit),
      authors: feedKind(site.feeds.authors, site.item_limit),
      languages: feedKind(site.feeds.languages, site.item_limit),
      removeStale: site.feeds.remove_stale,
    },
    tombstoneDays: site.retractions.tombstone_days,
    archives: site.archives,
    // Deduplicated, in the order given: the first hub is the one readers that take only one use.
    websubHubs: [...new Set(site.websub.hubs.map((hub) => new URL(hub).href))],
    partners: site.partners.map((p) => partnerConfig(p, site.title, site.item_limit)),
    maxDropShare: site.guards.max_drop_share,
    ...(site.copyright === undefined ? {} : { copyright: site.copyright }),
  };
  const seen = new Map<string, number>();
  for (const [index, partner] of config.partners.entries()) {
    const earlier = seen.get(partner.slug);
    if (earlier !== undefined) {
      throw new ConfigError(
        `${source}: partners[${index}].slug: "${partner.slug}" is already used by partners[${earlier}]`,
      );
    }
    seen.set(partner.slug, index);
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const checked = baseUrl.safeParse(value);
    if (!checked.success)
      throw new ConfigError(`override ${key}: "${value}" must be an absolute http(s) URL`);
    Object.assign(config, { [key]: checked.data });
  }
  return config;
}
