import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { isKnownTimeZone } from './articles/dates.js';
import { ConfigError, describeError } from './errors.js';
import { describeIssues, isHttpUrl, LANGUAGE_TAG } from './validation.js';

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

const siteSchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty'),
  description: z.string().trim().min(1, 'must not be empty'),
  home_url: baseUrl,
  feeds_url: baseUrl,
  language: z
    .string()
    .regex(LANGUAGE_TAG, 'must be a BCP 47 language tag such as "en" or "fr-MA"')
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
});

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
}

/** Values that replace site.yml keys, e.g. from the environment of a deployment. */
export type ConfigOverrides = Partial<Pick<Config, 'feedsUrl' | 'homeUrl'>>;

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
    throw new ConfigError(`${source}: not valid YAML: ${describeError(error)}`, { cause: error });
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
    language: site.language,
    author: site.author,
    timeZone: site.time_zone,
    itemLimit: site.item_limit,
    publishIntervalMinutes: site.publish_interval_minutes,
    idAuthority: site.id_authority.toLowerCase(),
    maxArticleBytes: site.max_article_bytes,
    ...(site.copyright === undefined ? {} : { copyright: site.copyright }),
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const checked = baseUrl.safeParse(value);
    if (!checked.success)
      throw new ConfigError(`override ${key}: "${value}" must be an absolute http(s) URL`);
    Object.assign(config, { [key]: checked.data });
  }
  return config;
}
