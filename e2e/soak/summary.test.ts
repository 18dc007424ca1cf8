// The soak's verdict and figures, from made-up reports: it fails on any host
// exit or leftover and only then, and growth is measured after the warm-up.
import { describe, expect, it } from 'vitest';
import type { ShmSegmentRecord } from '../../src-main/proc/sysvipc-shm';
import type { Sample } from './sampler';
import { parseSoakArgs } from './soak-args';
import type { SoakReport } from './summary';
import { CLEAN_SIGTERM_EXIT, failures, formatSummary, series, warmUpMs } from './summary';
import { Tally } from './tally';

const sample = (atMs: number, rss: number, fds: number): Sample => ({
  atMs,
  alive: true,
  rss,
  ownRss: rss,
  fds,
  processes: 3,
  segments: 1,
  sets: 0,
});

function cleanReport(): SoakReport {
  return {
    seed: 42,
    tabs: 4,
    minutes: 2,
    ranMs: 120_000,
    exitDuringSoak: null,
    stop: { exit: { code: CLEAN_SIGTERM_EXIT, signal: null, atMs: 1 }, killed: false, ms: 80 },
    tally: new Tally(),
    samples: [sample(0, 100, 20), sample(60_000, 150, 30), sample(120_000, 160, 22)],
    leftovers: { segments: [], semids: [], processes: [] },
    processesSeen: 3,
    fdChanges: 'none',
    quiesced: { state: 'A running, B running, 0 runs known', problems: [] },
  };
}

describe('soak summary', () => {
  it('passes a soak with no exit and nothing left, and prints the seed to replay it', () => {
    const report = cleanReport();
    expect(failures(report)).toEqual([]);
    expect(formatSummary(report)).toContain('npm run soak -- --seed 42 --tabs 4 --minutes 2');
  });

  it('fails on a host exit, an unclean stop and each kind of leftover', () => {
    const report = cleanReport();
    report.exitDuringSoak = { code: null, signal: 'SIGSEGV', atMs: 5000 };
    report.stop = null;
    report.leftovers = {
      segments: [{ shmid: 7, cpid: 99, nattch: 0 } as ShmSegmentRecord],
      semids: [3, 4],
      processes: [{ pid: 99, ppid: 1, starttime: '5', state: 'S', command: 'child' }],
    };
    expect(failures(report)).toEqual([
      'the host exited during the soak (code null, signal SIGSEGV)',
      '1 segment(s) left',
      '2 semaphore set(s) left',
      "1 process(es) of the host's tree left",
    ]);
    const killed = cleanReport();
    killed.stop = { exit: { code: null, signal: 'SIGKILL', atMs: 1 }, killed: true, ms: 20_000 };
    expect(failures(killed)).toEqual(['the host did not exit on SIGTERM and needed SIGKILL']);
    const crashedOnStop = cleanReport();
    crashedOnStop.stop = { exit: { code: 1, signal: null, atMs: 1 }, killed: false, ms: 10 };
    expect(failures(crashedOnStop)).toHaveLength(1);
  });

  it('measures growth from the first sample after the warm-up', () => {
    const { samples, ranMs } = cleanReport();
    expect(warmUpMs(ranMs)).toBe(60_000);
    expect(series(samples, 'rss', warmUpMs(ranMs))).toEqual({
      start: 100,
      peak: 160,
      end: 160,
      growth: 10,
    });
    // A soak shorter than two minutes counts its first half as warm-up.
    expect(warmUpMs(40_000)).toBe(20_000);
    expect(series([], 'fds', 0).peak).toBeNull();
  });
});

describe('soak options', () => {
  it('defaults to 30 minutes and 4 tabs, and keeps a given seed', () => {
    expect(parseSoakArgs([], () => 9)).toEqual({ minutes: 30, tabs: 4, seed: 9 });
    expect(parseSoakArgs(['--minutes', '2', '--tabs', '6', '--seed', '77'])).toEqual({
      minutes: 2,
      tabs: 6,
      seed: 77,
    });
  });

  it('names the option that is wrong and what it allows', () => {
    expect(() => parseSoakArgs(['--minutes', 'ten'])).toThrow(
      /--minutes must be a number from 0.5 to 600/,
    );
    expect(() => parseSoakArgs(['--tabs', '0'])).toThrow(
      /--tabs must be a whole number from 1 to 32/,
    );
    expect(() => parseSoakArgs(['--seed', '4294967296'])).toThrow(/--seed must be a whole number/);
    expect(() => parseSoakArgs(['--hours', '1'])).toThrow(/Unknown option '--hours'/);
  });
});
