import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildContent } from '../support/build-content.js';

const run = promisify(execFile);
const FILES = ['rss.xml', 'atom.xml', 'feed.json'];
const GOLDEN = 'test/golden';

describe('the feeds built from content/', () => {
  // To accept an intended change: UPDATE_GOLDEN=1 npm test, then review the diff of test/golden/.
  it.each(FILES)('%s matches the golden file byte for byte', async (file) => {
    const built = await buildContent();
    const actual = await built.read(file);
    if (process.env.UPDATE_GOLDEN === '1') await writeFile(path.join(GOLDEN, file), actual);
    expect(actual).toBe(await readFile(path.join(GOLDEN, file), 'utf8'));
  });

  it('are byte-identical when built on other days in other time zones', async () => {
    const builds = [
      { tz: 'Pacific/Kiritimati', now: '2026-03-01T09:00:00Z' },
      { tz: 'America/Los_Angeles', now: '2027-11-02T23:30:00-07:00' },
      { tz: 'Asia/Kolkata', now: '2025-04-20T00:00:00+05:30' },
    ];
    for (const { tz, now } of builds) {
      const out = await mkdtemp(path.join(tmpdir(), 'feedwright-tz-'));
      await run(
        process.execPath,
        ['--import', 'tsx', 'functions/cli.ts', 'build', '--out', out, '--now', now],
        {
          env: { ...process.env, TZ: tz },
        },
      );
      for (const file of FILES) {
        expect(await readFile(path.join(out, file), 'utf8'), `${file} built in ${tz} as of ${now}`).toBe(
          await readFile(path.join(GOLDEN, file), 'utf8'),
        );
      }
    }
  });
});
