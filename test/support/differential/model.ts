import fc from 'fast-check';
import { stringify } from 'yaml';

/**
 * The model of the differential test: what the editors' content looks like
 * (articles and site.yml, as plain data we render to files), the operations
 * that change it or the clocks, and their fast-check arbitraries. Every
 * operation holds only small numbers and picks from fixed pools, so a
 * counterexample shrinks to something a person can read.
 */

export const NAMES = [
  'alpha',
  'bravo',
  'charlie',
  'delta',
  'echo',
  'foxtrot',
  'golf',
  'hotel',
  'india',
  'juliet',
  // Non-ASCII, and a name whose slug and default id are those of `alpha`: clashes arise by themselves.
  'café',
  'Alpha',
] as const;
export const TITLES = [
  'Morning briefing',
  'Budget vote delayed',
  'Storm warning issued',
  'Election results',
  'New library opens',
  'Café reopens downtown',
] as const;
export const SUMMARIES = ['A short summary.', 'What happened, and why it matters.'] as const;
export const BODIES = [
  'Body text.\n',
  'A first paragraph about the news.\n\nA second paragraph with *emphasis* and a [link](https://example.org/a).\n',
  '# Heading\n\n- one\n- two\n\nClosing words here.\n',
  'Ünïcödé body — with accents, and café.\n',
  'Short.\n',
] as const;
/** `News` and `news` share the slug `news`: one feed, named by the more common spelling. */
export const CATEGORIES = ['News', 'Sport', 'Culture', 'news'] as const;
export const TAGS = ['morocco', 'economy', 'AI', 'climate'] as const;
export const AUTHORS = ['Amina', 'Bilal', 'Chen'] as const;
export const ZONES = ['UTC', 'Africa/Casablanca', 'America/New_York'] as const;
export const SITE_TITLES = ['Test Site', 'The Daily Test'] as const;
export const PARTNER_NAMES = ['Le Monde', 'Wire Service'] as const;
export const SECRETS = ['s3cr3t-0123456789ab', 'other-secret-9876543210'] as const;
export const KINDS = ['categories', 'tags', 'authors'] as const;

export type Kind = (typeof KINDS)[number];
export type Breakage = 'date' | 'title' | 'updated' | 'yaml' | 'unclosed';

/** The model clock starts here; article dates are relative to the clock when they are written. */
export const START = Date.parse('2025-06-01T12:00:00Z');

/** One article file as the editor wrote it. */
export interface ArticleModel {
  title: string;
  /** As written: `2025-06-01T10:00:00Z`, or `2025-06-01 10:00` (wall clock in the site's time zone). */
  date: string;
  updated: string | null;
  summary: string | null;
  categories: string[];
  tags: string[];
  authors: string[];
  draft: boolean;
  id: string | null;
  slug: string | null;
  link: string | null;
  image: string | null;
  body: string;
  broken: Breakage | null;
}

export interface PartnerModel {
  name: string;
  delayHours: number;
  secret: string | null;
  includeTag: string | null;
}

export interface SiteModel {
  title: string;
  itemLimit: number;
  timeZone: string;
  removeStale: boolean;
  kinds: Record<Kind, { enabled: boolean; itemLimit: number | null }>;
  partners: PartnerModel[];
}

/** Generated parameters of a new article (dates relative to the model clock). */
export interface ArticleSpec {
  title: number;
  minutes: number;
  updatedHours: number | null;
  localTime: boolean;
  categories: string[];
  tags: string[];
  authors: string[];
  draft: boolean;
  pinId: boolean;
  pinSlug: boolean;
  link: boolean;
  image: boolean;
  summary: number | null;
  body: number;
  broken: Breakage | null;
}

export type FieldEdit =
  | { field: 'title'; title: number }
  | { field: 'tags'; tags: string[] }
  | { field: 'categories'; categories: string[] }
  | { field: 'authors'; authors: string[] }
  | { field: 'date'; minutes: number }
  | { field: 'updated'; hours: number | null }
  | { field: 'draft' }
  | { field: 'summary'; summary: number | null }
  | { field: 'slug'; pinned: boolean }
  | { field: 'image'; on: boolean };

export type SiteEdit =
  | { key: 'title'; title: number }
  | { key: 'item_limit'; limit: number }
  | { key: 'kind'; kind: Kind; enabled: boolean; itemLimit: number | null }
  | { key: 'remove_stale'; on: boolean }
  | { key: 'partner'; which: number; partner: Omit<PartnerModel, 'name'> | null }
  | { key: 'time_zone'; zone: number };

