import { assertSafePath, type FeedTarget, type PublishedFile } from './target.js';

/** A target that keeps objects in a Map, for tests; `writes` counts every write. */
export interface MemoryTarget extends FeedTarget {
  objects: Map<string, PublishedFile>;
  writes: number;
}

export function createMemoryTarget(): MemoryTarget {
  const objects = new Map<string, PublishedFile>();
  const target: MemoryTarget = {
    objects,
    writes: 0,
    describe: (p) => `memory:${p}`,
    async readPublished(p) {
      assertSafePath(p, 'memory');
      const object = objects.get(p);
      if (!object) return undefined;
      return { hash: object.hash, ...(object.items === undefined ? {} : { items: object.items }) };
    },
    async readBody(p) {
      assertSafePath(p, 'memory');
      return objects.get(p)?.body;
    },
    async write(file) {
      assertSafePath(file.path, 'memory');
      target.writes += 1;
      objects.set(file.path, { ...file });
    },
    async list() {
      return [...objects.keys()].sort();
    },
    async remove(p) {
      assertSafePath(p, 'memory');
      objects.delete(p);
    },
  };
  return target;
}
