import { afterEach, describe, expect, it } from 'vitest';
import {
  describeHubNotification,
  isRetryableStatus,
  notifyHubs,
  PUBLISH_CONTENT_TYPE,
  parseRetryAfter,
  publishRequestBody,
  retryDelayMs,
} from '../../functions/lib/websub.js';
import { type RecordingHub, startRecordingHub } from '../support/websub-hub.js';

const RSS = 'https://feeds.feedwright.example/rss.xml';
const ATOM = 'https://feeds.feedwright.example/atom.xml';
const JSON_FEED = 'https://feeds.feedwright.example/feed.json';

const hubs: RecordingHub[] = [];
async function hub(options?: Parameters<typeof startRecordingHub>[0]): Promise<RecordingHub> {
  const started = await startRecordingHub(options);
  hubs.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.close()));
});

/** A sleep that waits for nothing and remembers what it was asked to wait. */
function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

describe('publishRequestBody', () => {
  it('is hub.mode=publish with the topic as hub.url (the convention) and hub.topic (its WebSub name)', () => {
    expect(publishRequestBody(RSS)).toBe(
      'hub.mode=publish' +
        '&hub.url=https%3A%2F%2Ffeeds.feedwright.example%2Frss.xml' +
        '&hub.topic=https%3A%2F%2Ffeeds.feedwright.example%2Frss.xml',
    );
  });

  it('form-encodes a topic with a query so the hub reads it back whole', () => {
    const topic = 'https://feeds.example/feed?tag=a b&lang=fr';
    const read = new URLSearchParams(publishRequestBody(topic));
    expect(read.getAll('hub.url')).toEqual([topic]);
    expect(read.getAll('hub.topic')).toEqual([topic]);
  });
});

describe('isRetryableStatus', () => {
  it.each([500, 502, 503, 504, 408, 429])('asks again after %i: the hub’s passing trouble', (status) => {
    expect(isRetryableStatus(status)).toBe(true);
  });

  it.each([400, 401, 403, 404, 410, 422])('does not ask again after %i: the hub refused', (status) => {
    expect(isRetryableStatus(status)).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds as milliseconds', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter(' 3 ')).toBe(3000);
    expect(parseRetryAfter('0')).toBe(0);
  });

  it('ignores the HTTP-date form and anything malformed, leaving the backoff to decide', () => {
    for (const value of ['Wed, 21 Oct 2015 07:28:00 GMT', '-1', '1.5', 'soon', '', null, undefined]) {
      expect(parseRetryAfter(value), String(value)).toBeUndefined();
    }
  });
});

describe('retryDelayMs', () => {
  it('doubles per attempt, with half of each wait random', () => {
    const at = (attempt: number, random: number) =>
      retryDelayMs({ attempt, backoffMs: 500, random: () => random });
    expect([at(1, 0), at(2, 0), at(3, 0)]).toEqual([250, 500, 1000]);
    expect([at(1, 0.999999), at(2, 0.999999), at(3, 0.999999)]).toEqual([500, 1000, 2000]);
  });

  it('never waits more than 10 s', () => {
    expect(retryDelayMs({ attempt: 12, backoffMs: 500, random: () => 0.5 })).toBe(10_000);
  });

  it('waits what Retry-After asks instead, capped at 10 s', () => {
    expect(retryDelayMs({ attempt: 1, backoffMs: 500, retryAfterMs: 3000, random: () => 0 })).toBe(3000);
    expect(retryDelayMs({ attempt: 1, backoffMs: 500, retryAfterMs: 120_000, random: () => 0 })).toBe(10_000);
  });
});

