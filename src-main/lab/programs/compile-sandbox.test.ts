// Issue 21, item 10: the compiler must not read outside the program's folder and the system's.
// Each sandbox this machine has runs the real cc on sources that name files outside, by names a
// macro builds (which the text check cannot see): a 0600 file of ours, /etc/shadow, /dev/zero,
// and the assembler's .include. No line of those files may appear anywhere in the answer.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skippableTitle } from '../../proc/fixtures/ipc-peer';
import { COMPILE_LIMITS } from './compile-limits';
import type { SandboxMode } from './compile-sandbox';
import { SANDBOX_MODES, compilerRoots, prepareSandbox } from './compile-sandbox';
import { compileCommand, compilerEnv, findOnPath, runCompiler } from './compiler';
import { NO_CC } from './program-harness';

const pathEnv = process.env.PATH ?? '';
const cc = findOnPath('cc', pathEnv);
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A private folder like the Lab's (mkdtemp: 0700). */
function folder(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `shmlab-${name}-`));
  made.push(dir);
  return dir;
}

/** Why `mode` cannot be tested here, or null when it works. */
async function unavailable(mode: SandboxMode): Promise<string | null> {
  if (cc === null) return NO_CC;
  return prepareSandbox({
    folder: folder('probe'),
    cc,
    env: compilerEnv(pathEnv),
    limits: COMPILE_LIMITS,
    modes: [mode],
  }).then(
    () => null,
    (error: unknown) => `the ${mode} sandbox does not work here: ${String(error)}`,
  );
}

const reasons = new Map<SandboxMode, string | null>();
for (const mode of SANDBOX_MODES) reasons.set(mode, await unavailable(mode));

// A file only we may read, outside every folder the compiler may read.
const secretDir = folder('secret');
const secret = join(secretDir, 'secret.txt');
const SECRET_LINES = ['secret line one: 3b7e1f', "secret line two: don't print me"];
writeFileSync(secret, `${SECRET_LINES.join('\n')}\n`);
chmodSync(secret, 0o600);

/** Compiles `text` as p1.c in a fresh folder in `mode`. */
async function compile(mode: SandboxMode, text: string) {
  const dir = folder(`sandbox-${mode}`);
  const source = join(dir, 'p1.c');
  writeFileSync(source, text);
  const result = await runCompiler(compileCommand(cc ?? 'cc', source, join(dir, 'p1')), source, {
    cwd: dir,
    pathEnv,
    sandboxModes: [mode],
  });
  return { dir, result };
}

/** Every line of `file` that the answer shows, anywhere. */
function linesShown(file: string, result: { output: string; diagnostics: { message: string }[] }) {
  const shown = result.output + result.diagnostics.map((d) => d.message).join('\n');
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 3 && shown.includes(line));
}

// What the compiler says for a file that is not there for it.
const REFUSED = /No such file or directory|Permission denied/;

for (const mode of SANDBOX_MODES) {
  const reason = reasons.get(mode) ?? null;
  describe.skipIf(reason !== null)(
    skippableTitle(`the ${mode} sandbox`, reason !== null, reason ?? ''),
    () => {
      it('compiles a program with system headers; the binary runs', async () => {
        const { dir, result } = await compile(
          mode,
          '#include <stdio.h>\n#include <sys/shm.h>\n' +
            'int main(void) { printf("%d\\n", IPC_PRIVATE == 0); return 0; }\n',
        );
        expect(result.output).toBe('');
        expect(result).toMatchObject({ ok: true, exitCode: 0 });
        expect(existsSync(join(dir, 'p1'))).toBe(true);
        expect(result.confinement).toContain(mode === 'namespace' ? 'mount namespace' : 'Landlock');
      });

      it('a 0600 file outside, named by a macro: an error on its line, no line of it', async () => {
        const { result } = await compile(
          mode,
          `#define SECRET "${secret}"\n#include SECRET\nint main(void) { return 0; }\n`,
        );
        expect(result.ok).toBe(false);
        expect(linesShown(secret, result)).toEqual([]);
        expect(result.output).toMatch(REFUSED);
        // gcc names the line that spells the name (the macro's), clang the #include's.
        expect(result.diagnostics[0]?.severity).toBe('error');
        expect([1, 2]).toContain(result.diagnostics[0]?.line);
      });

      it('the assembler’s .include of it, its name split so no check can read it', async () => {
        const { result } = await compile(
          mode,
          `#define SECRET "${secret}"\n` +
            '__asm__(".inc" "lude \\"" SECRET "\\"");\nint main(void) { return 0; }\n',
        );
        expect(result.ok).toBe(false);
        expect(linesShown(secret, result)).toEqual([]);
        expect(result.output).toMatch(/can't open .* for reading/);
      });

      it('/etc/shadow, named by a macro, shows none of its lines', async (context) => {
        let readable = true;
        try {
          readFileSync('/etc/shadow');
        } catch {
          readable = false;
        }
        if (!readable) {
          // Not readable by this user: no line could be compared (and none could leak).
          console.log('skipped: /etc/shadow is not readable by this user, so nothing to compare');
          context.skip();
        }
        const { result } = await compile(
          mode,
          '#define NAME "/etc/shadow"\n#include NAME\nint main(void) { return 0; }\n',
        );
        expect(result.ok).toBe(false);
        expect(linesShown('/etc/shadow', result)).toEqual([]);
        expect(result.output).toMatch(REFUSED);
      });

      it('/dev/zero, named by a macro, ends at once with an error', async () => {
        const { result } = await compile(mode, '#define ZERO "/dev/zero"\n#include ZERO\n');
        expect(result.ok).toBe(false);
        expect(result.output).toMatch(REFUSED);
        expect(result.output).not.toContain('ShmLab stopped the compiler');
        expect(result.diagnostics[0]?.severity).toBe('error');
        expect([1, 2]).toContain(result.diagnostics[0]?.line);
      });
    },
  );
}

describe('compilerRoots', () => {
  it('adds nothing for a compiler in the system folders, its installation otherwise', () => {
    expect(compilerRoots('/usr/bin/cc')).toEqual([]);
    expect(compilerRoots('/opt/gcc-13/bin/gcc')).toEqual(['/opt/gcc-13/bin', '/opt/gcc-13']);
  });
});
