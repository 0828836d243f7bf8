/**
 * The scheduled Lambda: env -> settings -> config -> adapters -> pipeline.
 * Nothing else lives here. Accepts the EventBridge scheduled event and a
 * manual invoke alike; the event's content does not change what is published.
 * An SQS batch of S3 notifications about the content bucket (docs/EVENTS.md)
 * runs for just the keys they name, without listing; with the content
 * packaged instead (CONTENT_BUCKET unset) it is an ordinary run.
 */
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { S3Client } from '@aws-sdk/client-s3';
import { composeS3Publisher } from './lib/compose.js';
import { RunError } from './lib/errors.js';
import { publishFeeds, type RunSummary } from './lib/pipeline.js';
import { boundItemIds } from './lib/run-report.js';
import { readPublishSettings } from './lib/settings.js';
import { contentChangesFromEvent, isSqsEvent } from './lib/sources/s3-events.js';
import { describeHubNotification, hubNotifier } from './lib/websub.js';

/** Logged by a run that found another holding the lease; a metric filter counts it (serverless.yml). */
export const BUSY_MESSAGE = 'another run is publishing; this one did nothing';

/** Logged when a WebSub hub did not take this run's changed feeds: readers get them on their next poll. */
export const HUBS_FAILED_MESSAGE =
  'a WebSub hub was not told of the changed feeds; subscribers get them on their next poll';

/** Logged by a run that ran out of time indexing a large archive: the next one goes on. */
export const UNFINISHED_MESSAGE = 'indexing the archive; the next run goes on, nothing published yet';

/**
 * Time kept back from the function's deadline when a run stops indexing:
 * enough to write the index's shards and the run state (a 1,000,000-article
 * index is ~500 shards) and to check and render what a complete plan needs.
 */
const TIME_RESERVE_MS = 30_000;

/** What the handler reads of Lambda's context object: the time left, and what the logger adds to every line. */
type LambdaContext = Parameters<Logger['addContext']>[0];

export interface HandlerDeps {
  env?: Record<string, string | undefined>;
  logger?: Logger;
  metrics?: Metrics;
  /** Replaces the client built from the environment (tests pass one aimed at the local server). */
  s3Client?: S3Client;
  now?: () => Date;
}

/** Builds the handler; everything it touches can be passed in. */
export function createHandler(deps: HandlerDeps = {}) {
  // Once per container: every line of every invocation carries the service, and the request id and
  // cold start of the invocation it belongs to.
  const logger = deps.logger ?? new Logger({ serviceName: 'feedwright' });
  const metrics = deps.metrics ?? new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'feedwright' });
  return async function handler(event: unknown, lambdaContext?: LambdaContext): Promise<RunSummary> {
    const started = Date.now();
    if (lambdaContext) logger.addContext(lambdaContext);
    try {
      const summary = await run(event, lambdaContext);
      recordRun(metrics, summary, Date.now() - started);
      return summary;
    } finally {
      // Even for a failed run: the failure is what the metrics are for.
      metrics.publishStoredMetrics();
    }
  };

  async function run(event: unknown, lambdaContext?: LambdaContext): Promise<RunSummary> {
    const env = deps.env ?? process.env;
    const settings = readPublishSettings(env);
    // A warm container keeps the packaged articles' hashes in /tmp (unused when the content is in S3).
    const adapters = await composeS3Publisher(settings, {
      ...(deps.s3Client ? { client: deps.s3Client } : {}),
      hashCacheFile: hashCacheFileFor(path.join(settings.contentDir, 'articles')),
    });
    const config = await adapters.loadConfig();
    const scheduled = isScheduledEvent(event);
    const fromQueue = isSqsEvent(event);
    // Undefined for a packaged collection: no key of an event can name its files, so the run lists them.
    const changes = settings.contentS3 && contentChangesFromEvent(event, settings.contentS3);
    if (fromQueue && !changes) {
      logger.warn(
        'content event received, but the content is packaged (CONTENT_BUCKET unset): a full listing',
      );
    }
    const run = await publishFeeds(
      {
        source: adapters.collection.source,
        target: adapters.target,
        lock: adapters.lock,
        index: adapters.index,
        fullRun: settings.fullRun,
        now: deps.now ?? (() => new Date()),
        // A full run over a large archive can outlast one invocation: it stops in time to save its index.
        ...(lambdaContext
          ? { outOfTime: () => lambdaContext.getRemainingTimeInMillis() < TIME_RESERVE_MS }
          : {}),
        // The override is for people: a manual invoke with {"allowShrink": true}, or ALLOW_SHRINK; never a schedule or an event.
        allowShrink: !scheduled && !fromQueue && (settings.allowShrink || asksToShrink(event)),
        // The keys an S3 event named: the run stats just those instead of listing the content.
        changedKeys: changes?.keys,
        // WebSub: the hubs hear of the feeds this run changed; a hub that fails never fails the run.
        notifyHubs: hubNotifier(config.websubHubs),
      },
      config,
    );
    // Each feed's item changes are in the summary; at most LOGGED_ITEM_IDS ids over all feeds, so the line stays whole.
    const summary = boundItemIds(run);
    const context = {
      trigger: scheduled ? 'schedule' : fromQueue ? 'content-event' : 'manual',
      bucket: settings.bucket,
      prefix: settings.prefix,
      ...(changes ? { contentChanges: { keys: changes.keys.length, ignored: changes.ignored } } : {}),
      summary,
    };
    // A busy run from an event is not retried: the next scheduled run lists everything (the reconciler).
    const failedHubs = summary.websub?.filter((n) => !n.ok) ?? [];
    if (failedHubs.length > 0)
      logger.warn(HUBS_FAILED_MESSAGE, { hubs: failedHubs.map(describeHubNotification) });
    if (summary.busy) logger.warn(BUSY_MESSAGE, context);
    else if (summary.articles.unfinished !== undefined) logger.info(UNFINISHED_MESSAGE, context);
    else if (summary.ok) logger.info('feeds published', context);
    else logger.error('feeds not fully published', context);
    // A failed invocation is what the retry policy, the failure destination and the alarm watch for;
    // for an SQS batch, it makes the batch visible again after the visibility timeout (the DLQ takes repeats).
    if (!summary.busy && !summary.ok) {
      const problems = [...summary.files.refused, ...summary.files.failed].map(
        (r) => `${r.path}: ${r.reason}`,
      );
      throw new RunError(`feeds not fully published: ${problems.join('; ')}`);
    }
    if (summary.tookOverFrom) {
      // The run published, but the one before it died holding the lease (a timeout, a crash): say so loudly.
      const dead = summary.tookOverFrom;
      const message = `took over the lease of run ${dead.runId} (started ${dead.startedAt}, expired ${dead.expiresAt}), which never released it; feeds published`;
      logger.error(message, context);
      throw new RunError(message);
    }
    return summary;
  }
}

