import { describe, expect, it } from 'vitest';
import { bytesText, endText, limitsText, stopText } from './exit-text';

const limits = { cpuSeconds: 30, dataBytes: 256 * 1024 * 1024, processes: 64, wallSeconds: 600 };

describe('exit text', () => {
  it('says an exit status as a status', () => {
    expect(endText({ exitCode: 0, signal: null, limits, stopped: null })).toBe(
      'exited with status 0',
    );
    expect(endText({ exitCode: 2, signal: null, limits: null, stopped: null })).toBe(
      'exited with status 2',
    );
  });

  it('names who sent SIGINT and SIGKILL', () => {
    const stop = { signals: ['SIGINT', 'SIGKILL'] };
    expect(endText({ exitCode: null, signal: 'SIGINT', limits, stopped: null })).toMatch(
      /^killed by SIGINT \(\^C/,
    );
    expect(
      endText({ exitCode: null, signal: 'SIGINT', limits, stopped: { signals: ['SIGINT'] } }),
    ).toBe('killed by SIGINT, sent by Stop');
    expect(endText({ exitCode: null, signal: 'SIGKILL', limits, stopped: stop })).toBe(
      'killed by SIGKILL, sent by Stop after SIGINT did not end it',
    );
    expect(endText({ exitCode: null, signal: 'SIGKILL', limits, stopped: null })).toContain(
      'CPU-time limit (30 s)',
    );
  });

  it('says the CPU limit for SIGXCPU and explains common faults', () => {
    expect(endText({ exitCode: null, signal: 'SIGXCPU', limits, stopped: null })).toBe(
      'stopped by the CPU limit (SIGXCPU): it used up its CPU-time limit (30 s)',
    );
    expect(endText({ exitCode: null, signal: 'SIGSEGV', limits, stopped: null })).toMatch(
      /^killed by SIGSEGV \(a memory access/,
    );
    expect(endText({ exitCode: null, signal: 'SIGUSR1', limits, stopped: null })).toBe(
      'killed by SIGUSR1',
    );
  });

  it('says when the status was not seen', () => {
    expect(endText({ exitCode: null, signal: null, limits, stopped: null })).toMatch(
      /status not seen/,
    );
  });

  it('lists the signals Stop sent', () => {
    expect(stopText({ signals: ['SIGINT'] })).toBe(
      'Stop sent SIGINT to the process group; that ended it.',
    );
    expect(stopText({ signals: ['SIGINT', 'SIGKILL'] })).toBe(
      'Stop sent SIGINT to the process group, then SIGKILL when it outlived the grace period.',
    );
    expect(stopText({ signals: ['SIGINT', 'SIGCONT', 'SIGKILL'] })).toBe(
      'Stop sent SIGINT to the process group, then SIGCONT, because a process of it was stopped and could not take SIGINT, then SIGKILL when it outlived the grace period.',
    );
    expect(stopText({ signals: [] })).toMatch(/no signal/);
  });

  it('writes limits and sizes in binary units', () => {
    expect(limitsText(limits)).toBe('CPU time 30 s, data segment 256 MiB');
    expect(bytesText(1024)).toBe('1 KiB');
    expect(bytesText(3 * 1024 ** 3)).toBe('3 GiB');
    expect(bytesText(1500)).toBe('1500 B');
  });
});