/** An operation that changes content or a clock, followed by one run (or, for compound ones, two). */
export type SimpleOp =
  | { op: 'add'; name: number; article: ArticleSpec }
  | { op: 'editBody'; pick: number; body: number; append: boolean }
  | { op: 'editFront'; pick: number; edit: FieldEdit }
  | { op: 'sameSize'; pick: number; where: 'body' | 'title'; at: number }
  | { op: 'rename'; pick: number; name: number }
  | { op: 'delete'; pick: number }
  | { op: 'break'; pick: number; how: Breakage }
  | { op: 'fix'; pick: number }
  | { op: 'site'; edit: SiteEdit }
  | { op: 'embargoDue'; pick: number }
  | { op: 'partnerDelay'; pick: number; partner: number }
  | { op: 'clock'; minutes: number }
  | { op: 'revert' }
  | { op: 'rerun' };

export type Op =
  | SimpleOp
  /** Two files claim one id (or slug); after a run, the one that won is deleted. */
  | { op: 'duplicate'; pick: number; name: number; claim: 'id' | 'slug'; article: ArticleSpec }
  /** `edit` (if any) is applied, then the run is killed after `k` target writes. */
  | { op: 'crash'; k: number; edit: SimpleOp | null; recover: boolean };

export interface SequenceCase {
  site: SiteModel;
  articles: Array<{ name: number; article: ArticleSpec }>;
  ops: Op[];
}

// ---------------------------------------------------------------------------------------------
// Rendering the model to files

const SITE_BASE = {
  description: 'Articles for tests.',
  home_url: 'https://site.test/',
  feeds_url: 'https://feeds.site.test/',
  language: 'en',
  author: { name: 'Test Desk' },
  publish_interval_minutes: 15,
  id_authority: 'site.test,2025',
};

export function siteYaml(site: SiteModel): string {
  const kind = (k: Kind) => ({
    enabled: site.kinds[k].enabled,
    ...(site.kinds[k].itemLimit === null ? {} : { item_limit: site.kinds[k].itemLimit }),
  });
  const doc = {
    title: site.title,
    ...SITE_BASE,
    time_zone: site.timeZone,
    item_limit: site.itemLimit,
    feeds: {
      categories: kind('categories'),
      tags: kind('tags'),
      authors: kind('authors'),
      remove_stale: site.removeStale,
    },
    partners: site.partners.map((p) => ({
      name: p.name,
      delay_hours: p.delayHours,
      ...(p.secret === null ? {} : { secret: p.secret }),
      ...(p.includeTag === null ? {} : { include: { tags: [p.includeTag] } }),
    })),
  };
  return stringify(doc, { lineWidth: 0 });
}

export function articleFileText(a: ArticleModel): string {
  const fields: Record<string, unknown> = {
    title: a.broken === 'title' ? '' : a.title,
    date: a.broken === 'date' ? 'next tuesday' : a.date,
  };
  if (a.broken === 'updated') fields.updated = '2001-01-01T00:00:00Z';
  else if (a.updated !== null) fields.updated = a.updated;
  if (a.summary !== null) fields.summary = a.summary;
  if (a.authors.length > 0) fields.authors = a.authors;
  if (a.categories.length > 0) fields.categories = a.categories;
  if (a.tags.length > 0) fields.tags = a.tags;
  if (a.draft) fields.draft = true;
  if (a.id !== null) fields.id = a.id;
  if (a.slug !== null) fields.slug = a.slug;
  if (a.link !== null) fields.link = a.link;
  if (a.image !== null) fields.image = a.image;
  const yaml = stringify(fields, { lineWidth: 0 });
  if (a.broken === 'yaml') return `---\nbad: [unclosed\n${yaml}---\n${a.body}`;
  if (a.broken === 'unclosed') return `---\n${yaml}\n${a.body}`;
  return `---\n${yaml}---\n${a.body}`;
}

/** `2025-06-01T10:00:00Z`, or `2025-06-01 10:00` read in the site's time zone. */
export function writtenDate(ms: number, localTime: boolean): string {
  const iso = new Date(ms).toISOString();
  return localTime ? iso.slice(0, 16).replace('T', ' ') : iso.replace('.000Z', 'Z');
}