/** The CloudWatch namespace of the run metrics (and of the busy-run metric filter in serverless.yml). */
export const METRICS_NAMESPACE = 'feedwright';

/**
 * One run as CloudWatch metrics (embedded metric format, in the log: no
 * API call): what it wrote, kept, refused and failed, what it read and
 * skipped, how long it took, and how long the main feed has been behind.
 * A run that throws is recorded by Lambda's own Errors metric (the failure
 * alarm), and adds no MainFeedBehind datum: missing data is stale to the
 * stale-feeds alarm.
 */
function recordRun(metrics: Metrics, summary: RunSummary, durationMs: number): void {
  const count = MetricUnit.Count;
  metrics.addMetric('FilesWritten', count, summary.files.written.length);
  metrics.addMetric('FilesUnchanged', count, summary.files.unchanged.length);
  metrics.addMetric('FilesRefused', count, summary.files.refused.length);
  metrics.addMetric('FilesFailed', count, summary.files.failed.length);
  metrics.addMetric('ArticlesRead', count, summary.articles.read);
  metrics.addMetric('ArticlesSkipped', count, new Set(summary.articles.skipped.map((s) => s.file)).size);
  metrics.addMetric('ArticlesUnfinished', count, summary.articles.unfinished ?? 0);
  metrics.addMetric('RunDuration', MetricUnit.Milliseconds, durationMs);
  metrics.addMetric('HubsNotified', count, summary.websub?.filter((n) => n.ok).length ?? 0);
  metrics.addMetric('HubsFailed', count, summary.websub?.filter((n) => !n.ok).length ?? 0);
  // The stale-feeds signal (FeedsStaleAlarm): a busy run cannot tell, and says nothing rather than 0.
  if (!summary.busy) metrics.addMetric('MainFeedBehind', MetricUnit.Seconds, mainFeedBehindSeconds(summary));
}

/**
 * How long the published main feed has been behind the collection: 0 when
 * it holds everything due; else the time since a run first found it so
 * (its files refused by a guard or failing, the archive still indexing).
 */
export function mainFeedBehindSeconds(summary: RunSummary): number {
  if (summary.mainFeedBehindSince === undefined) return 0;
  return Math.max(0, Math.round((Date.parse(summary.now) - Date.parse(summary.mainFeedBehindSince)) / 1000));
}

/**
 * A warm container keeps its hashes of the packaged articles in /tmp, so
 * later invocations read only what stat says may have changed (nothing:
 * /var/task cannot change); a new container starts without.
 */
function hashCacheFileFor(articlesDir: string): string {
  const key = createHash('sha256').update(path.resolve(articlesDir)).digest('hex').slice(0, 16);
  return path.join(tmpdir(), `feedwright-content-hashes-${key}.json`);
}

function asksToShrink(event: unknown): boolean {
  return (
    typeof event === 'object' && event !== null && (event as Record<string, unknown>).allowShrink === true
  );
}

function isScheduledEvent(event: unknown): boolean {
  return (
    typeof event === 'object' &&
    event !== null &&
    (event as Record<string, unknown>).source === 'aws.events' &&
    (event as Record<string, unknown>)['detail-type'] === 'Scheduled Event'
  );
}

export const handler = createHandler();
