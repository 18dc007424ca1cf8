// compilerInfo and compileProgram with the machine's real cc, and with a PATH that has none.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabError } from '../../common/errors';
import { skippableTitle } from '../../proc/fixtures/ipc-peer';
import type { TestLab } from '../test-helpers';
import { startTestLab } from '../test-helpers';
import { NO_CC, hasCompiler } from './program-harness';

describe('without a compiler on PATH', () => {
  let t: TestLab;
  let emptyDir: string;
  beforeAll(async () => {
    emptyDir = mkdtempSync(join(tmpdir(), 'shmlab-no-cc-'));
    t = await startTestLab({ programs: { path: `${emptyDir}:/nonexistent` } });
  });
  afterAll(async () => {
    rmSync(emptyDir, { recursive: true, force: true });
    await t.close();
  });

  it('compilerInfo still answers, says why and how to install one', async () => {
    const info = await t.lab.compilerInfo();
    expect(info.path).toBeNull();
    expect(info.version).toBeNull();
    expect(info.runDisabled).toBe(false);
    expect(info.unavailableReason).toMatch(/No C compiler: there is no "cc"/);
    expect(info.unavailableReason).toContain(emptyDir);
    expect(info.unavailableReason).toContain(info.installHint);
    // This machine is Debian: the hint is its command.
    if (/^ID(_LIKE)?=.*debian/m.test(readFileSync('/etc/os-release', 'utf8'))) {
      expect(info.installHint).toMatch(/apt-get install gcc$/);
    }
  });

  it('compileProgram throws E_NO_COMPILER with the same words', async () => {
    const info = await t.lab.compilerInfo();
    const error = await t.lab.compileProgram({ source: 'int main(void) { return 0; }\n' }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError).code).toBe('E_NO_COMPILER');
    expect((error as LabError).message).toBe(info.unavailableReason);
  });

  it('the rest of the Lab keeps working (ftok answers)', async () => {
    expect((await t.lab.ftok({ path: tmpdir(), projectId: 1 })).path).toBe(tmpdir());
  });
});

describe.skipIf(!hasCompiler)(skippableTitle('with the machine’s cc', !hasCompiler, NO_CC), () => {
  let t: TestLab;
  beforeAll(async () => {
    t = await startTestLab();
  });
  afterAll(async () => {
    await t.close();
  });

  it('compilerInfo names cc and the first line of its --version', async () => {
    const info = await t.lab.compilerInfo();
    expect(info.path).toMatch(/\/cc$/);
    expect(statSync(info.path!).isFile()).toBe(true);
    expect(info.version).not.toBeNull();
    expect(info.version).not.toContain('\n');
    expect(info.unavailableReason).toBeNull();
  });

  it('maps the error and the warning to their lines; no program is made', async () => {
    const source = readFileSync(join(import.meta.dirname, 'fixtures', 'errors.c'), 'utf8');
    const result = await t.lab.compileProgram({ source });
    expect(result.ok).toBe(false);
    expect(result.programId).toBeNull();
    expect(result.exitCode).not.toBe(0);
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({ line: 5, severity: 'warning', column: 7 }),
    );
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({ line: 6, severity: 'error', column: 10 }),
    );
    expect(result.diagnostics.find((d) => d.line === 6)?.message).toContain('undeclared_name');
    // Every mapped message is in the output, verbatim.
    for (const diagnostic of result.diagnostics)
      expect(result.output).toContain(diagnostic.message);
    const [cc, ...args] = result.command;
    expect(cc).toBe((await t.lab.compilerInfo()).path);
    expect(args.slice(0, 7)).toEqual([
      '-std=gnu17',
      '-Wall',
      '-Wextra',
      '-g',
      '-O0',
      '-fdiagnostics-color=never',
      '-o',
    ]);
    expect(args.at(-1)).toMatch(/\/p\d+\.c$/);
  });

  it('a good program gets an id runProgram accepts; its files sit in a private folder', async () => {
    const result = await t.lab.compileProgram({ source: 'int main(void) { return 0; }\n' });
    expect(result).toMatchObject({ ok: true, exitCode: 0, signal: null, diagnostics: [] });
    expect(result.programId).toMatch(/^p\d+$/);
    const binary = result.command[result.command.indexOf('-o') + 1]!;
    expect(binary.endsWith(`/${result.programId}`)).toBe(true);
    const folder = binary.slice(0, binary.lastIndexOf('/'));
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(binary).mode & 0o100).toBe(0o100);
  });

  it('says what the compile could read and its limits, in one line', async () => {
    const result = await t.lab.compileProgram({ source: 'int main(void) { return 0; }\n' });
    expect(result.confinement).toMatch(/^(a mount namespace|Landlock)/);
    expect(result.confinement).toMatch(/; 512 MiB address space, 10 s CPU, 64 MiB per file, 20 s/);
    expect(result.confinement).not.toContain('\n');
  });

  it('#include "/etc/shadow", a 0600 file or /dev/zero: E_BAD_INPUT naming the line, nothing compiled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shmlab-outside-'));
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'not for the compiler\n', { mode: 0o600 });
    try {
      for (const path of ['/etc/shadow', secret, '/dev/zero']) {
        const source = `#include <stdio.h>\n#include "${path}"\nint main(void) { return 0; }\n`;
        const error = await t.lab.compileProgram({ source }).then(
          () => null,
          (thrown: unknown) => thrown as LabError,
        );
        expect(error).toMatchObject({ code: 'E_BAD_INPUT' });
        expect(error?.message).toMatch(
          new RegExp(`^line 2: #include "${path}" names a file outside`),
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unknown program id is refused with E_NO_SUCH_PROGRAM', async () => {
    await expect(
      t.lab.runProgram({ programId: 'p999', shmid: null, args: [], cols: 80, rows: 24 }),
    ).rejects.toMatchObject({ code: 'E_NO_SUCH_PROGRAM' });
  });
});
