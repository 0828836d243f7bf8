import fc from 'fast-check';
import { parseIsoDate } from '../../../functions/lib/articles/dates.js';
import { slugify } from '../../../functions/lib/articles/slug.js';
import { type Config, parseSiteConfig } from '../../../functions/lib/config.js';
import { publishFeeds, type RunSummary } from '../../../functions/lib/pipeline.js';
import { createMemoryTarget } from '../../../functions/lib/targets/memory.js';
import { crashingTarget, killedLock } from './crash.js';
import {
  type ArticleModel,
  articleFileText,
  articleFromSpec,
  BODIES,
  CORRECTION_TEXTS,
  caseArb,
  HUBS,
  type ImageModel,
  idOf,
  imageOf,
  LANGUAGES,
  NAMES,
  type Op,
  PARTNER_NAMES,
  RETRACTION_REASONS,
  type SequenceCase,
  SITE_LANGUAGES,
  SITE_TITLES,
  type SimpleOp,
  type SiteModel,
  START,
  SUMMARIES,
  siteYaml,
  TITLES,
  TRANSLATION_KEYS,
  translationId,
  writtenDate,
  ZONES,
} from './model.js';
import { compareNotified, compareOutputs, type Difference } from './oracle.js';
import type { World, WorldFactory } from './world.js';

/** Sequences interpreted and operations executed (shrinking included), for the report. */
export interface Stats {
  sequences: number;
  steps: number;
  runs: number;
  /** Checked runs whose fresh build showed each feature: proof that the model reaches it. */
  seen: Record<string, number>;
}

/** What a fresh build may show, each found by a marker in its files. */
const FEATURES: Record<string, (path: string, body: string) => boolean> = {
  'language feeds': (path) => path.startsWith('languages/'),
  'other-language entries': (path, body) => path.endsWith('atom.xml') && body.includes('<entry xml:lang='),
  'translation links': (path, body) => path.endsWith('atom.xml') && body.includes('hreflang='),
  'correction notes': (path, body) => path === 'atom.xml' && /(Correction|Rectificatif|تصحيح) \(/.test(body),
  tombstones: (path, body) => path.endsWith('atom.xml') && body.includes('deleted-entry'),
  'Media RSS': (path, body) => path === 'rss.xml' && body.includes('<media:content'),
  'WebSub hubs': (path, body) => path === 'atom.xml' && body.includes('rel="hub"'),
};

export function newStats(): Stats {
  return { sequences: 0, steps: 0, runs: 0, seen: {} };
}

function see(stats: Stats, feature: string): void {
  stats.seen[feature] = (stats.seen[feature] ?? 0) + 1;
}

/** `language feeds 120, tombstones 40, …`: how many checked runs showed each feature. */
export function describeSeen(stats: Stats): string {
  return Object.entries(stats.seen)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([feature, count]) => `${feature} ${count}`)
    .join(', ');
}

/** The `ref`s of every Atom tombstone in a build. */
function tombstoneRefs(files: ReadonlyMap<string, string>): Set<string> {
  const refs = new Set<string>();
  for (const [path, body] of files) {
    if (!path.endsWith('atom.xml')) continue;
    for (const match of body.matchAll(/deleted-entry ref="([^"]+)"/g)) refs.add(match[1] ?? '');
  }
  return refs;
}

/** A sequence that broke the property; the message holds the whole readable trace. */
export class DifferentialFailure extends Error {
  override name = 'DifferentialFailure';
}

interface Content {
  articles: Map<string, ArticleModel>;
  site: SiteModel;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** What a broken `updated` says: before any article's date. */
const BROKEN_UPDATED = '2001-01-01T00:00:00Z';

function cloneContent(content: Content): Content {
  return structuredClone(content);
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(':00.000Z', 'Z');
}

/** Interprets one generated sequence against one world, checking the oracle after every run. */
class Interpreter {
  content: Content;
  now = START;
  /** The lock's own clock: a minute passes between runs, an hour after a crash. */
  lockNow = START;
  history: Content[] = [];
  trace: string[] = [];
  /** A killed run happened and no normal run has followed yet: nothing to compare. */
  pendingCrash = false;
  /** Operations of the sequence not executed yet (shown on failure: fast-check may keep unreached ones). */
  remaining = 0;
  /** The published files after the last normal run: what the WebSub hubs last heard of. */
  published = new Map<string, Buffer>();
  /** Files killed runs wrote since then: the next run may write (and announce) them again. */
  writtenByKilledRuns = new Set<string>();
  /** The clock and the tombstones at the last check, to see tombstones run out. */
  lastChecked = { at: START, refs: new Set<string>() };

