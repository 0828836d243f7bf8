import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../functions/lib/cli-args.js';

describe('the command line', () => {
  it('takes a command and the flags it uses', () => {
    expect(parseCommandLine(['build', '--out', 'site', '--full'])).toEqual({
      command: 'build',
      values: { out: 'site', full: true },
    });
    expect(parseCommandLine(['--help'])).toEqual({ values: { help: true } });
    expect(parseCommandLine([])).toEqual({ values: {} });
  });

  it.each([
    [['buidl'], 'unknown command "buidl" (did you mean build?)'],
    [['publsh'], 'unknown command "publsh" (did you mean publish?)'],
    [['deploy'], 'unknown command "deploy"'],
    [['build', '--bukcet', 'x'], 'unknown option --bukcet (did you mean --bucket?)'],
    [['build', '--outt=site'], 'unknown option --outt (did you mean --out?)'],
    [['build', '--verbose'], 'unknown option --verbose'],
    [['build', 'stray'], 'unexpected argument "stray": build takes no arguments besides its options'],
    [['build', '--port', '9'], '--port does not apply to build (it is for preview)'],
    [['preview', '--bucket', 'x'], '--bucket does not apply to preview (it is for publish, plan)'],
    [['validate', '--out', 'x'], '--out does not apply to validate (it is for build, plan, preview)'],
    [['build', '--dry-run'], '--dry-run does not apply to build (it is for publish)'],
    [['publish', '--dry-rn'], 'unknown option --dry-rn (did you mean --dry-run?)'],
    [['pln'], 'unknown command "pln" (did you mean plan?)'],
    [
      ['plan', '--bucket', 'b', '--out', 'site'],
      '--out does not apply to plan --bucket (it plans a publish to S3; without --bucket, plan shows what build would do)',
    ],
    [['plan', '--state', 's', '--bucket', 'b'], '--state does not apply to plan --bucket'],
    [
      ['plan', '--prefix', 'feeds/'],
      '--prefix needs --bucket: plan without it shows what build would do into a folder',
    ],
    [['plan', '--endpoint', 'http://127.0.0.1:1'], '--endpoint needs --bucket'],
    [['build', '--out'], '--out needs a value'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(message);
  });

  it('takes for plan the flags of build, or with --bucket those of publish; --dry-run for publish', () => {
    expect(parseCommandLine(['plan', '--out', 'site', '--state', 's', '--now', 'x', '--full'])).toEqual({
      command: 'plan',
      values: { out: 'site', state: 's', now: 'x', full: true },
    });
    expect(parseCommandLine(['plan', '--bucket', 'b', '--prefix', 'p/', '--allow-shrink'])).toEqual({
      command: 'plan',
      values: { bucket: 'b', prefix: 'p/', 'allow-shrink': true },
    });
    expect(parseCommandLine(['publish', '--bucket', 'b', '--dry-run'])).toEqual({
      command: 'publish',
      values: { bucket: 'b', 'dry-run': true },
    });
  });

  it('suggests nothing far from every known name', () => {
    expect(() => parseCommandLine(['build', '--zzzzzz'])).toThrow(/^unknown option --zzzzzz$/);
  });
});
