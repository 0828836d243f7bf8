/**
 * WebSub publishing: after feeds change, tell each hub the feed advertises,
 * so subscribers get the new items pushed instead of on their next poll.
 *
 * The W3C Recommendation (§6 Publishing) leaves the mechanism to the hub and
 * the publisher; its note names the one public hubs share, and this module
 * sends that: a POST, `application/x-www-form-urlencoded`, with
 * `hub.mode=publish` and `hub.url=<topic>`. It adds `hub.topic=<topic>` (the
 * same URL) for the hubs that read that name instead, and sends ONE topic per
 * request: Google's reference hub reads repeated `hub.url`s, but PHP hubs
 * (Switchboard) and Plug hubs (WebSubHub) keep only the last of a repeated
 * field, so a batch would silently drop all topics but one there.
 *
 * A ping is advice, not a transaction: a hub that fails is reported, never
 * thrown, and never holds up another hub.
 *
 * @example
 *   const notified = await notifyHubs({ hubs: ['https://pubsubhubbub.appspot.com/'], topics: [feedUrl] });
 *   const failedHubs = notified.filter((n) => !n.ok).length;
 */
import { mapConcurrently } from './concurrency.js';

/** What one hub made of the notifications for every changed topic. */
export interface HubNotification {
  /** The hub's URL, as given. */
  hub: string;
  /** The topics (feed URLs) this hub was to be told about, in the order given. */
  topics: string[];
  /** The hub accepted every topic (a 2xx answer for each). */
  ok: boolean;
  /** Requests sent to this hub, retries included; 0 when none could be sent. */
  attempts: number;
  /** The hub's last answer: the failing one when not `ok`; absent when it never answered. */
  status?: number;
  /** Why not `ok`, in one line for a run summary. */
  error?: string;
  /** The topics the hub did not accept, or was not sent once it looked down; empty when `ok`. */
  failedTopics: string[];
}

export interface NotifyHubsOptions {
  hubs: readonly string[];
  /** The changed topics: the feeds' own URLs, as their `rel="self"` links give them. */
  topics: readonly string[];
  fetch?: typeof fetch;
  /** Time allowed for each request, answer included (default 10 s). */
  timeoutMs?: number;
  /** Requests per topic at most, the first included (default 3). */
  attempts?: number;
  /** Wait after the first failed request; doubled after each next one, jittered (default 500 ms). */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** The jitter's source of randomness, in [0, 1) (default Math.random). */
  random?: () => number;
  userAgent?: string;
}

export const PUBLISH_CONTENT_TYPE = 'application/x-www-form-urlencoded';
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_ATTEMPTS = 3;
export const DEFAULT_BACKOFF_MS = 500;
/** No wait between two requests is longer, whatever Retry-After asks: a run has its own deadline. */
export const MAX_RETRY_DELAY_MS = 10_000;
/** Requests in flight to one hub at once: enough for a run's feeds, polite to a hub's rate limit. */
const TOPICS_IN_FLIGHT_PER_HUB = 4;
/** How much of a refusing hub's answer goes into the message (hubs say why in the body). */
const DETAIL_CHARS = 120;

/**
 * The form body of one publish notification.
 *
 * @example publishRequestBody('https://feeds.example/rss.xml')
 *   // 'hub.mode=publish&hub.url=https%3A%2F%2Ffeeds.example%2Frss.xml&hub.topic=https%3A%2F%2Ffeeds.example%2Frss.xml'
 */
export function publishRequestBody(topic: string): string {
  return new URLSearchParams([
    ['hub.mode', 'publish'],
    ['hub.url', topic],
    ['hub.topic', topic],
  ]).toString();
}

/**
 * Whether a hub's status is worth asking again: 5xx, 408 and 429 are the
 * hub's passing trouble; any other 4xx is its answer about the topic, and a
 * hub that refused a topic will not change its mind a second later.
 */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * A Retry-After header in milliseconds, when it is the delta-seconds form
 * (what hubs send: Google's answers 503 with `Retry-After: 120`). The
 * HTTP-date form gives undefined, and the backoff applies: reading it would
 * need the clock, for a form no hub is known to send.
 */
export function parseRetryAfter(value: string | null | undefined): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed || !/^\d+$/.test(trimmed)) return undefined;
  return Number(trimmed) * 1000;
}

/**
 * How long to wait after the `attempt`-th request failed: the hub's
 * Retry-After when it gave one, otherwise `backoffMs` doubled per attempt
 * with "equal jitter" (half fixed, half random, so hubs pinged by many
 * publishers at once are not hit again in step); never over 10 s.
 *
 * @example retryDelayMs({ attempt: 2, backoffMs: 500, random: () => 0 }) // 500
 */
