import { z } from 'zod';

/** An ISO 8601 timestamp that names a real moment (`expiresAt: "soon"` or a 30th of February does not). */
const Timestamp = z.iso.datetime({ offset: true });

/**
 * Who holds the lease, as written in the run-state object or the lock file.
 * Saved state is input: it is parsed, and whatever does not parse is no holder.
 */
export const LockHolderSchema = z.object({
  runId: z.string().min(1),
  startedAt: Timestamp,
  expiresAt: Timestamp,
  /** The process and machine, for the local lock: a lock whose process is gone is free. */
  pid: z.number().int().positive().optional(),
  host: z.string().min(1).optional(),
});
export type LockHolder = z.infer<typeof LockHolderSchema>;

/**
 * The run-state object: the lease holder while a run publishes, and the last run that did.
 * A holder that does not parse counts as none (and the rest is kept), so corrupt state can never
 * block runs; `manifest` is checked where it is used (see readManifest in manifest.ts).
 */
export const RunStateSchema = z.object({
  holder: LockHolderSchema.optional().catch(undefined),
  last: LockHolderSchema.optional().catch(undefined),
  manifest: z.unknown().optional(),
});
export type RunState = z.infer<typeof RunStateSchema>;

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
   * hold a lease until 2030. See `holdsLease` for when a lease holds.
   */
  begin(runId: string): Promise<{ busy: LockHolder } | { session: LockSession }>;
  /**
   * What `begin` would find now, read without taking the lease or writing
   * anything (no lock file, no PUT): for a dry run, which plans from the
   * same saved state a run would and must leave no trace.
   */
  peek(): Promise<LockView>;
}

/** The stored run state as a run beginning now would find it. */
export interface LockView {
  /** The manifest the last run left, as `begin` gives it in its session (unchecked here). */
  manifest?: unknown;
  /** The run holding the lease now: a run beginning now would find the lock busy and change nothing. */
  busy?: LockHolder;
}

export interface LockSession {
  /** The manifest the last run left (unchecked here: see readManifest in manifest.ts). */
  manifest?: unknown;
  /**
   * The run whose lease this one takes over: it never gave it back (it died,
   * or its clock or `--now` was wrong). Operators must hear of it.
   */
  tookOverFrom?: LockHolder;
  /** Takes the lease; `{ claimed: false }` names the run that got in first. */
  claim(): Promise<{ claimed: true } | { claimed: false; holder: LockHolder }>;
  /**
   * Gives the lease back if claimed, storing `manifest` for the next run when
   * given (conditionally: a manifest never overwrites a newer run's). True
   * when the manifest was stored. Never throws: a lease expires by itself
   * and a lost manifest only means a full run.
   */
  end(manifest?: unknown): Promise<boolean>;
}

/** How long a lease holds before another run may take it over: well past the Lambda timeout (120 s). */
export const DEFAULT_LOCK_TTL_MS = 10 * 60_000;

/**
 * How far apart the clocks of two machines may be. A lease holds this long
 * past its `expiresAt`, so a run on a machine whose clock is ahead cannot
 * take over a lease that is still running by the holder's clock.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

export function lockRecord(runId: string, now: Date, ttlMs: number): LockHolder {
  return { runId, startedAt: now.toISOString(), expiresAt: new Date(now.getTime() + ttlMs).toISOString() };
}

/** Reads a run-state body. Corrupt, empty or of the wrong shape means free, so it can never block runs. */
export function parseRunState(body: string): RunState {
  const parsed = RunStateSchema.safeParse(parseJson(body));
  if (!parsed.success) return {};
  const { holder, last, manifest } = parsed.data;
  return {
    ...(holder ? { holder } : {}),
    ...(last ? { last } : {}),
    ...(manifest === undefined ? {} : { manifest }),
  };
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/**
 * Whether `holder` still holds the lease at `now` (our clock): until
 * `expiresAt + CLOCK_SKEW_MS`. A lease no plausible clock could have written
 * — started more than CLOCK_SKEW_MS in our future, or ending more than
 * ttl + CLOCK_SKEW_MS ahead (a wrong clock, or an old version that used the
 * run's `--now 2030`) — holds not at all: it must never block publishing until 2030.
 */
export function holdsLease(holder: LockHolder, now: Date, ttlMs: number): boolean {
  const t = now.getTime();
  const startedAt = Date.parse(holder.startedAt);
  const expiresAt = Date.parse(holder.expiresAt);
  const plausible = startedAt <= t + CLOCK_SKEW_MS && expiresAt <= t + ttlMs + CLOCK_SKEW_MS;
  return plausible && t < expiresAt + CLOCK_SKEW_MS;
}

/** A lock for one process: tests and the in-memory target. Same contract as the S3 one. */
export function createMemoryLock(options: { ttlMs?: number; clock?: () => Date } = {}): RunLock {
  const ttlMs = options.ttlMs ?? DEFAULT_LOCK_TTL_MS;
  const clock = options.clock ?? (() => new Date());
  let holder: LockHolder | undefined;
  let version = 0;
  let stored: unknown;
  return {
    async peek() {
      const busy = holder && holdsLease(holder, clock(), ttlMs) ? holder : undefined;
      return { ...(stored === undefined ? {} : { manifest: stored }), ...(busy ? { busy } : {}) };
    },
    async begin(runId) {
      const now = clock();
      if (holder && holdsLease(holder, now, ttlMs)) return { busy: holder };
      // A holder still here never ended its run: this run takes its lease over (when it claims).
      const tookOverFrom = holder;
      const seen = version;
      const mine = lockRecord(runId, now, ttlMs);
      let claimed = false;
      return {
        session: {
          manifest: stored,
          ...(tookOverFrom ? { tookOverFrom } : {}),
          async claim() {
            if (version !== seen) return { claimed: false, holder: holder ?? mine };
            holder = mine;
            version += 1;
            claimed = true;
            // As on S3 and disk: a run that dies after claiming leaves no manifest, so the next one is full.
            stored = undefined;
            return { claimed: true };
          },
          async end(manifest) {
            if (claimed && holder === mine) {
              holder = undefined;
              version += 1;
            }
            if (manifest === undefined || !(claimed || version === seen)) return false;
            stored = manifest;
            return true;
          },
        },
      };
    },
  };
}