  constructor(
    readonly world: World,
    readonly stats: Stats,
    site: SiteModel,
  ) {
    this.content = { articles: new Map(), site };
  }

  // ---- content helpers

  names(): string[] {
    return [...this.content.articles.keys()].sort();
  }

  picked(pick: number, filter: (a: ArticleModel) => boolean = () => true): string | undefined {
    const names = this.names().filter((n) => filter(this.content.articles.get(n) as ArticleModel));
    return names.length === 0 ? undefined : names[pick % names.length];
  }

  freeName(index: number): string | undefined {
    const free = NAMES.filter((n) => !this.content.articles.has(n));
    return free.length === 0 ? undefined : free[index % free.length];
  }

  article(name: string): ArticleModel {
    const a = this.content.articles.get(name);
    if (!a) throw new Error(`harness: no article ${name}`);
    return a;
  }

  /** The instant an article's date means under the current site.yml, or undefined when it cannot parse. */
  instant(text: string): number | undefined {
    return parseIsoDate(text, this.content.site.timeZone)?.getTime();
  }

  /**
   * The instant the parser makes an article's `updated`: the latest
   * correction when later than `updated` (so a correction can mend a broken one).
   */
  effectiveUpdated(a: ArticleModel): number | undefined {
    const written = a.broken === 'updated' ? BROKEN_UPDATED : a.updated;
    const times = [
      ...(written === null ? [] : [this.instant(written) ?? 0]),
      ...a.corrections.map((c) => this.instant(c.date) ?? 0),
    ];
    return times.length === 0 ? undefined : Math.max(...times);
  }

  snapshot(): void {
    this.history.push(cloneContent(this.content));
  }

  async write(name: string, article: ArticleModel, keepVersion = false): Promise<void> {
    this.content.articles.set(name, article);
    await this.world.writeArticle(name, articleFileText(article), { keepVersion });
  }

  async writeSite(site: SiteModel): Promise<void> {
    this.content.site = site;
    await this.world.writeSite(siteYaml(site));
  }

  /** Makes the store hold `content`, file by file. */
  async restore(content: Content): Promise<void> {
    for (const name of this.names()) {
      if (!content.articles.has(name)) {
        await this.world.deleteArticle(name);
        this.content.articles.delete(name);
      }
    }
    for (const [name, article] of content.articles) {
      const current = this.content.articles.get(name);
      if (!current || articleFileText(current) !== articleFileText(article)) await this.write(name, article);
    }
    if (siteYaml(content.site) !== siteYaml(this.content.site)) await this.writeSite(content.site);
  }

  describeArticle(name: string, a: ArticleModel): string {
    const parts = [`"${a.title}"`, a.date];
    if (a.updated) parts.push(`updated ${a.updated}`);
    if (a.categories.length) parts.push(`cat [${a.categories.join(',')}]`);
    if (a.tags.length) parts.push(`tags [${a.tags.join(',')}]`);
    if (a.authors.length) parts.push(`by [${a.authors.join(',')}]`);
    if (a.summary) parts.push('summary');
    if (a.draft) parts.push('DRAFT');
    if (a.id) parts.push(`id ${a.id}`);
    if (a.slug) parts.push(`slug ${a.slug}`);
    if (a.link) parts.push(`link ${a.link}`);
    if (a.image) parts.push(`image ${describeImage(a.image)}`);
    if (a.images.length) parts.push(`images [${a.images.map(describeImage).join(',')}]`);
    if (a.language) parts.push(`lang ${a.language}`);
    if (a.translationKey) parts.push(`key ${a.translationKey}`);
    if (a.translations.length) parts.push(`translations [${a.translations.map(shortId).join(',')}]`);
    for (const c of a.corrections)
      parts.push(
        `correction ${c.date} #${CORRECTION_TEXTS.indexOf(c.text as (typeof CORRECTION_TEXTS)[number])}`,
      );
    if (a.retracted) parts.push(`RETRACTED ${a.retracted.date}`);
    if (a.broken) parts.push(`BROKEN(${a.broken})`);
    parts.push(`body#${BODIES.indexOf(a.body as (typeof BODIES)[number])}`);
    return `${name} {${parts.join('; ')}}`;
  }

