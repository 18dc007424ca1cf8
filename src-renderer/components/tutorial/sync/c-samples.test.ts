// Every C sample the synchronisation panes show must compile as shown: each one is handed to the
// machine's C compiler with -fsyntax-only (warnings are errors), when there is one.
// The test runs the real compiler, which the renderer itself never does.
// eslint-disable-next-line no-restricted-imports
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FREE_RUN_SAMPLE, STEP_SAMPLE, pointerSample, pvSample, semgetSample } from './c-samples';

const probe = spawnSync('cc', ['--version'], { encoding: 'utf8' });
const cc = probe.error === undefined && probe.status === 0;
if (!cc) {
  process.stdout.write(
    `[c-samples] skipped: no working "cc" on this machine (${probe.error?.message ?? `exit ${probe.status}`})\n`,
  );
}

const samples: [string, readonly string[]][] = [
  ['step', STEP_SAMPLE],
  ['free run', FREE_RUN_SAMPLE],
  [
    'semget, private',
    semgetSample({ key: 0, nsems: 1, exclusive: false, mode: 0o600, initial: 1 }),
  ],
  [
    'semget, keyed',
    semgetSample({ key: -0x2f00ff01, nsems: 3, exclusive: true, mode: 0o640, initial: 0 }),
  ],
  ['P and V', pvSample(false)],
  ['P and V with SEM_UNDO', pvSample(true)],
  ['pointer', pointerSample(8, 32)],
];

describe.skipIf(!cc)('the C samples compile', () => {
  it.each(samples)('%s', (_name, lines) => {
    const compiled = spawnSync(
      'cc',
      [
        '-std=c11',
        '-D_DEFAULT_SOURCE',
        '-Wall',
        '-Wextra',
        '-Werror',
        '-fsyntax-only',
        '-x',
        'c',
        '-',
      ],
      { input: lines.join('\n') + '\n', encoding: 'utf8' },
    );
    expect(compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);
  });

  it('really rejects C that does not compile (the check can fail)', () => {
    const broken = spawnSync('cc', ['-fsyntax-only', '-x', 'c', '-'], {
      input: 'int f(void) { return semop; }\n',
      encoding: 'utf8',
    });
    expect(broken.status).not.toBe(0);
  });
});
