import { parseArgs } from 'node:util';
import { ConfigError } from './errors.js';

/**
 * The command line, checked: a mistyped command or flag is an error with a
 * suggestion, a stray argument is an error, and a flag that does nothing for
 * the command given is refused (silently ignoring `build --port 9` would
 * leave people wondering why nothing listens).
 */
export const COMMANDS = ['build', 'publish', 'plan', 'preview', 'validate'] as const;
export type Command = (typeof COMMANDS)[number];

const OPTIONS = {
  content: { type: 'string' },
  out: { type: 'string' },
  state: { type: 'string' },
  now: { type: 'string' },
  bucket: { type: 'string' },
  prefix: { type: 'string' },
  endpoint: { type: 'string' },
  port: { type: 'string' },
  'allow-shrink': { type: 'boolean' },
  full: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
type OptionName = keyof typeof OPTIONS;

/** Which flags each command takes (`--help` goes with any). */
const TAKES: Record<Command, readonly OptionName[]> = {
  build: ['content', 'out', 'state', 'now', 'full', 'allow-shrink'],
  publish: ['content', 'bucket', 'prefix', 'endpoint', 'now', 'full', 'allow-shrink', 'dry-run'],
  // What build would do (a folder), or with --bucket what publish would: checked further in planFlags.
  plan: ['content', 'out', 'state', 'bucket', 'prefix', 'endpoint', 'now', 'full', 'allow-shrink'],
  preview: ['out', 'port'],
  validate: ['content'],
};

export interface CommandLine {
  command?: Command;
  values: { [K in OptionName]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean };
}

export function parseCommandLine(argv: readonly string[]): CommandLine {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>
  >;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
  } catch (error) {
    throw new ConfigError(explainParseError(error));
  }
  const { values, positionals } = parsed;
  const [first, ...stray] = positionals;
  if (first === undefined) return { values };
  if (!isCommand(first)) {
    throw new ConfigError(`unknown command "${first}"${suggestion(first, COMMANDS, '')}`);
  }
  if (stray.length > 0) {
    throw new ConfigError(
      `unexpected argument "${stray[0]}": ${first} takes no arguments besides its options${stray.length > 1 ? ` (and ${stray.length - 1} more)` : ''}`,
    );
  }
  for (const name of Object.keys(values) as OptionName[]) {
    if (name === 'help' || TAKES[first].includes(name)) continue;
    const users = COMMANDS.filter((c) => TAKES[c].includes(name));
    throw new ConfigError(
      `--${name} does not apply to ${first}${users.length ? ` (it is for ${users.join(', ')})` : ''}`,
    );
  }
  if (first === 'plan') planFlags(values);
  return { command: first, values };
}

/**
 * plan is two commands in one: without --bucket it plans a build into a
 * folder, with it a publish to S3. A flag of the other one is refused.
 */
function planFlags(values: CommandLine['values']): void {
  if (values.bucket !== undefined) {
    for (const name of ['out', 'state'] as const) {
      if (values[name] !== undefined) {
        throw new ConfigError(
          `--${name} does not apply to plan --bucket (it plans a publish to S3; without --bucket, plan shows what build would do)`,
        );
      }
    }
    return;
  }
  for (const name of ['prefix', 'endpoint'] as const) {
    if (values[name] !== undefined) {
      throw new ConfigError(
        `--${name} needs --bucket: plan without it shows what build would do into a folder`,
      );
    }
  }
}

function isCommand(value: string): value is Command {
  return (COMMANDS as readonly string[]).includes(value);
}

/** Node's parseArgs errors, said the way a person typed the command. */
function explainParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-{1,2}[^']+)'/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const name = option.replace(/^-+/, '').split('=')[0] ?? '';
    return `unknown option ${option}${suggestion(name, Object.keys(OPTIONS), '--')}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /argument missing/.test(message)
      ? `${option.split(' ')[0]} needs a value`
      : `${option.split(' ')[0]}: ${message.replace(/^Option '[^']+' /, '')}`;
  }
  return message;
}

/** ` (did you mean --bucket?)` when a known name is within two edits of `typed`. */
function suggestion(typed: string, known: readonly string[], prefix: string): string {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(typed.toLowerCase(), name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best ? ` (did you mean ${prefix}${best.name}?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}