  describeSite(site: SiteModel): string {
    const kinds = (['categories', 'tags', 'authors', 'languages'] as const)
      .map(
        (k) =>
          `${k}:${site.kinds[k].enabled ? 'on' : 'off'}${site.kinds[k].itemLimit ? `/${site.kinds[k].itemLimit}` : ''}`,
      )
      .join(' ');
    const partners = site.partners
      .map(
        (p) =>
          `${p.name}(delay ${p.delayHours}h${p.secret ? ', secret' : ''}${p.includeTag ? `, tag ${p.includeTag}` : ''})`,
      )
      .join(', ');
    const tombstones = site.tombstoneDays === null ? '' : `, tombstone_days ${site.tombstoneDays}`;
    const hubs = site.hubs.length ? `, hubs ${site.hubs.length}` : '';
    return `site {title "${site.title}", lang ${site.language}, item_limit ${site.itemLimit}, tz ${site.timeZone}, remove_stale ${site.removeStale}, ${kinds}${partners ? `, partners ${partners}` : ''}${tombstones}${hubs}}`;
  }

  // ---- runs

  async config(): Promise<Config> {
    return parseSiteConfig(await this.world.readSite(), 'site.yml');
  }

  summaryLine(summary: RunSummary): string {
    const f = summary.files;
    const bits = [`read ${summary.articles.read}`, `written ${f.written.length}`];
    if (f.removed.length) bits.push(`removed ${f.removed.length}`);
    if (summary.articles.skipped.length)
      bits.push(`skipped ${summary.articles.skipped.map((s) => s.file.split('/').pop()).join(',')}`);
    if (f.refused.length) bits.push(`REFUSED ${f.refused.map((r) => r.path).join(',')}`);
    if (f.failed.length) bits.push(`FAILED ${f.failed.map((r) => r.path).join(',')}`);
    if (summary.busy) bits.push('BUSY');
    return bits.join(', ');
  }

  /**
   * The files a build must skip, in the model: those that fail validation,
   * and the later file (in listing order) of an id or slug clash.
   */
  expectedSkips(): string[] {
    const skipped: string[] = [];
    const ids = new Set<string>();
    const slugs = new Set<string>();
    for (const name of this.names()) {
      const a = this.article(name);
      const date = this.instant(a.date);
      const valid =
        (a.broken === null || a.broken === 'updated') &&
        date !== undefined &&
        a.corrections.every((c) => (this.instant(c.date) ?? 0) >= date) &&
        (a.retracted === null || (this.instant(a.retracted.date) ?? 0) >= date) &&
        (this.effectiveUpdated(a) ?? date) >= date;
      const id = new URL(a.id ?? idOf(name, false)).href;
      const slug = a.slug ?? slugify(name);
      if (!valid || ids.has(id) || slugs.has(slug)) {
        skipped.push(`${name}.md`);
        continue;
      }
      ids.add(id);
      slugs.add(slug);
    }
    return skipped.sort();
  }

  /** A dry run, the normal incremental run it plans, then the oracle. */
  async runAndCheck(): Promise<void> {
    const config = await this.config();
    const now = () => new Date(this.now);
    this.stats.runs += 1;
    const notified: string[] = [];
    const deps = {
      source: this.world.source,
      target: this.world.target,
      index: this.world.index,
      now,
      allowShrink: true,
      // Every run, hubs or not: the topics are the run's to choose, whoever is told (a dry run tells no one).
      notifyHubs: async (topics: string[]) => {
        notified.push(...topics.map((topic) => decodeURI(topic.replace(config.feedsUrl, ''))));
        return [];
      },
    };
    const plan = await publishFeeds(
      { ...deps, lock: this.world.lock(() => new Date(this.lockNow)), dryRun: true },
      config,
    );
    const summary = await publishFeeds(
      { ...deps, lock: this.world.lock(() => new Date(this.lockNow)) },
      config,
    );
    // The plan is what the run then did: the same files, the same feeds and item ids.
    const deeds = (s: RunSummary) => JSON.stringify({ files: s.files, feeds: s.feeds, ok: s.ok });
    if (deeds(plan) !== deeds(summary)) {
      this.fail(`the dry run planned ${deeds(plan)}\nthe run did ${deeds(summary)}`);
    }
    this.lockNow += MINUTE;
    this.pendingCrash = false;
    this.trace.push(`      run @ ${iso(this.now)}: ${this.summaryLine(summary)}`);
    if (!summary.ok || summary.busy) {
      this.fail(
        `the incremental run was not ok: ${JSON.stringify({ refused: summary.files.refused, failed: summary.files.failed, busy: summary.busy })}`,
      );
    }
    const fresh = createMemoryTarget();
    const freshSummary = await publishFeeds(
      {
        source: this.world.freshSource ?? this.world.source,
        target: fresh,
        now,
        fullRun: true,
        allowShrink: true,
      },
      config,
    );
    if (!freshSummary.ok) {
      this.fail(
        `the fresh build was not ok: ${JSON.stringify({ refused: freshSummary.files.refused, failed: freshSummary.files.failed })}`,
      );
    }
    // The differential oracle cannot see a defect both builds share (a source that cannot read anything
    // makes two equal, empty sites): the fresh build must find every file and skip exactly what the model says.
    const skipped = [...new Set(freshSummary.articles.skipped.map((s) => baseName(s.file)))].sort();
    const expected = this.expectedSkips();
    if (freshSummary.articles.found !== this.content.articles.size || skipped.join() !== expected.join()) {
      this.fail(
        `the fresh build found ${freshSummary.articles.found} file(s) and skipped [${skipped.join(', ')}]; the model has ${this.content.articles.size} and expects [${expected.join(', ')}] skipped: ${JSON.stringify(freshSummary.articles.skipped)}`,
      );
    }
    const freshFiles = new Map([...fresh.objects].map(([path, file]) => [path, file.body]));
    this.countFeatures(freshFiles);
    const unclean =
      summary.articles.skipped.length > 0 ||
      summary.files.refused.length > 0 ||
      summary.files.failed.length > 0;
    const outputs = await this.world.readOutputs(freshFiles);
    const differences = compareOutputs(freshFiles, outputs, !config.feeds.removeStale || unclean);
    if (differences.length > 0)
      this.fail('the incremental output differs from a fresh full build', differences);
    const unannounced = compareNotified(this.published, outputs, notified, this.writtenByKilledRuns, {
      tookOver: summary.tookOverFrom !== undefined,
      produced: new Set([...summary.files.written, ...summary.files.unchanged]),
    });
    if (unannounced.length > 0)
      this.fail('the WebSub hubs were told of other files than those that changed', unannounced);
    this.published = outputs;
    this.writtenByKilledRuns.clear();
  }

