import { describe, expect, it } from 'vitest';
import {
  bytesText,
  durationText,
  endText,
  limitsText,
  processLimitText,
  stopText,
  wallClockText,
} from './exit-text';

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

  it('says the wall clock sent the signal, and what the Lab sent there', () => {
    const wallClockSignals = ['SIGINT', 'SIGKILL'];
    expect(
      endText({ exitCode: null, signal: 'SIGINT', limits, stopped: null, wallClockSignals }),
    ).toBe('killed by SIGINT, sent when the run reached its wall-clock limit (10 min)');
    expect(
      endText({ exitCode: null, signal: 'SIGKILL', limits, stopped: null, wallClockSignals }),
    ).toBe(
      'killed by SIGKILL, sent when the run reached its wall-clock limit (10 min) and SIGINT did not end it',
    );
    expect(wallClockText(['SIGINT'], { ...limits, wallSeconds: 2 })).toBe(
      'The run reached its wall-clock limit (2 s): the Lab sent SIGINT to the process group, as Stop does.',
    );
    expect(wallClockText(wallClockSignals, limits)).toMatch(
      /SIGINT to the process group, then SIGKILL when it outlived the grace period, as Stop does\.$/,
    );
    expect(durationText(90)).toBe('90 s');
    expect(durationText(600)).toBe('10 min');
  });

  it('says which limit holds the processes on this machine', () => {
    expect(
      processLimitText({ kind: 'cgroup', version: 1, path: '/sys/fs/cgroup/pids/r1' }, 64),
    ).toBe(
      "At most 64 processes and threads at once: pids.max of the run's own cgroup (v1, /sys/fs/cgroup/pids/r1); a fork past it fails with EAGAIN.",
    );
    expect(
      processLimitText({ kind: 'rlimit-nproc', value: 165, userTasksAtStart: 100 }, 64),
    ).toMatch(/^RLIMIT_NPROC 165: .* your user, who had 100 when the run started\. .* about 64/);
    expect(processLimitText({ kind: 'none', reason: 'the Lab runs as root' }, 64)).toBe(
      'No process limit holds: the Lab runs as root.',
    );
  });

  it('writes limits and sizes in binary units', () => {
    expect(limitsText(limits)).toBe(
      'CPU time 30 s, data segment 256 MiB, 64 processes, wall clock 10 min',
    );
    expect(bytesText(1024)).toBe('1 KiB');
    expect(bytesText(3 * 1024 ** 3)).toBe('3 GiB');
    expect(bytesText(1500)).toBe('1500 B');
  });
});