export function articleFromSpec(spec: ArticleSpec, name: string, now: number): ArticleModel {
  const date = now + spec.minutes * 60_000;
  return {
    title: TITLES[spec.title % TITLES.length] ?? 'Untitled',
    date: writtenDate(date, spec.localTime),
    updated: spec.updatedHours === null ? null : writtenDate(date + spec.updatedHours * 3_600_000, false),
    summary: spec.summary === null ? null : (SUMMARIES[spec.summary % SUMMARIES.length] ?? null),
    categories: [...spec.categories],
    tags: [...spec.tags],
    authors: [...spec.authors],
    draft: spec.draft,
    id: spec.pinId ? `tag:site.test,2025:pinned-${name}` : null,
    slug: spec.pinSlug ? `story-${name}` : null,
    link: spec.link ? `https://elsewhere.test/${encodeURIComponent(name)}` : null,
    image: spec.image ? `/images/${encodeURIComponent(name)}.jpg` : null,
    body: BODIES[spec.body % BODIES.length] ?? 'Body.\n',
    broken: spec.broken,
  };
}

export function partnerSlug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const breakage = fc.constantFrom<Breakage>('date', 'title', 'updated', 'yaml', 'unclosed');

export const articleSpecArb: fc.Arbitrary<ArticleSpec> = fc.record({
  title: fc.nat(TITLES.length - 1),
  // Mostly in the past (live), one in four in the future (embargoed).
  minutes: fc.oneof(
    { arbitrary: fc.integer({ min: -72 * 60, max: 0 }).map((m) => m - (m % 15)), weight: 3 },
    { arbitrary: fc.integer({ min: 1, max: 24 * 60 }).map((m) => m - (m % 15) + 15), weight: 1 },
  ),
  updatedHours: fc.option(fc.integer({ min: 1, max: 48 }), { freq: 3 }),
  localTime: fc.boolean(),
  categories: fc.subarray([...CATEGORIES], { maxLength: 2 }),
  tags: fc.subarray([...TAGS], { maxLength: 2 }),
  authors: fc.subarray([...AUTHORS], { maxLength: 2 }),
  draft: fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, { arbitrary: fc.constant(true), weight: 1 }),
  pinId: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
  pinSlug: fc.oneof(
    { arbitrary: fc.constant(false), weight: 5 },
    { arbitrary: fc.constant(true), weight: 1 },
  ),
  link: fc.oneof({ arbitrary: fc.constant(false), weight: 6 }, { arbitrary: fc.constant(true), weight: 1 }),
  image: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }),
  summary: fc.option(fc.nat(SUMMARIES.length - 1), { freq: 2 }),
  body: fc.nat(BODIES.length - 1),
  broken: fc.option(breakage, { freq: 8 }),
});

const fieldEdit: fc.Arbitrary<FieldEdit> = fc.oneof(
  fc.record({ field: fc.constant('title' as const), title: fc.nat(TITLES.length - 1) }),
  fc.record({ field: fc.constant('tags' as const), tags: fc.subarray([...TAGS], { maxLength: 3 }) }),
  fc.record({
    field: fc.constant('categories' as const),
    categories: fc.subarray([...CATEGORIES], { maxLength: 2 }),
  }),
  fc.record({ field: fc.constant('authors' as const), authors: fc.subarray([...AUTHORS], { maxLength: 2 }) }),
  fc.record({
    field: fc.constant('date' as const),
    minutes: fc.integer({ min: -72 * 60, max: 24 * 60 }).map((m) => m - (m % 15)),
  }),
  fc.record({ field: fc.constant('updated' as const), hours: fc.option(fc.integer({ min: 1, max: 48 })) }),
  fc.record({ field: fc.constant('draft' as const) }),
  fc.record({ field: fc.constant('summary' as const), summary: fc.option(fc.nat(SUMMARIES.length - 1)) }),
  fc.record({ field: fc.constant('slug' as const), pinned: fc.boolean() }),
  fc.record({ field: fc.constant('image' as const), on: fc.boolean() }),
);

const partnerArb: fc.Arbitrary<Omit<PartnerModel, 'name'>> = fc.record({
  delayHours: fc.constantFrom(0, 1, 6, 24),
  secret: fc.option(fc.constantFrom(...SECRETS)),
  includeTag: fc.option(fc.constantFrom(...TAGS), { freq: 3 }),
});

const siteEdit: fc.Arbitrary<SiteEdit> = fc.oneof(
  fc.record({ key: fc.constant('title' as const), title: fc.nat(SITE_TITLES.length - 1) }),
  fc.record({ key: fc.constant('item_limit' as const), limit: fc.constantFrom(1, 2, 3, 50) }),
  fc.record({
    key: fc.constant('kind' as const),
    kind: fc.constantFrom(...KINDS),
    enabled: fc.boolean(),
    itemLimit: fc.option(fc.constantFrom(1, 2), { freq: 3 }),
  }),
  fc.record({ key: fc.constant('remove_stale' as const), on: fc.boolean() }),
  fc.record({
    key: fc.constant('partner' as const),
    which: fc.nat(PARTNER_NAMES.length - 1),
    partner: fc.option(partnerArb, { freq: 3 }),
  }),
  fc.record({ key: fc.constant('time_zone' as const), zone: fc.nat(ZONES.length - 1) }),
);