  /** Counts what this run's fresh build shows, for the report. */
  countFeatures(files: ReadonlyMap<string, string>): void {
    for (const [feature, shows] of Object.entries(FEATURES)) {
      if ([...files].some(([path, body]) => shows(path, body))) see(this.stats, feature);
    }
    const live = (a: ArticleModel) =>
      a.broken === null && !a.draft && (this.instant(a.date) ?? Number.POSITIVE_INFINITY) <= this.now;
    const heldBack = [...this.content.articles.values()].some(
      (a) => live(a) && a.corrections.some((c) => (this.instant(c.date) ?? 0) > this.now),
    );
    if (heldBack) see(this.stats, 'corrections held back');
    const refs = tombstoneRefs(files);
    // A tombstone gone while the clock moved on: it ran out (or, now and then, its article came back).
    if (this.now > this.lastChecked.at && [...this.lastChecked.refs].some((ref) => !refs.has(ref)))
      see(this.stats, 'tombstones running out');
    this.lastChecked = { at: this.now, refs };
  }

  /** A run killed after `k` writes; its lease is left to expire (the lock's clock moves an hour on). */
  async crashRun(k: number): Promise<void> {
    const config = await this.config();
    const crashing = crashingTarget(this.world.target, k);
    this.stats.runs += 1;
    let outcome: string;
    try {
      const summary = await publishFeeds(
        {
          source: this.world.source,
          target: crashing.target,
          lock: killedLock(this.world.lock(() => new Date(this.lockNow))),
          index: this.world.index,
          now: () => new Date(this.now),
          allowShrink: true,
        },
        config,
      );
      outcome = `returned (${this.summaryLine(summary)})`;
    } catch (error) {
      outcome = `threw ${error instanceof Error ? error.name : String(error)}`;
    }
    for (const path of crashing.written) this.writtenByKilledRuns.add(path);
    this.trace.push(
      `      KILLED run @ ${iso(this.now)} after ${k} write(s)${crashing.crashed() ? '' : ' (needed fewer: killed before ending its session)'}: ${outcome}`,
    );
    this.lockNow += HOUR;
    this.pendingCrash = true;
  }

  fail(problem: string, differences: Difference[] = []): never {
    const lines = [problem, ...differences.map((d) => `  ${d.path}: ${d.problem}`)];
    const rest = this.remaining > 0 ? `\n  (${this.remaining} more operation(s) not reached)` : '';
    throw new DifferentialFailure(
      `${lines.join('\n')}\n${this.world.label} sequence:\n${this.trace.join('\n')}${rest}`,
    );
  }

  // ---- operations

  async setup(c: SequenceCase): Promise<void> {
    await this.writeSite(c.site);
    this.trace.push(`  setup: ${this.describeSite(c.site)}, clock ${iso(this.now)}`);
    for (const { name: index, article: spec } of c.articles) {
      const name = NAMES[index % NAMES.length] ?? 'alpha';
      const article = articleFromSpec(spec, name, this.now);
      await this.write(name, article);
      this.trace.push(`    ${this.describeArticle(name, article)}`);
    }
    await this.runAndCheck();
  }

