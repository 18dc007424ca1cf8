import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LimitFile } from './kernel-limits';
import { LIMIT_FILES, parseKernelLimits, readKernelLimits } from './kernel-limits';
import { ProcFileError, ProcFormatError } from './proc-error';

// Captured on Linux 6.18: "<file>\t<its text>" per line (sem's own four fields are tab-separated).
function captured(): Record<LimitFile, string> {
  const text = readFileSync(join(import.meta.dirname, 'fixtures', 'kernel-limits.txt'), 'utf8');
  const entries = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => [line.slice(0, line.indexOf('\t')), `${line.slice(line.indexOf('\t') + 1)}\n`]);
  return Object.fromEntries(entries) as Record<LimitFile, string>;
}

describe('parseKernelLimits', () => {
  it('reads the captured texts, keeping the near-2^64 defaults exact as strings', () => {
    expect(parseKernelLimits(captured())).toEqual({
      shmmax: '18446744073692774399',
      shmall: '18446744073692774399',
      shmmni: 4096,
      semmsl: 32000,
      semmns: 1024000000,
      semopm: 500,
      semmni: 32000,
      msgmax: 8192,
      msgmnb: 16384,
      msgmni: 32000,
    });
  });

  it('names the file whose text is not what it should hold', () => {
    const texts = captured();
    const failure = (changes: Partial<Record<LimitFile, string>>): ProcFormatError => {
      try {
        parseKernelLimits({ ...texts, ...changes });
      } catch (error) {
        if (error instanceof ProcFormatError) return error;
        throw error;
      }
      throw new Error('expected a ProcFormatError');
    };
    expect(failure({ sem: '250 32000 32\n' })).toMatchObject({
      source: '/proc/sys/kernel/sem',
      message: expect.stringMatching(/expected 4 whole numbers/),
    });
    expect(failure({ shmmni: '-1\n' }).source).toBe('/proc/sys/kernel/shmmni');
    expect(failure({ msgmax: '99999999999999999999\n' }).message).toMatch(/below 2\^53/);
  });
});

describe('readKernelLimits', () => {
  it('reads what `ipcs -l` reports from the same files', async () => {
    const limits = await readKernelLimits();
    const texts = Object.fromEntries(
      LIMIT_FILES.map((file) => [file, readFileSync(`/proc/sys/kernel/${file}`, 'utf8')]),
    ) as Record<LimitFile, string>;
    expect(limits).toEqual(parseKernelLimits(texts));
    const ipcs = execFileSync('ipcs', ['-l'], { encoding: 'utf8', env: { LC_ALL: 'C' } });
    expect(ipcs).toContain(`max number of segments = ${limits.shmmni}`);
    expect(ipcs).toContain(`max number of arrays = ${limits.semmni}`);
    expect(ipcs).toContain(`max semaphores per array = ${limits.semmsl}`);
    expect(ipcs).toContain(`max ops per semop call = ${limits.semopm}`);
    expect(ipcs).toContain(`max queues system wide = ${limits.msgmni}`);
  });

  it('throws a ProcFileError when a file is missing', async () => {
    await expect(readKernelLimits('/proc/sys/none')).rejects.toBeInstanceOf(ProcFileError);
  });
});
