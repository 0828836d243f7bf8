import { describe, it } from 'vitest';
import { checkDifferential, describeSeen } from '../support/differential/runner.js';
import {
  createFolderWorld,
  createRgwWorld,
  hashCacheUse,
  type WorldFactory,
} from '../support/differential/world.js';
import { testS3Client } from '../support/s3.js';

/**
 * The permanent proof that incremental runs are never wrong: after any
 * generated sequence of edits (articles, front matter, same-size edits with
 * the mtime put back, renames, deletions, duplicate ids and slugs, broken
 * files, site.yml changes), clock movements (embargoes, held-back
 * corrections and partner delays coming due, tombstones running out, jumps
 * either way) and runs killed after k writes, the incremental output must
 * hold exactly the bytes of a fresh full build, and the WebSub hubs must be
 * told of exactly the feed files whose bytes changed. Articles come in two
 * or three languages, as versions of one story (by key or by ids, also of
 * articles deleted or retracted later), with corrections, retractions and
 * images. The operations and the oracles are in test/support/differential/.
 *
 * FEEDWRIGHT_DIFF_RUNS: sequences per variant (default 90 folder, 30 RGW;
 * up to 10 operations each). FEEDWRIGHT_DIFF_SEED and FEEDWRIGHT_DIFF_PATH:
 * replay a reported counterexample. FEEDWRIGHT_DIFF_SKIP: operations to
 * leave out, e.g. `sameSize,crash`, to look past a known defect.
 * Long runs: `npx tsx scripts/differential.ts --runs 600`.
 */
const runsText = process.env.FEEDWRIGHT_DIFF_RUNS;
const MAX_OPS = 10;
const seedText = process.env.FEEDWRIGHT_DIFF_SEED;
const pathText = process.env.FEEDWRIGHT_DIFF_PATH;
const skip = new Set((process.env.FEEDWRIGHT_DIFF_SKIP ?? '').split(',').filter(Boolean));
/**
 * Sequences per variant, and how long generating and shrinking may take: a
 * folder run costs a few ms, an RGW run a few tens (scripts/s3-server sets
 * tcp_nodelay; without it every GET or LIST waited ~45 ms). More runs, more time.
 */
function bounds(defaultRuns: number, msPerRun: number) {
  const numRuns = runsText === undefined ? defaultRuns : Number(runsText);
  return { numRuns, timeLimitMs: Math.max(30_000, numRuns * msPerRun) };
}

const variants: Array<{ name: string; makeWorld: WorldFactory; numRuns: number; timeLimitMs: number }> = [
  { name: 'folder', makeWorld: createFolderWorld, ...bounds(90, 600) },
  { name: 'RGW', makeWorld: () => createRgwWorld(testS3Client()), ...bounds(30, 3_000) },
];

describe.each(variants)(
  'differential testing against a fresh full build: $name',
  ({ name, makeWorld, numRuns, timeLimitMs }) => {
    it(
      'after any sequence of edits, crashes and clock jumps, the incremental output equals a fresh full build',
      async () => {
        const result = await checkDifferential(makeWorld, {
          numRuns,
          maxOps: MAX_OPS,
          // Generating and shrinking stop here; a failure found by then is reported as shrunk so far.
          timeLimitMs,
          skip,
          ...(seedText === undefined ? {} : { seed: Number(seedText) }),
          ...(pathText === undefined ? {} : { path: pathText }),
        });
        const { sequences, steps, runs } = result.stats;
        console.log(
          `differential [${name}]: ${sequences} sequences, ${steps} steps (${runs} incremental runs), seed ${result.seed}, ${(result.ms / 1000).toFixed(1)} s${result.interrupted ? ', stopped by the time limit' : ''}`,
        );
        console.log(`differential [${name}]: runs showing ${describeSeen(result.stats)}`);
        if (name === 'folder') {
          console.log(
            `differential [folder]: hash cache gave ${hashCacheUse.cached} versions, ${hashCacheUse.hashed} files hashed`,
          );
        }
        if (result.report) throw new Error(`differential [${name}] ${result.report}`);
      },
      timeLimitMs + 60_000,
    );
  },
);