  async step(op: Op, index: number): Promise<void> {
    this.stats.steps += 1;
    const label = `  #${index + 1}`;
    if (op.op === 'duplicate') {
      const existing = this.picked(op.pick);
      const name = this.freeName(op.name);
      if (!existing || !name) {
        this.trace.push(`${label} duplicate: nothing to duplicate (no-op)`);
        await this.runAndCheck();
        return;
      }
      this.snapshot();
      const base = articleFromSpec(op.article, name, this.now);
      const other = this.article(existing);
      const article =
        op.claim === 'id'
          ? { ...base, id: other.id ?? `tag:site.test,2025:${existing.toLowerCase()}` }
          : { ...base, slug: other.slug ?? existing.toLowerCase() };
      await this.write(name, article);
      this.trace.push(
        `${label} duplicate ${op.claim} of ${existing}: add ${this.describeArticle(name, article)}`,
      );
      await this.runAndCheck();
      const first = [existing, name].sort()[0] ?? existing;
      await this.world.deleteArticle(first);
      this.content.articles.delete(first);
      this.trace.push(`${label}b delete ${first} (the first of the two in listing order)`);
      await this.runAndCheck();
      return;
    }
    if (op.op === 'crash') {
      const what = op.edit ? await this.apply(op.edit) : 'nothing changed';
      this.trace.push(
        `${label} crash: ${what}; the run is killed after ${op.k} write(s)${op.recover ? ', then a normal run' : ''}`,
      );
      await this.crashRun(op.k);
      if (op.recover) await this.runAndCheck();
      return;
    }
    this.trace.push(`${label} ${await this.apply(op)}`);
    await this.runAndCheck();
  }

  async finish(): Promise<void> {
    if (!this.pendingCrash) return;
    this.trace.push('  end: a normal run after the last crash');
    await this.runAndCheck();
  }

