import type { RunLock } from '../../../functions/lib/locks/lock.js';
import type { FeedTarget } from '../../../functions/lib/targets/target.js';

/** What a killed process "throws": nothing after it happens reaches the store. */
export class SimulatedCrash extends Error {
  override name = 'SimulatedCrash';
}

/**
 * A target whose process dies after `k` successful writes (writes and
 * removals count): from then on every call throws SimulatedCrash. `written`:
 * the paths it wrote before dying.
 */
export function crashingTarget(
  inner: FeedTarget,
  k: number,
): { target: FeedTarget; crashed: () => boolean; written: string[] } {
  let mutations = 0;
  const written: string[] = [];
  let crashed = false;
  const alive = () => {
    if (crashed) throw new SimulatedCrash(`killed after ${k} write(s)`);
  };
  const mutate = async (action: () => Promise<void>) => {
    alive();
    if (mutations >= k) {
      crashed = true;
      alive();
    }
    await action();
    mutations += 1;
  };
  return {
    crashed: () => crashed,
    written,
    target: {
      describe: (p) => inner.describe(p),
      async readPublished(p) {
        alive();
        return inner.readPublished(p);
      },
      async readBody(p) {
        alive();
        return inner.readBody?.(p);
      },
      async list() {
        alive();
        return inner.list();
      },
      write: (file) =>
        mutate(async () => {
          await inner.write(file);
          written.push(file.path);
        }),
      remove: (p) => mutate(() => inner.remove(p)),
    },
  };
}

/**
 * The lock of a process that gets killed: `begin` and `claim` happen as
 * usual, but `end` never does — a killed process neither gives its lease
 * back nor stores its manifest. (If the run needed fewer than `k` writes,
 * it is killed just before ending its session.)
 */
export function killedLock(inner: RunLock): RunLock {
  return {
    peek: () => inner.peek(),
    async begin(runId) {
      const begun = await inner.begin(runId);
      if ('busy' in begun) return begun;
      const { session } = begun;
      return {
        session: {
          ...(session.manifest === undefined ? {} : { manifest: session.manifest }),
          ...(session.tookOverFrom === undefined ? {} : { tookOverFrom: session.tookOverFrom }),
          claim: () => session.claim(),
          end: async () => false,
        },
      };
    },
  };
}