describe('notifyHubs', () => {
  it('POSTs one form-encoded publish notification per changed topic, with the content type the spec names', async () => {
    const recording = await hub({ path: '/hub' });

    const notified = await notifyHubs({ hubs: [recording.url], topics: [RSS, ATOM, JSON_FEED] });

    expect(recording.requests).toHaveLength(3);
    for (const request of recording.requests) {
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/hub');
      expect(request.headers['content-type']).toBe(PUBLISH_CONTENT_TYPE);
      expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(Object.keys(request.form).sort()).toEqual(['hub.mode', 'hub.topic', 'hub.url']);
      expect(request.form['hub.mode']).toEqual(['publish']);
      expect(request.form['hub.topic']).toEqual(request.form['hub.url']);
    }
    const told = recording.requests.map((r) => r.form['hub.url']?.[0]);
    expect(told.sort()).toEqual([ATOM, JSON_FEED, RSS]);
    expect(notified).toEqual([
      {
        hub: recording.url,
        topics: [RSS, ATOM, JSON_FEED],
        ok: true,
        attempts: 3,
        status: 204,
        failedTopics: [],
      },
    ]);
  });

  it('tells every hub about every topic, and reports the hubs in the order given', async () => {
    const first = await hub();
    const second = await hub({ status: 202 });

    const notified = await notifyHubs({ hubs: [first.url, second.url], topics: [RSS, ATOM] });

    expect(first.requests).toHaveLength(2);
    expect(second.requests).toHaveLength(2);
    expect(notified.map((n) => [n.hub, n.ok, n.status])).toEqual([
      [first.url, true, 204],
      [second.url, true, 202],
    ]);
  });

  it('retries a 500 and reports ok with attempts=2 when the hub then answers 204', async () => {
    const recording = await hub();
    recording.script({ status: 500 });
    const { delays, sleep } = recordingSleep();

    const [notified] = await notifyHubs({ hubs: [recording.url], topics: [RSS], sleep, random: () => 0 });

    expect(recording.requests).toHaveLength(2);
    expect(notified).toMatchObject({ ok: true, attempts: 2, status: 204, failedTopics: [] });
    expect(notified?.error).toBeUndefined();
    expect(delays).toEqual([250]);
  });

  it.each([408, 429, 503])('retries a %i like any passing trouble', async (status) => {
    const recording = await hub();
    recording.script({ status });

    const [notified] = await notifyHubs({ hubs: [recording.url], topics: [RSS], sleep: async () => {} });

    expect(notified).toMatchObject({ ok: true, attempts: 2 });
  });

  it('does not retry a 404, and passes on what the hub said', async () => {
    const recording = await hub();
    recording.script({ status: 404, body: 'hub.url invalid:\n unknown topic' });
    const { delays, sleep } = recordingSleep();

    const [notified] = await notifyHubs({ hubs: [recording.url], topics: [RSS], sleep });

    expect(recording.requests).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(notified).toMatchObject({ ok: false, attempts: 1, status: 404, failedTopics: [RSS] });
    expect(notified?.error).toBe(
      `hub ${recording.url} refused ${RSS}: answered 404 (hub.url invalid: unknown topic)`,
    );
  });

  it('gives up after `attempts` tries and says what the hub answered, backing off between them', async () => {
    const recording = await hub({ status: 500 });
    const { delays, sleep } = recordingSleep();

    const [notified] = await notifyHubs({ hubs: [recording.url], topics: [RSS], sleep, random: () => 0 });

    expect(recording.requests).toHaveLength(3);
    expect(delays).toEqual([250, 500]);
    expect(notified).toEqual({
      hub: recording.url,
      topics: [RSS],
      ok: false,
      attempts: 3,
      status: 500,
      error: `hub ${recording.url} answered 500 three times`,
      failedTopics: [RSS],
    });
  });

  it('names each failure when they differ', async () => {
    const recording = await hub();
    recording.script({ status: 502 }, { status: 503 }, { status: 500 });

    const [notified] = await notifyHubs({ hubs: [recording.url], topics: [RSS], sleep: async () => {} });

    expect(notified?.error).toBe(
      `hub ${recording.url} failed three times: answered 502, answered 503, answered 500`,
    );
    expect(notified?.status).toBe(500);
  });

  it('honours Retry-After (in seconds) instead of its own backoff', async () => {
    const recording = await hub();
    recording.script({ status: 503, retryAfter: 3 });
    const { delays, sleep } = recordingSleep();

    const [notified] = await notifyHubs({ hubs: [recording.url], topics: [RSS], sleep, random: () => 0 });

    expect(delays).toEqual([3000]);
    expect(notified).toMatchObject({ ok: true, attempts: 2 });
  });

  it('waits at most 10 s even when the hub asks for two minutes (Google’s hub sends Retry-After: 120)', async () => {
    const recording = await hub();
    recording.script({ status: 503, retryAfter: 120 });
    const { delays, sleep } = recordingSleep();

    await notifyHubs({ hubs: [recording.url], topics: [RSS], sleep });

    expect(delays).toEqual([10_000]);
  });

  it('times out a hanging hub and reports it, while a healthy hub gets its notification without waiting', async () => {
    const hanging = await hub();
    hanging.script({ hang: true, times: 2 });
    const healthy = await hub();
    const timeoutMs = 500;
    const started = performance.now();
    const answeredAfter = new Map<string, number>();
    const timedFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      answeredAfter.set(String(input), performance.now() - started);
      return response;
    };

    const notified = await notifyHubs({
      hubs: [hanging.url, healthy.url],
      topics: [RSS],
      fetch: timedFetch,
      timeoutMs,
      attempts: 2,
      sleep: async () => {},
    });

    expect(hanging.requests).toHaveLength(2);
    expect(notified[0]).toEqual({
      hub: hanging.url,
      topics: [RSS],
      ok: false,
      attempts: 2,
      error: `hub ${hanging.url} timed out after 500 ms twice`,
      failedTopics: [RSS],
    });
    expect(healthy.requests).toHaveLength(1);
    expect(notified[1]).toMatchObject({ hub: healthy.url, ok: true, attempts: 1, status: 204 });
    // The healthy hub had answered before the hanging one's first request even timed out.
    expect(answeredAfter.get(healthy.url)).toBeLessThan(timeoutMs);
  });

  it('never rejects for a hub: unreachable, malformed and refusing hubs are each one failed entry', async () => {
    const refusing = await hub({ status: 403 });
    const healthy = await hub();
    const gone = await startRecordingHub();
    await gone.close(); // nothing listens on its port any more

    const notified = await notifyHubs({
      hubs: [gone.url, 'hub.example/no-scheme', refusing.url, healthy.url],
      topics: [RSS],
      sleep: async () => {},
    });

    expect(notified.map((n) => [n.ok, n.attempts, n.error])).toEqual([
      [false, 3, `hub ${gone.url} could not be reached (ECONNREFUSED) three times`],
      [false, 0, 'hub "hub.example/no-scheme" is not an absolute http(s) URL'],
      [false, 1, `hub ${refusing.url} refused ${RSS}: answered 403`],
      [true, 1, undefined],
    ]);
  });

  it('does not follow a redirect, which would turn the POST into a GET, and names where it points', async () => {
    const recording = await hub();
    recording.script({ status: 301, headers: { location: 'https://hub.example/moved' } });

    const [notified] = await notifyHubs({ hubs: [recording.url], topics: [RSS], sleep: async () => {} });

    expect(recording.requests).toHaveLength(1);
    expect(notified).toMatchObject({ ok: false, attempts: 1, status: 301 });
    expect(notified?.error).toBe(
      `hub ${recording.url} refused ${RSS}: answered 301, redirecting to https://hub.example/moved: configure that URL instead`,
    );
  });

  it('stops sending a hub more topics once one failed every try, and counts them as not accepted', async () => {
    const down = await hub({ status: 503 });
    const topics = Array.from({ length: 10 }, (_, i) => `https://feeds.feedwright.example/tags/${i}/rss.xml`);

    const [notified] = await notifyHubs({ hubs: [down.url], topics, sleep: async () => {} });

    // Only the topics already in flight when the hub proved down were tried.
    expect(down.requests.length).toBeLessThan(topics.length * 3);
    expect(notified?.attempts).toBe(down.requests.length);
    expect(notified?.failedTopics).toEqual(topics);
    expect(notified?.error).toBe(`hub ${down.url} answered 503 three times; 9 more topics not accepted`);
  });

  it('reports the topics a hub refused while it accepted the others', async () => {
    const recording = await hub();
    recording.script({ status: 404 });

    const [notified] = await notifyHubs({
      hubs: [recording.url],
      topics: [RSS, ATOM],
      sleep: async () => {},
    });

    expect(recording.requests).toHaveLength(2);
    const refused = recording.requests[0]?.form['hub.url']?.[0];
    expect(notified).toMatchObject({ ok: false, attempts: 2, failedTopics: [refused] });
  });

  it('sends nothing and returns [] when no topic changed', async () => {
    const recording = await hub();

    expect(await notifyHubs({ hubs: [recording.url], topics: [] })).toEqual([]);
    expect(recording.requests).toEqual([]);
  });

  it('notifies a hub listed twice, about a topic listed twice, once', async () => {
    const recording = await hub();

    const notified = await notifyHubs({ hubs: [recording.url, recording.url], topics: [RSS, RSS] });

    expect(recording.requests).toHaveLength(1);
    expect(notified).toHaveLength(1);
  });

  it('rejects options that are bugs, before sending anything', async () => {
    const recording = await hub();

    await expect(notifyHubs({ hubs: [recording.url], topics: [RSS], attempts: 0 })).rejects.toThrow(
      RangeError,
    );
    await expect(notifyHubs({ hubs: [recording.url], topics: [RSS], timeoutMs: 0 })).rejects.toThrow(
      RangeError,
    );
    expect(recording.requests).toEqual([]);
  });
});

describe('describeHubNotification', () => {
  it('gives one line for a run summary: what was accepted, or why not', () => {
    const hubUrl = 'https://hub.example/';
    expect(
      describeHubNotification({ hub: hubUrl, topics: [RSS, ATOM], ok: true, attempts: 3, failedTopics: [] }),
    ).toBe('hub https://hub.example/ accepted 2 topics (3 requests)');
    expect(
      describeHubNotification({
        hub: hubUrl,
        topics: [RSS],
        ok: false,
        attempts: 1,
        status: 410,
        error: `hub ${hubUrl} refused ${RSS}: answered 410`,
        failedTopics: [RSS],
      }),
    ).toBe(`hub ${hubUrl} refused ${RSS}: answered 410`);
  });
});
