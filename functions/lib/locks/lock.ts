/** Who holds the lease, as written in the run-state object. */
export interface LockHolder {
  runId: string;
  startedAt: string;
  expiresAt: string;
}

/**
 * One run at a time per feeds location, so a manual publish during a
 * scheduled one ends in the state one run would give — never an older run
 * finishing last and putting back older feeds.
 *
 * `begin` looks (a read); `claim` is called only before the first write,
 * so a run that finds nothing to change writes nothing at all. A claim
 * fails if another run claimed since this one began: its feeds may be newer.
 */
export interface RunLock {
  /**
   * Looks at the lease by the lock's own clock (the real one, passed to its
   * factory), never the run's `now`: a run replayed `--now 2030` must not
   * hold a lease until 2030.
   */
  begin(runId: string): Promise<{ busy: LockHolder } | { session: LockSession }>;
}

export interface LockSession {
  /** The manifest the last run left (unchecked: see usableManifest). */
  manifest?: unknown;
  /** Takes the lease; `{ claimed: false }` names the run that got in first. */
  claim(): Promise<{ claimed: true } | { claimed: false; holder: LockHolder }>;
  /**
   * Gives the lease back if claimed, storing `manifest` for the next run when
   * given (conditionally: a manifest never overwrites a newer run's). Never
   * throws: a lease expires by itself and a lost manifest only means a full run.
   */
  end(manifest?: unknown): Promise<void>;
}

/** How long a lease holds before another run may take it over: well past the Lambda timeout (120 s). */
export const DEFAULT_LOCK_TTL_MS = 10 * 60_000;

/** The run-state object beside the feeds, under the same prefix (so the IAM policy covers it). */
export const LOCK_KEY = '.feedwright/run-state.json';

export function lockRecord(runId: string, now: Date, ttlMs: number): LockHolder {
  return { runId, startedAt: now.toISOString(), expiresAt: new Date(now.getTime() + ttlMs).toISOString() };
}

/** The run-state object: the lease holder while a run publishes, and the last run that did. */
export interface RunState {
  holder?: LockHolder;
  last?: LockHolder;
  manifest?: unknown;
}

/** Reads a run-state body. Corrupt or empty means free, so it can never block runs forever. */
export function parseRunState(body: string): RunState {
  try {
    const value = JSON.parse(body) as { holder?: unknown; last?: unknown; manifest?: unknown };
    const holder = asHolder(value.holder);
    const last = asHolder(value.last);
    return {
      ...(holder ? { holder } : {}),
      ...(last ? { last } : {}),
      ...(value.manifest === undefined ? {} : { manifest: value.manifest }),
    };
  } catch {
    return {};
  }
}

/** The lease holder in a run-state body, if any. */
export function parseHolder(body: string): LockHolder | undefined {
  return parseRunState(body).holder;
}

function asHolder(value: unknown): LockHolder | undefined {
  const h = value as Partial<LockHolder> | null | undefined;
  if (
    h &&
    typeof h.runId === 'string' &&
    typeof h.startedAt === 'string' &&
    typeof h.expiresAt === 'string'
  ) {
    return { runId: h.runId, startedAt: h.startedAt, expiresAt: h.expiresAt };
  }
  return undefined;
}

export function isActive(holder: LockHolder | undefined, now: Date): holder is LockHolder {
  return holder !== undefined && new Date(holder.expiresAt) > now;
}

/** A lock for one process: tests and the in-memory target. Same contract as the S3 one. */
export function createMemoryLock(options: { ttlMs?: number; clock?: () => Date } = {}): RunLock {
  const ttlMs = options.ttlMs ?? DEFAULT_LOCK_TTL_MS;
  const clock = options.clock ?? (() => new Date());
  let holder: LockHolder | undefined;
  let version = 0;
  let stored: unknown;
  return {
    async begin(runId) {
      const now = clock();
      if (isActive(holder, now)) return { busy: holder };
      const seen = version;
      const mine = lockRecord(runId, now, ttlMs);
      let claimed = false;
      return {
        session: {
          manifest: stored,
          async claim() {
            if (version !== seen) return { claimed: false, holder: holder ?? mine };
            holder = mine;
            version += 1;
            claimed = true;
            return { claimed: true };
          },
          async end(manifest) {
            if (claimed && holder === mine) {
              holder = undefined;
              version += 1;
            }
            if (manifest !== undefined && (claimed || version === seen)) stored = manifest;
          },
        },
      };
    },
  };
}