export function retryDelayMs(options: {
  attempt: number;
  backoffMs: number;
  retryAfterMs?: number;
  random: () => number;
}): number {
  if (options.retryAfterMs !== undefined) return Math.min(options.retryAfterMs, MAX_RETRY_DELAY_MS);
  const exponential = options.backoffMs * 2 ** (options.attempt - 1);
  return Math.min(MAX_RETRY_DELAY_MS, Math.round(exponential / 2 + (options.random() * exponential) / 2));
}

/** One request's outcome: accepted, refused (final), or failed (worth another try). */
type RequestOutcome =
  | { kind: 'accepted'; status: number }
  | { kind: 'refused'; status: number; reason: string }
  | { kind: 'failed'; status?: number; reason: string; retryAfterMs?: number };

interface TopicOutcome {
  topic: string;
  ok: boolean;
  attempts: number;
  status?: number;
  error?: string;
  /** The hub looks down (it failed every try): its remaining topics are not sent. */
  hubDown: boolean;
}

interface Settings {
  fetch: typeof fetch;
  timeoutMs: number;
  attempts: number;
  backoffMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  userAgent: string;
}

/**
 * Sends one publish notification per topic to every hub, hubs concurrently,
 * and says per hub what came of it. Never rejects for a hub's failure: an
 * unreachable, refusing, slow or hanging hub is one `ok: false` entry.
 * Throws only for options no caller should pass (attempts below 1, a
 * timeout not above 0), which are bugs.
 */
export async function notifyHubs(options: NotifyHubsOptions): Promise<HubNotification[]> {
  const settings: Settings = {
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    attempts: options.attempts ?? DEFAULT_ATTEMPTS,
    backoffMs: options.backoffMs ?? DEFAULT_BACKOFF_MS,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
    userAgent: options.userAgent ?? 'feedwright (WebSub publisher)',
  };
  if (!Number.isInteger(settings.attempts) || settings.attempts < 1) {
    throw new RangeError(
      `notifyHubs: attempts must be a whole number of at least 1, not ${settings.attempts}`,
    );
  }
  if (!(settings.timeoutMs > 0)) {
    throw new RangeError(`notifyHubs: timeoutMs must be above 0, not ${settings.timeoutMs}`);
  }
  if (!(settings.backoffMs >= 0)) {
    throw new RangeError(`notifyHubs: backoffMs must be 0 or more, not ${settings.backoffMs}`);
  }
  // A hub or topic listed twice is still one notification.
  const hubs = [...new Set(options.hubs)];
  const topics = [...new Set(options.topics)];
  if (topics.length === 0) return [];
  return Promise.all(hubs.map((hub) => notifyHub(hub, topics, settings)));
}

async function notifyHub(hub: string, topics: string[], settings: Settings): Promise<HubNotification> {
  if (!isHttpUrl(hub)) {
    return {
      hub,
      topics,
      ok: false,
      attempts: 0,
      error: `hub ${JSON.stringify(hub)} is not an absolute http(s) URL`,
      failedTopics: topics,
    };
  }
  // Once a hub failed every try for one topic, the others would only wait out
  // the same timeouts: they are reported as not sent, which bounds a run's
  // time on a dead hub to about one topic's retries.
  let hubDown = false;
  const outcomes = await mapConcurrently(topics, TOPICS_IN_FLIGHT_PER_HUB, async (topic) => {
    if (hubDown) return undefined;
    const outcome = await notifyTopic(hub, topic, settings);
    if (outcome.hubDown) hubDown = true;
    return outcome;
  });
  const sent = outcomes.filter((outcome): outcome is TopicOutcome => outcome !== undefined);
  const failed = sent.filter((outcome) => !outcome.ok);
  // A topic not sent (its outcome undefined) was not accepted either.
  const failedTopics = topics.filter((_, i) => outcomes[i]?.ok !== true);
  const attempts = sent.reduce((sum, outcome) => sum + outcome.attempts, 0);
  const first = failed[0];
  if (!first) {
    return { hub, topics, ok: true, attempts, status: sent.at(-1)?.status, failedTopics: [] };
  }
  const others = failedTopics.length - 1;
  const more = others > 0 ? `; ${others} more topic${others === 1 ? '' : 's'} not accepted` : '';
  return {
    hub,
    topics,
    ok: false,
    attempts,
    ...(first.status === undefined ? {} : { status: first.status }),
    error: `${first.error}${more}`,
    failedTopics,
  };
}