const pick = fc.nat(11);

/** Every weight here is how often the operation comes up, relative to the others. */
export const simpleOpArb: fc.Arbitrary<SimpleOp> = fc.oneof(
  {
    arbitrary: fc.record({ op: fc.constant('add' as const), name: pick, article: articleSpecArb }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('editBody' as const),
      pick,
      body: fc.nat(BODIES.length - 1),
      append: fc.boolean(),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('editFront' as const), pick, edit: fieldEdit }), weight: 5 },
  {
    arbitrary: fc.record({
      op: fc.constant('sameSize' as const),
      pick,
      where: fc.constantFrom('body' as const, 'title' as const),
      at: fc.nat(40),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('rename' as const), pick, name: pick }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('delete' as const), pick }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('break' as const), pick, how: breakage }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('fix' as const), pick }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('site' as const), edit: siteEdit }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('embargoDue' as const), pick }), weight: 2 },
  {
    arbitrary: fc.record({ op: fc.constant('partnerDelay' as const), pick, partner: fc.nat(1) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('clock' as const),
      minutes: fc.oneof(
        fc.integer({ min: -120, max: 120 }),
        fc.integer({ min: -48, max: 96 }).map((h) => h * 60),
        fc.integer({ min: -3, max: 5 }).map((d) => d * 24 * 60),
      ),
    }),
    weight: 2,
  },
  { arbitrary: fc.constant({ op: 'revert' as const }), weight: 1 },
  { arbitrary: fc.constant({ op: 'rerun' as const }), weight: 1 },
);

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: simpleOpArb, weight: 30 },
  {
    arbitrary: fc.record({
      op: fc.constant('duplicate' as const),
      pick,
      name: pick,
      claim: fc.constantFrom('id' as const, 'slug' as const),
      article: articleSpecArb,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('crash' as const),
      k: fc.nat(6),
      edit: fc.option(simpleOpArb, { freq: 4 }),
      recover: fc.boolean(),
    }),
    weight: 3,
  },
);

export const siteArb: fc.Arbitrary<SiteModel> = fc.record({
  title: fc.constant('Test Site'),
  itemLimit: fc.constantFrom(50, 50, 3, 2),
  timeZone: fc.constant('UTC'),
  removeStale: fc.oneof(
    { arbitrary: fc.constant(true), weight: 3 },
    { arbitrary: fc.constant(false), weight: 1 },
  ),
  kinds: fc.record({
    categories: fc.record({ enabled: fc.constant(true), itemLimit: fc.constant(null) }),
    tags: fc.record({
      enabled: fc.oneof(
        { arbitrary: fc.constant(true), weight: 4 },
        { arbitrary: fc.constant(false), weight: 1 },
      ),
      itemLimit: fc.constant(null),
    }),
    authors: fc.record({ enabled: fc.boolean(), itemLimit: fc.constant(null) }),
  }),
  partners: fc.oneof(
    { arbitrary: fc.constant([] as PartnerModel[]), weight: 2 },
    {
      arbitrary: partnerArb.map((p): PartnerModel[] => [{ name: PARTNER_NAMES[0], ...p }]),
      weight: 1,
    },
  ),
});

/**
 * Whole sequences: a site, a starting collection, then up to `maxOps`
 * operations. `skip` leaves operations out by name (`sameSize`, `crash`…), to
 * look past a known defect that would otherwise mask the others.
 */
export function caseArb(maxOps: number, skip: ReadonlySet<string> = new Set()): fc.Arbitrary<SequenceCase> {
  const allowed = (op: Op): boolean =>
    !skip.has(op.op) && (op.op !== 'crash' || op.edit === null || !skip.has(op.edit.op));
  return fc.record({
    site: siteArb,
    articles: fc.uniqueArray(fc.record({ name: fc.nat(NAMES.length - 1), article: articleSpecArb }), {
      maxLength: 6,
      selector: (a) => a.name,
    }),
    ops: fc.array(skip.size === 0 ? opArb : opArb.filter(allowed), {
      minLength: 1,
      maxLength: maxOps,
      size: 'max',
    }),
  });
}
