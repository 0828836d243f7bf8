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
    [['preview', '--bucket', 'x'], '--bucket does not apply to preview (it is for publish)'],
    [['validate', '--out', 'x'], '--out does not apply to validate (it is for build, preview)'],
    [['build', '--out'], '--out needs a value'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(message);
  });

  it('suggests nothing far from every known name', () => {
    expect(() => parseCommandLine(['build', '--zzzzzz'])).toThrow(/^unknown option --zzzzzz$/);
  });
});
