import { describe, expect, it } from 'vitest';
import {
  createInlineIndexStore,
  type IndexEntry,
  type IndexStore,
  readIndex,
  removeObsoleteShards,
  shardBitsFor,
  shardOf,
  writeIndex,
} from '../../functions/lib/run-index.js';

/** A store that counts what a run writes and removes. */
function countingStore() {
  const inner = createInlineIndexStore();
  const counts = { put: 0, remove: 0 };
  const store: IndexStore = {
    where: inner.where,
    get: (id) => inner.get(id),
    put: (id, text) => {
      counts.put += 1;
      return inner.put(id, text);
    },
    remove: (id) => {
      counts.remove += 1;
      return inner.remove(id);
    },
  };
  return { store, counts, inner };
}

function entry(key: string, overrides: Partial<IndexEntry> = {}): IndexEntry {
  const name = key.slice(key.lastIndexOf('/') + 1, -3);
  const file = `content/articles/${key}`;
  const version = `sha256:${Buffer.from(key).toString('hex').padEnd(64, '0').slice(0, 64)}`;
  return {
    key,
    name,
    file,
    version,
    article: {
      file,
      key,
      version,
      id: `tag:site.test,2025:${name}`,
      slug: name,
      date: new Date('2025-04-14T10:00:00Z'),
      draft: false,
      categories: ['Politics'],
      tags: [],
      authors: [{ name: 'Amina' }],
    },
    ...overrides,
  };
}

const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('the run index', () => {
  it('reads back what it wrote, whatever follows the usual shapes and whatever does not', async () => {
    const { store } = countingStore();
    const unusual = entry('odd.md', {
      name: 'not-the-key',
      file: 's3://bucket/elsewhere/odd.md?',
      checked: true,
      warnings: ['odd.md: colour: unknown field, ignored'],
    });
    if (unusual.article) {
      unusual.article = {
        ...unusual.article,
        file: unusual.file,
        id: 'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66',
        slug: 'a-pinned-slug',
        updated: new Date('2025-04-15T08:30:00.123Z'),
        draft: true,
        tags: ['Rabat', 'مرحبا', '🇲🇦'],
        authors: [{ name: 'Amina' }, { name: 'Jean' }],
      };
    }
    const skipped = entry('broken.md', {
      skipped: [{ file: 'content/articles/broken.md', field: 'date', reason: 'is required' }],
    });
    delete skipped.article;
    const entries = [entry('a.md'), entry('nested/b.md'), unusual, skipped];
    const descriptor = await writeIndex(entries, store);
    const read = await readIndex(descriptor, store);
    expect(plain([...read.values()].sort((a, b) => (a.key < b.key ? -1 : 1)))).toEqual(
      plain([...entries].sort((a, b) => (a.key < b.key ? -1 : 1))),
    );
  });

  it('rewrites only the shards whose records changed, and removes the ones no root lists', async () => {
    const { store, counts } = countingStore();
    const entries = Array.from({ length: 9_000 }, (_, i) => entry(`a${String(i).padStart(5, '0')}.md`));
    const first = await writeIndex(entries, store);
    expect(first.bits).toBe(shardBitsFor(9_000));
    expect(first.shards.length).toBe(2 ** first.bits);
    expect(counts.put).toBe(first.shards.filter((id) => id !== '').length);

    counts.put = 0;
    const edited = entries.map((e, i) => (i === 17 ? { ...e, version: `sha256:${'f'.repeat(64)}` } : e));
    const second = await writeIndex(edited, store, first);
    expect(counts.put).toBe(1);
    const changed = first.shards.filter((id, i) => id !== second.shards[i]);
    expect(changed).toHaveLength(1);
    expect(second.shards[shardOf('a00017.md', second.bits)]).not.toBe(
      first.shards[shardOf('a00017.md', first.bits)],
    );

    await removeObsoleteShards(store, first, second);
    expect(counts.remove).toBe(1);
    expect((await readIndex(second, store)).get('a00017.md')?.version).toBe(`sha256:${'f'.repeat(64)}`);
    await expect(readIndex(first, store)).rejects.toThrow(/missing/);
  });

  it('refuses a shard that is missing, altered, holds a key of another shard or a count the root does not say', async () => {
    const { store, inner } = countingStore();
    const entries = Array.from({ length: 5_000 }, (_, i) => entry(`k${i}.md`));
    const descriptor = await writeIndex(entries, store);
    const [id = ''] = descriptor.shards.filter((s) => s !== '');
    const text = (await inner.get(id)) ?? '';

    await expect(readIndex({ ...descriptor, count: 4_999 }, store)).rejects.toThrow(
      /records where the root says/,
    );
    await expect(readIndex({ ...descriptor, shards: descriptor.shards.slice(1) }, store)).rejects.toThrow(
      /root is not as written/,
    );
    const swapped = [...descriptor.shards].reverse();
    await expect(readIndex({ ...descriptor, shards: swapped }, store)).rejects.toThrow(/wrong shard/);
    await inner.put(id, text.replace('"Amina"', '"Mallory"'));
    await expect(readIndex(descriptor, store)).rejects.toThrow(/does not match its name/);
    await inner.remove(id);
    await expect(readIndex(descriptor, store)).rejects.toThrow(/missing/);
  });

  it('keeps its shard count while a collection grows or shrinks a little, so shards are not reshuffled', () => {
    expect(shardBitsFor(0)).toBe(0);
    expect(shardBitsFor(2_000)).toBe(0);
    expect(shardBitsFor(2_001)).toBe(1);
    expect(shardBitsFor(1_000_000)).toBe(9);
    expect(shardBitsFor(3_900, 0)).toBe(0);
    expect(shardBitsFor(4_100, 0)).toBe(2);
    expect(shardBitsFor(100_000, 6)).toBe(6);
    expect(shardBitsFor(10_000, 6)).toBe(3);
  });
});
