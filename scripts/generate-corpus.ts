/**
 * Writes a synthetic article collection for tests and benchmarks:
 *
 *   npx tsx scripts/generate-corpus.ts --count 1000 [--seed 1] [--start-date ISO] --out DIR
 *
 * DIR then holds site.yml and articles/, ready for `feedwright build --content DIR`.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, DEFAULT_START_DATE, isStartDate, writeCollection } from './corpus.js';

const USAGE = `Usage: npx tsx scripts/generate-corpus.ts --count N --out DIR [--seed S] [--start-date ISO]

  --count N          number of articles, 0 to 1000000
  --out DIR          folder to write site.yml and articles/ into (articles/ must be empty or absent)
  --seed S           any whole number; the same seed gives the same files (default ${DEFAULT_SEED})
  --start-date ISO   articles are dated in the years before it (default ${DEFAULT_START_DATE})
  -h, --help         show this help
`;

const MAX_COUNT = 1_000_000;

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Parsed, checked command line. */
interface CorpusArgs {
  count: number;
  seed: number;
  startDate: string;
  out: string;
}

/**
 * Runs the command; returns the exit code (0 done, 1 writing failed, 2 bad arguments).
 * Exported so tests call it in-process.
 *
 * @example await main(['--count', '10', '--out', '/tmp/corpus']) === 0
 */
export async function main(argv: string[], io: Io = consoleIo): Promise<number> {
  let args: CorpusArgs | 'help';
  try {
    args = parseCorpusArgs(argv);
  } catch (error) {
    io.err(`generate-corpus: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (args === 'help') {
    io.out(USAGE);
    return 0;
  }
  try {
    const bytes = await writeCollection(args.out, {
      count: args.count,
      seed: args.seed,
      startDate: args.startDate,
    });
    io.out(`${args.count} articles, ${bytes} bytes, in ${path.resolve(args.out)}`);
    return 0;
  } catch (error) {
    io.err(`generate-corpus: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/** Throws an Error whose message names the option at fault. */
function parseCorpusArgs(argv: string[]): CorpusArgs | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      count: { type: 'string' },
      seed: { type: 'string' },
      'start-date': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (values.count === undefined) throw new Error('--count is required');
  if (values.out === undefined || values.out.trim() === '') throw new Error('--out is required');
  const count = wholeNumber('--count', values.count);
  if (count < 0 || count > MAX_COUNT) throw new Error(`--count: ${count} must be between 0 and ${MAX_COUNT}`);
  const startDate = values['start-date'] ?? DEFAULT_START_DATE;
  if (!isStartDate(startDate)) {
    throw new Error(
      `--start-date: ${JSON.stringify(startDate)} must be an ISO 8601 date with an offset, e.g. ${DEFAULT_START_DATE}`,
    );
  }
  return {
    count,
    seed: values.seed === undefined ? DEFAULT_SEED : wholeNumber('--seed', values.seed),
    startDate,
    out: values.out,
  };
}

function wholeNumber(option: string, text: string): number {
  // Number('') is 0 and Number('1e3') is 1000: only plain digits are accepted, so a typo is never a seed.
  if (!/^-?\d+$/.test(text.trim()))
    throw new Error(`${option}: ${JSON.stringify(text)} is not a whole number`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`${option}: ${text} is too large`);
  return value;
}

const consoleIo: Io = { out: (line) => console.log(line), err: (line) => console.error(line) };

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
