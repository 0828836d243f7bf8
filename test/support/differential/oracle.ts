/** Feed files of per-name, language and partner feeds: the only files a stale run may leave behind. */
export const STALE_FEED_FILE =
  /^(categories|tags|authors|languages|partners)\/[^/]+\/(rss\.xml|atom\.xml|feed\.json)$/;

/** Every feed file, in its three formats: what WebSub hubs are told about. */
/** The files hubs hear of: every feed file but partners' (their path is their secret) and archive pages. */
const FEED_FILE = /^(?!partners\/)(?!(?:.*\/)?archive\/\d+\/)(?:.*\/)?(?:rss\.xml|atom\.xml|feed\.json)$/;

export interface Difference {
  path: string;
  problem: string;
}

/**
 * The oracle: every file of the fresh build must be published with the same
 * bytes; any other published file must be a feed file that may go stale, and
 * only when `extrasAllowed` (remove_stale off, or the run skipped an article
 * or refused or failed a file).
 */
export function compareOutputs(
  fresh: ReadonlyMap<string, string>,
  actual: ReadonlyMap<string, Buffer>,
  extrasAllowed: boolean,
): Difference[] {
  const differences: Difference[] = [];
  for (const [path, body] of fresh) {
    const published = actual.get(path);
    if (published === undefined) {
      differences.push({ path, problem: 'missing from the incremental output' });
      continue;
    }
    const expected = Buffer.from(body, 'utf8');
    if (!expected.equals(published)) {
      differences.push({ path, problem: describeDifference(path, body, published.toString('utf8')) });
    }
  }
  for (const path of actual.keys()) {
    if (fresh.has(path)) continue;
    if (!STALE_FEED_FILE.test(path)) {
      differences.push({ path, problem: 'published, but not a file the fresh build makes nor a feed file' });
    } else if (!extrasAllowed) {
      differences.push({
        path,
        problem: 'stale feed file left behind after a clean run with remove_stale: true',
      });
    }
  }
  return differences;
}

/**
 * The WebSub oracle: a run must tell the hubs of every feed file whose bytes
 * differ from what the last complete run left (`before`), and of nothing
 * else. Files a killed run wrote since are left out either way: the next
 * run may write and announce them again, or find them current and say
 * nothing — a known gap (see test/unit/incremental-state.test.ts, "WebSub
 * after a killed run"). Removed files are not announced.
 */
export function compareNotified(
  before: ReadonlyMap<string, Buffer>,
  after: ReadonlyMap<string, Buffer>,
  notified: readonly string[],
  killedRunWrites: ReadonlySet<string>,
  options: { tookOver?: boolean; produced?: ReadonlySet<string> } = {},
): Difference[] {
  const differences: Difference[] = [];
  const told = new Set(notified);
  if (options.tookOver) {
    // A run that took over a dead run's lease announces every feed file it publishes, unchanged or
    // not: what changed, the dead run's writes included, must be among them.
    for (const [path, body] of after) {
      const was = before.get(path);
      // A file the dead run wrote that this run no longer makes (a stale feed kept) is not this run's to announce.
      if (killedRunWrites.has(path) && !options.produced?.has(path)) continue;
      if (FEED_FILE.test(path) && (was === undefined || !was.equals(body)) && !told.has(path)) {
        differences.push({
          path,
          problem: 'its bytes changed, but the run after a dead one did not tell the hubs',
        });
      }
    }
    for (const path of told) {
      if (!after.has(path))
        differences.push({ path, problem: 'the hubs were told of a file that is not published' });
    }
    return differences;
  }
  for (const [path, body] of after) {
    if (!FEED_FILE.test(path) || killedRunWrites.has(path)) continue;
    const was = before.get(path);
    if ((was === undefined || !was.equals(body)) && !told.has(path)) {
      differences.push({ path, problem: 'its bytes changed, but the hubs were not told' });
    }
  }
  for (const path of told) {
    const now = after.get(path);
    if (now === undefined) {
      differences.push({ path, problem: 'the hubs were told of a file that is not published' });
    } else if (before.get(path)?.equals(now) && !killedRunWrites.has(path)) {
      differences.push({ path, problem: 'the hubs were told of a file whose bytes did not change' });
    }
  }
  return differences;
}

/** Item-level for feeds (what a reader would notice), else the first differing line. */
function describeDifference(path: string, expected: string, actual: string): string {
  if (path.endsWith('feed.json')) {
    const items = (text: string) => {
      try {
        const feed = JSON.parse(text) as { items?: Array<Record<string, unknown>> };
        return (feed.items ?? []).map(
          (i) => `${String(i.id).replace('tag:site.test,2025:', '')}:"${i.title}"`,
        );
      } catch {
        return undefined;
      }
    };
    const want = items(expected);
    const got = items(actual);
    if (want && got && JSON.stringify(want) !== JSON.stringify(got)) {
      return `items differ: expected [${want.join(', ')}], published [${got.join(', ')}]`;
    }
  }
  const a = expected.split('\n');
  const b = actual.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return `bytes differ at line ${i + 1}: expected ${clip(a[i])}, published ${clip(b[i])}`;
    }
  }
  return 'bytes differ';
}

function clip(line: string | undefined): string {
  if (line === undefined) return '(end of file)';
  const trimmed = line.trim();
  return JSON.stringify(trimmed.length > 160 ? `${trimmed.slice(0, 160)}…` : trimmed);
}
