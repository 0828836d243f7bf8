/** Feed files of per-name and partner feeds: the only files a stale run may leave behind. */
export const STALE_FEED_FILE = /^(categories|tags|authors|partners)\/[^/]+\/(rss\.xml|atom\.xml|feed\.json)$/;

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
