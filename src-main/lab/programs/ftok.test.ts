// ftok made by the Lab equals what a C program's ftok prints for the same path and id, and the
// key is built from the file's inode and device as stat reports them.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skippableTitle } from '../../proc/fixtures/ipc-peer';
import type { TestLab } from '../test-helpers';
import { startTestLab } from '../test-helpers';
import { splitDevice } from './ftok';
import { NO_CC, RunWatch, compileFixture, hasCompiler } from './program-harness';

describe('ftok', () => {
  let t: TestLab;
  let watch: RunWatch;
  let dir: string;
  let file: string;
  beforeAll(async () => {
    t = await startTestLab();
    watch = new RunWatch(t.lab);
    dir = mkdtempSync(join(tmpdir(), 'shmlab-ftok-'));
    file = join(dir, 'key-file');
    writeFileSync(file, 'a file whose inode names a key\n');
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('reports the inode and device stat gives, and the key made of them', async () => {
    const result = await t.lab.ftok({ path: file, projectId: 0x41 });
    const stat = statSync(file, { bigint: true });
    expect(result.inode).toBe(Number(stat.ino));
    expect(result.device).toBe(Number(stat.dev));
    expect({ major: result.deviceMajor, minor: result.deviceMinor }).toEqual(splitDevice(stat.dev));
    // glibc (and musl) build the key as id:8 | minor:8 | inode:16, from the low bits of each.
    const expected =
      (0x41 << 24) | ((result.deviceMinor & 0xff) << 16) | (result.inode & 0xffff) | 0;
    expect(result.key).toBe(expected);
    expect(result).toMatchObject({ path: file, projectId: 0x41 });
  });

  it.skipIf(!hasCompiler)(
    skippableTitle('equals the key a C program’s ftok prints', !hasCompiler, NO_CC),
    async () => {
      const programId = await compileFixture(t.lab, 'print-ftok.c');
      for (const [path, id] of [
        [file, 1],
        [dir, 255],
        ['/', 7],
      ] as const) {
        const run = await t.lab.runProgram({
          programId,
          shmid: null,
          args: [path, String(id)],
          cols: 80,
          rows: 24,
        });
        const printed = await watch.printed(run, /key=(-?\d+)/);
        await watch.over(run);
        expect((await t.lab.ftok({ path, projectId: id })).key).toBe(Number(printed[1]));
      }
    },
  );

  it('a path that does not exist: ENOENT from syscall ftok, naming the path', async () => {
    const missing = join(dir, 'no-such-file');
    const error = await t.lab.ftok({ path: missing, projectId: 1 }).then(
      () => null,
      (thrown: unknown) => thrown as { code: string; syscall: string; message: string },
    );
    expect(error).toMatchObject({ code: 'ENOENT', syscall: 'ftok' });
    expect(error?.message).toContain(missing);
    const notDir = await t.lab
      .ftok({ path: join(file, 'below'), projectId: 1 })
      .catch((thrown: unknown) => thrown as { code: string });
    expect(notDir).toMatchObject({ code: 'ENOTDIR' });
  });
});

describe('splitDevice', () => {
  it('splits dev_t as glibc does (12-bit major, 20-bit minor, in the new encoding)', () => {
    expect(splitDevice(0x0803n)).toEqual({ major: 8, minor: 3 });
    // major 259, minor 65536 + 5: bits spread over the high word.
    const dev = ((259n & 0xfffn) << 8n) | (((65541n & ~0xffn) << 12n) | (65541n & 0xffn));
    expect(splitDevice(dev)).toEqual({ major: 259, minor: 65541 });
  });
});
