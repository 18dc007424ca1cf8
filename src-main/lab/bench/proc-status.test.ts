import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProcFormatError } from '../../proc/proc-error';
import { native } from '../native';
import { trackLeftovers } from '../test-helpers';
import { memoryGrowth, parseStatusMemory, readStatusMemory } from './proc-status';

const leftovers = trackLeftovers();
const pageSize = native.constants.pageSize;
const MiB = 1024 * 1024;

describe('parseStatusMemory', () => {
  it('reads the memory lines of this process’s real status file, in bytes', () => {
    const text = readFileSync('/proc/self/status', 'utf8');
    const memory = parseStatusMemory(text);
    const kB = (name: string): number =>
      Number(
        /^\S+:\s+(\d+) kB$/m.exec(text.split('\n').find((l) => l.startsWith(`${name}:`))!)![1],
      );
    expect(memory.RssAnon).toBe(kB('RssAnon') * 1024);
    expect(memory.RssShmem).toBe(kB('RssShmem') * 1024);
    // The kernel's own sum, in kB.
    expect(memory.VmRSS).toBe(memory.RssAnon + memory.RssFile + memory.RssShmem);
    expect(memory.VmHWM).toBeGreaterThanOrEqual(memory.VmRSS);
  });

  it('names the file, the line and the field when a line is not in kB', () => {
    const text = readFileSync('/proc/self/status', 'utf8').replace(/^RssFile:.*$/m, 'RssFile:\t12');
    const parse = (): unknown => parseStatusMemory(text, '/proc/42/status');
    expect(parse).toThrow(ProcFormatError);
    expect(parse).toThrow(/^\/proc\/42\/status line \d+: RssFile is not "<number> kB"/);
  });

  it('names every field that is missing', () => {
    const text = readFileSync('/proc/self/status', 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith('RssAnon:') && !line.startsWith('VmHWM:'))
      .join('\n');
    expect(() => parseStatusMemory(text)).toThrow(/no VmHWM, RssAnon line/);
  });
});

describe('readStatusMemory and memoryGrowth', () => {
  it('count touched segment pages as shared and a filled buffer as ours', () => {
    const pages = 2048; // 8 MiB with 4 KiB pages: well above the noise of a test process
    const shmid = native.shmget(
      native.constants.IPC_PRIVATE,
      pages * pageSize,
      native.constants.IPC_CREAT | 0o600,
    );
    leftovers.segments.push(shmid);
    const mapping = native.shmat(shmid);
    try {
      const before = readStatusMemory(process.pid);
      mapping.write(0, new Uint8Array(pages * pageSize).fill(1));
      const touched = readStatusMemory(process.pid);
      // The write's source buffer is ours and stays referenced below, so it stays resident.
      const own = Buffer.alloc(16 * MiB, 1);
      const filled = readStatusMemory(process.pid);

      expect(memoryGrowth(before, touched).shared).toBeGreaterThanOrEqual(pages * pageSize);
      expect(memoryGrowth(touched, filled).ours).toBeGreaterThanOrEqual(15 * MiB);
      expect(Math.abs(memoryGrowth(touched, filled).shared)).toBeLessThan(MiB);
      expect(own.length).toBe(16 * MiB);
    } finally {
      mapping.detach();
    }
  });

  it('fails for a process that does not exist', () => {
    // pid_max is at most 2^22, so this pid is never in use.
    expect(() => readStatusMemory(2 ** 23)).toThrow(/ENOENT/);
  });
});