/** One topic to one hub: the first request, then retries while the failures are the hub's passing trouble. */
async function notifyTopic(hub: string, topic: string, settings: Settings): Promise<TopicOutcome> {
  const failures: Array<Extract<RequestOutcome, { kind: 'failed' }>> = [];
  for (let attempt = 1; attempt <= settings.attempts; attempt++) {
    const outcome = await sendPublish(hub, topic, settings);
    if (outcome.kind === 'accepted') {
      return { topic, ok: true, attempts: attempt, status: outcome.status, hubDown: false };
    }
    if (outcome.kind === 'refused') {
      return {
        topic,
        ok: false,
        attempts: attempt,
        status: outcome.status,
        error: `hub ${hub} refused ${topic}: ${outcome.reason}`,
        hubDown: false,
      };
    }
    failures.push(outcome);
    if (attempt < settings.attempts) {
      await settings.sleep(
        retryDelayMs({
          attempt,
          backoffMs: settings.backoffMs,
          retryAfterMs: outcome.retryAfterMs,
          random: settings.random,
        }),
      );
    }
  }
  const last = failures.at(-1);
  return {
    topic,
    ok: false,
    attempts: failures.length,
    ...(last?.status === undefined ? {} : { status: last.status }),
    error: describeFailures(
      hub,
      failures.map((failure) => failure.reason),
    ),
    hubDown: true,
  };
}

async function sendPublish(hub: string, topic: string, settings: Settings): Promise<RequestOutcome> {
  try {
    const response = await settings.fetch(hub, {
      method: 'POST',
      headers: { 'content-type': PUBLISH_CONTENT_TYPE, 'user-agent': settings.userAgent },
      body: publishRequestBody(topic),
      // A 301/302 would be followed as a GET, which a hub answers with a page
      // (a 200 that published nothing): a redirect is reported instead.
      redirect: 'manual',
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    const { status } = response;
    if (status >= 200 && status < 300) {
      await discardBody(response);
      return { kind: 'accepted', status };
    }
    if (isRetryableStatus(status)) {
      await discardBody(response);
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      return { kind: 'failed', status, reason: `answered ${status}`, retryAfterMs };
    }
    if (status >= 300 && status < 400) {
      await discardBody(response);
      const location = response.headers.get('location');
      const where = location ? `, redirecting to ${location}: configure that URL instead` : '';
      return { kind: 'refused', status, reason: `answered ${status}${where}` };
    }
    // Hubs say why they refuse in the body ("hub.url invalid"): worth a look.
    const said = await answerDetail(response);
    return { kind: 'refused', status, reason: `answered ${status}${said ? ` (${said})` : ''}` };
  } catch (error) {
    return { kind: 'failed', reason: describeRequestError(error, settings.timeoutMs) };
  }
}

/** Frees the connection without reading an answer nobody needs. */
async function discardBody(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {});
}

/** The start of a hub's answer on one line, or '' if it has none or it cannot be read in time. */
async function answerDetail(response: Response): Promise<string> {
  try {
    const text = (await response.text()).replace(/\s+/g, ' ').trim();
    return text.length > DETAIL_CHARS ? `${text.slice(0, DETAIL_CHARS)}…` : text;
  } catch {
    return '';
  }
}

function describeRequestError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError')
    return `timed out after ${formatMs(timeoutMs)}`;
  // fetch says only "fetch failed"; the socket error it wraps says what happened.
  const cause = error instanceof Error ? error.cause : undefined;
  const code =
    cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string' ? cause.code : '';
  const message = code || (cause instanceof Error ? cause.message : '') || String(error);
  return `could not be reached (${message})`;
}

/** `hub … answered 500 three times`, or each failure in turn when they differ. */
function describeFailures(hub: string, reasons: string[]): string {
  const first = reasons[0] ?? 'failed';
  if (reasons.every((reason) => reason === first)) {
    return reasons.length === 1 ? `hub ${hub} ${first}` : `hub ${hub} ${first} ${times(reasons.length)}`;
  }
  return `hub ${hub} failed ${times(reasons.length)}: ${reasons.join(', ')}`;
}

function times(count: number): string {
  return ['', 'once', 'twice', 'three times', 'four times', 'five times'][count] ?? `${count} times`;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * One hub's outcome as a line of a run summary.
 *
 * @example describeHubNotification(n) // 'hub https://hub.example/ accepted 3 topics (4 requests)'
 */
export function describeHubNotification(notification: HubNotification): string {
  if (!notification.ok) return notification.error ?? `hub ${notification.hub} failed`;
  const count = notification.topics.length;
  const requests = notification.attempts;
  return `hub ${notification.hub} accepted ${count} topic${count === 1 ? '' : 's'} (${requests} request${requests === 1 ? '' : 's'})`;
}

/**
 * The run's notifier for site.yml's `websub.hubs`: undefined when there are
 * none, so a run without hubs makes no request at all.
 */
export function hubNotifier(
  hubs: readonly string[],
  options: Omit<NotifyHubsOptions, 'hubs' | 'topics'> = {},
): ((topics: string[]) => Promise<HubNotification[]>) | undefined {
  if (hubs.length === 0) return undefined;
  return (topics) => notifyHubs({ ...options, hubs, topics });
}