  /** Applies one simple operation to the store and the model; returns what it did, for the trace. */
  async apply(op: SimpleOp): Promise<string> {
    switch (op.op) {
      case 'add': {
        const name = this.freeName(op.name);
        if (!name) return 'add: no free name (no-op)';
        this.snapshot();
        const article = articleFromSpec(op.article, name, this.now);
        await this.write(name, article);
        return `add ${this.describeArticle(name, article)}`;
      }
      case 'editBody': {
        const name = this.picked(op.pick);
        if (!name) return 'editBody: no article (no-op)';
        this.snapshot();
        const body = `${BODIES[op.body % BODIES.length]}${op.append ? '\nOne more line.\n' : ''}`;
        await this.write(name, { ...this.article(name), body });
        return `edit body of ${name}: body#${op.body}${op.append ? ' + one more line' : ''}`;
      }
      case 'editFront': {
        const name = this.picked(op.pick);
        if (!name) return 'editFront: no article (no-op)';
        this.snapshot();
        const a = { ...this.article(name) };
        const e = op.edit;
        let what: string;
        switch (e.field) {
          case 'title':
            a.title = TITLES[e.title % TITLES.length] ?? a.title;
            what = `title "${a.title}"`;
            break;
          case 'tags':
            a.tags = [...e.tags];
            what = `tags [${a.tags.join(',')}]`;
            break;
          case 'categories':
            a.categories = [...e.categories];
            what = `categories [${a.categories.join(',')}]`;
            break;
          case 'authors':
            a.authors = [...e.authors];
            what = `authors [${a.authors.join(',')}]`;
            break;
          case 'date':
            a.date = writtenDate(this.now + e.minutes * MINUTE, !a.date.includes('T'));
            what = `date ${a.date} (clock ${e.minutes >= 0 ? '+' : ''}${e.minutes} min)`;
            break;
          case 'updated': {
            const date = this.instant(a.date) ?? this.now;
            a.updated = e.hours === null ? null : writtenDate(date + e.hours * HOUR, false);
            what = a.updated === null ? 'updated removed' : `updated ${a.updated}`;
            break;
          }
          case 'draft':
            a.draft = !a.draft;
            what = a.draft ? 'draft: true' : 'draft removed';
            break;
          case 'summary':
            a.summary = e.summary === null ? null : (SUMMARIES[e.summary % SUMMARIES.length] ?? null);
            what = a.summary === null ? 'summary removed' : `summary "${a.summary}"`;
            break;
          case 'slug':
            a.slug = e.pinned ? `story-${name}` : null;
            what = a.slug === null ? 'slug removed' : `slug ${a.slug}`;
            break;
          case 'link':
            a.link = e.on ? `https://elsewhere.test/${encodeURIComponent(name)}` : null;
            what = a.link === null ? 'link removed' : `link ${a.link}`;
            break;
          case 'image':
            a.image = e.image === null ? null : imageOf(e.image, name);
            what = a.image === null ? 'image removed' : `image ${describeImage(a.image)}`;
            break;
          case 'images':
            a.images = e.images.map((index) => imageOf(index, name));
            what = `images [${a.images.map(describeImage).join(',')}]`;
            break;
          case 'language':
            a.language = e.language === null ? null : (LANGUAGES[e.language % LANGUAGES.length] ?? null);
            what = a.language === null ? 'language removed' : `language ${a.language}`;
            break;
          case 'translationKey':
            a.translationKey =
              e.key === null ? null : (TRANSLATION_KEYS[e.key % TRANSLATION_KEYS.length] ?? null);
            what =
              a.translationKey === null ? 'translation_key removed' : `translation_key ${a.translationKey}`;
            break;
          case 'translations':
            a.translations = e.translations.map(translationId);
            what = `translations [${a.translations.map(shortId).join(',')}]`;
            break;
          case 'correction': {
            if (e.minutes === null) {
              a.corrections = [];
              what = 'corrections removed';
              break;
            }
            const correction = {
              date: writtenDate(this.now + e.minutes * MINUTE, !a.date.includes('T')),
              text: CORRECTION_TEXTS[e.text % CORRECTION_TEXTS.length] ?? 'Corrected.',
            };
            // At most three: a fourth replaces the last.
            a.corrections = [...a.corrections.slice(0, 2), correction];
            what = `correction ${correction.date} (clock ${e.minutes >= 0 ? '+' : ''}${e.minutes} min)`;
            break;
          }
          case 'retracted': {
            const r = e.retraction;
            if (r === null) {
              a.retracted = null;
              what = 'retraction removed';
              break;
            }
            const at = this.now + r.minutes * MINUTE;
            const date = r.clamp ? Math.max(at, this.instant(a.date) ?? at) : at;
            a.retracted = {
              date: writtenDate(date, !a.date.includes('T')),
              reason: RETRACTION_REASONS[r.reason % RETRACTION_REASONS.length] ?? 'Withdrawn.',
            };
            what = `retracted ${a.retracted.date} (clock ${r.minutes >= 0 ? '+' : ''}${r.minutes} min${r.clamp ? ', not before its date' : ''})`;
            break;
          }
        }
        await this.write(name, a);
        return `edit front matter of ${name}: ${what}`;
      }
      case 'sameSize': {
        const name = this.picked(op.pick);
        if (!name) return 'sameSize: no article (no-op)';
        const a = { ...this.article(name) };
        const text = op.where === 'body' ? a.body : a.title;
        const letters = [...text.matchAll(/[a-z]/g)].map((m) => m.index ?? 0);
        const at = letters[op.at % Math.max(1, letters.length)];
        if (at === undefined) return `sameSize: no ASCII letter in the ${op.where} of ${name} (no-op)`;
        this.snapshot();
        const was = text[at] ?? '';
        const replacement = was === 'x' ? 'y' : 'x';
        const changed = `${text.slice(0, at)}${replacement}${text.slice(at + 1)}`;
        if (op.where === 'body') a.body = changed;
        else a.title = changed;
        await this.write(name, a, true);
        return `same-size edit of ${name}: ${op.where}[${at}] '${was}' -> '${replacement}', old mtime put back (folder) / re-uploaded (S3)`;
      }
      case 'rename': {
        const from = this.picked(op.pick);
        const to = this.freeName(op.name);
        if (!from || !to) return 'rename: nothing to rename (no-op)';
        this.snapshot();
        await this.world.renameArticle(from, to);
        this.content.articles.set(to, this.article(from));
        this.content.articles.delete(from);
        return `rename ${from}.md -> ${to}.md`;
      }
      case 'delete': {
        const name = this.picked(op.pick);
        if (!name) return 'delete: no article (no-op)';
        this.snapshot();
        await this.world.deleteArticle(name);
        this.content.articles.delete(name);
        return `delete ${name}.md`;
      }
      case 'break': {
        const name = this.picked(op.pick);
        if (!name) return 'break: no article (no-op)';
        this.snapshot();
        await this.write(name, { ...this.article(name), broken: op.how });
        return `break ${name}: ${op.how} (fails validation)`;
      }
      case 'fix': {
        const name = this.picked(op.pick, (a) => a.broken !== null);
        if (!name) return 'fix: no broken article (no-op)';
        this.snapshot();
        await this.write(name, { ...this.article(name), broken: null });
        return `fix ${name}`;
      }
      case 'site': {
        this.snapshot();
        const site = structuredClone(this.content.site);
        const e = op.edit;
        let what: string;
        switch (e.key) {
          case 'title':
            site.title = SITE_TITLES[e.title % SITE_TITLES.length] ?? site.title;
            what = `title "${site.title}"`;
            break;
          case 'item_limit':
            site.itemLimit = e.limit;
            what = `item_limit ${e.limit}`;
            break;
          case 'kind':
            site.kinds[e.kind] = { enabled: e.enabled, itemLimit: e.itemLimit };
            what = `feeds.${e.kind} ${e.enabled ? 'on' : 'off'}${e.itemLimit ? ` (item_limit ${e.itemLimit})` : ''}`;
            break;
          case 'remove_stale':
            site.removeStale = e.on;
            what = `remove_stale ${e.on}`;
            break;
          case 'partner': {
            const name = PARTNER_NAMES[e.which % PARTNER_NAMES.length] ?? 'Le Monde';
            const index = site.partners.findIndex((p) => p.name === name);
            if (e.partner === null) {
              if (index >= 0) site.partners.splice(index, 1);
              what = `remove partner ${name}`;
            } else {
              const partner = { name, ...e.partner };
              if (index >= 0) site.partners[index] = partner;
              else site.partners.push(partner);
              what = `partner ${name}: delay ${partner.delayHours}h${partner.secret ? `, secret ${partner.secret}` : ''}${partner.includeTag ? `, include tag ${partner.includeTag}` : ''}`;
            }
            break;
          }
          case 'time_zone':
            site.timeZone = ZONES[e.zone % ZONES.length] ?? 'UTC';
            what = `time_zone ${site.timeZone}`;
            break;
          case 'language':
            site.language = SITE_LANGUAGES[e.language % SITE_LANGUAGES.length] ?? 'en';
            what = `language ${site.language}`;
            break;
          case 'tombstone_days':
            site.tombstoneDays = e.days;
            what = e.days === null ? 'retractions.tombstone_days removed (30)' : `tombstone_days ${e.days}`;
            break;
          case 'hubs':
            site.hubs = [...e.hubs];
            what = `websub.hubs [${site.hubs.map((h) => HUBS.indexOf(h as (typeof HUBS)[number])).join(',')}]`;
            break;
        }
        await this.writeSite(site);
        return `site.yml: ${what}`;
      }
      case 'embargoDue': {
        const due = this.names()
          .map((n) => this.article(n))
          .filter((a) => a.broken === null && !a.draft)
          .flatMap((a) => [this.instant(a.date), this.effectiveUpdated(a)])
          .filter((t): t is number => t !== undefined && t > this.now)
          .sort((x, y) => x - y);
        const at = due[op.pick % Math.max(1, due.length)];
        this.now = at === undefined ? this.now + 10 * MINUTE : at + MINUTE;
        return at === undefined
          ? `embargo: nothing embargoed; clock +10 min -> ${iso(this.now)}`
          : `embargo comes due: clock -> ${iso(this.now)}`;
      }
      case 'partnerDelay': {
        const partner =
          this.content.site.partners[op.partner % Math.max(1, this.content.site.partners.length)];
        if (!partner) {
          this.now += 10 * MINUTE;
          return `partner delay: no partner; clock +10 min -> ${iso(this.now)}`;
        }
        const due = this.names()
          .map((n) => this.article(n))
          .filter((a) => a.broken === null && !a.draft)
          .map((a) => this.instant(a.date))
          .filter((t): t is number => t !== undefined)
          .map((t) => t + partner.delayHours * HOUR)
          .filter((t) => t > this.now)
          .sort((x, y) => x - y);
        const at = due[op.pick % Math.max(1, due.length)];
        this.now = at === undefined ? this.now + 10 * MINUTE : at + MINUTE;
        return at === undefined
          ? `partner delay: nothing pending for ${partner.name}; clock +10 min -> ${iso(this.now)}`
          : `partner delay passes for ${partner.name}: clock -> ${iso(this.now)}`;
      }
      case 'tombstoneDue': {
        const days = this.content.site.tombstoneDays ?? 30;
        const due = this.names()
          .map((n) => this.article(n))
          .filter((a) => a.broken === null && !a.draft && a.retracted !== null)
          .map((a) => this.instant(a.retracted?.date ?? ''))
          .filter((t): t is number => t !== undefined)
          .map((t) => t + days * DAY + (op.before ? -MINUTE : MINUTE))
          .filter((t) => t > this.now)
          .sort((x, y) => x - y);
        const at = due[op.pick % Math.max(1, due.length)];
        this.now = at ?? this.now + 10 * MINUTE;
        if (at !== undefined) see(this.stats, `tombstone ${op.before ? 'about to run out' : 'just run out'}`);
        return at === undefined
          ? `tombstone: none pending; clock +10 min -> ${iso(this.now)}`
          : `tombstone runs out ${op.before ? 'in a minute' : 'a minute ago'}: clock -> ${iso(this.now)}`;
      }
      case 'clock':
        this.now += op.minutes * MINUTE;
        return `clock jump ${op.minutes >= 0 ? '+' : ''}${op.minutes} min -> ${iso(this.now)}`;
      case 'revert': {
        const previous = this.history.pop();
        if (!previous) return 'revert: nothing to revert (no-op)';
        await this.restore(previous);
        return 'revert the last content change (files rewritten as they were)';
      }
      case 'rerun':
        return 'run again, nothing changed';
    }
  }
}

function describeImage(image: ImageModel): string {
  return typeof image === 'string'
    ? image
    : `{${Object.entries(image)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}}`;
}

/** `alpha`, `pinned-alpha`: the part of an id after the authority. */
function shortId(id: string): string {
  return id.replace('tag:site.test,2025:', '');
}

/** Runs one sequence in a fresh world; throws DifferentialFailure with a readable trace when the oracle fails. */
export async function runSequence(makeWorld: WorldFactory, c: SequenceCase, stats: Stats): Promise<void> {
  stats.sequences += 1;
  let world: World;
  try {
    world = await makeWorld();
  } catch (error) {
    throw new Error(`the test could not set up a world (not a finding): ${String(error)}`, { cause: error });
  }
  const interpreter = new Interpreter(world, stats, c.site);
  try {
    interpreter.remaining = c.ops.length;
    await interpreter.setup(c);
    for (const [index, op] of c.ops.entries()) {
      interpreter.remaining = c.ops.length - index - 1;
      await interpreter.step(op, index);
    }
    await interpreter.finish();
  } catch (error) {
    if (error instanceof DifferentialFailure) throw error;
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    throw new DifferentialFailure(
      `a run threw: ${detail.split('\n').slice(0, 4).join('\n')}\n${world.label} sequence:\n${interpreter.trace.join('\n')}`,
    );
  } finally {
    await world.dispose();
  }
}

export interface DifferentialOptions {
  numRuns: number;
  maxOps: number;
  seed?: number;
  path?: string;
  /** Stops generating (and shrinking) after this long; a failure found by then is still reported. */
  timeLimitMs?: number;
  /** No shrinking: report the first failure as found. */
  endOnFailure?: boolean;
  /** Operations left out, by name: to look past a known defect. */
  skip?: ReadonlySet<string>;
}

export interface DifferentialResult {
  stats: Stats;
  ms: number;
  failed: boolean;
  interrupted: boolean;
  numRuns: number;
  seed: number;
  /** Readable report of the shrunk counterexample, with how to replay it. */
  report?: string;
}

/** The property over generated sequences, checked with fast-check (shrinking included). */
export async function checkDifferential(
  makeWorld: WorldFactory,
  options: DifferentialOptions,
): Promise<DifferentialResult> {
  const stats = newStats();
  const started = Date.now();
  const property = fc.asyncProperty(caseArb(options.maxOps, options.skip), (c) =>
    runSequence(makeWorld, c, stats),
  );
  const details = await fc.check(property, {
    numRuns: options.numRuns,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.path === undefined ? {} : { path: options.path }),
    ...(options.endOnFailure ? { endOnFailure: true } : {}),
    ...(options.timeLimitMs === undefined
      ? {}
      : { plugins: [fc.interruptAfterTimeLimit(options.timeLimitMs)] }),
  });
  const result: DifferentialResult = {
    stats,
    ms: Date.now() - started,
    failed: details.failed,
    interrupted: details.interrupted,
    numRuns: details.numRuns,
    seed: details.seed,
  };
  if (details.failed) {
    const error = details.errorInstance;
    const message = error instanceof Error ? error.message : String(error);
    result.report = [
      `counterexample after ${details.numRuns} run(s), shrunk ${details.numShrinks} time(s)${details.interrupted ? ' (shrinking interrupted by the time limit)' : ''}:`,
      message,
      `replay: FEEDWRIGHT_DIFF_SEED=${details.seed} FEEDWRIGHT_DIFF_PATH=${details.counterexamplePath ?? ''}`,
      `generated value: ${details.counterexample ? fc.stringify(details.counterexample) : '(none)'}`,
    ].join('\n');
  }
  return result;
}
