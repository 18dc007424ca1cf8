import { describe, expect, it } from 'vitest';
import type {
  ProgramExitedEvent,
  ProgramProcess,
  ProgramProcessFacts,
  ProgramRun,
} from '../../src-main/common/api';
import type { RunSlice } from './program-events';
import {
  applyExited,
  applyFacts,
  applyProcesses,
  compiledIsCurrent,
  orderProcesses,
} from './program-events';

const run: ProgramRun = {
  runId: 4,
  programId: 'p2',
  pid: 700,
  pgid: 700,
  argv: ['/tmp/x/p2'],
  env: { SHMLAB_SHMID: '12' },
  limits: { cpuSeconds: 30, dataBytes: 256 * 1024 * 1024, processes: 64, wallSeconds: 600 },
  processLimit: { kind: 'cgroup', version: 1, path: '/sys/fs/cgroup/pids/shmlab-1-2-run4' },
  startedAt: 1,
};

const attachment = { shmid: 12, address: '0x7f0000000000', size: 4096, readOnly: false };

const process = (pid: number, role: ProgramProcess['role']): ProgramProcess => ({
  runId: 4,
  pid,
  ppid: role === 'program' ? 1 : 700,
  pgid: 700,
  role,
  command: 'p2',
  state: 'S',
  attachments: [attachment],
});

const factsOf = (p: ProgramProcess): ProgramProcessFacts => ({
  process: p,
  maps: [],
  shmRegion: null,
  smaps: null,
  pageCount: 0,
  pages: [],
  pfnHiddenReason: null,
});

const exited = (pid: number, runOver: boolean): ProgramExitedEvent => ({
  runId: 4,
  pid,
  role: pid === 700 ? 'program' : 'forked',
  exitCode: 0,
  signal: null,
  detached: [attachment],
  runOver,
  removedSegments: [],
  removedSemaphoreSets: [],
  wallClockSignals: null,
});

const running = (over: Partial<RunSlice> = {}): RunSlice => ({
  run,
  running: true,
  processes: [],
  facts: {},
  exits: [],
  ...over,
});

describe('the program state’s event rules', () => {
  it('lists the program first, then its forks by pid', () => {
    const ordered = orderProcesses([
      process(705, 'forked'),
      process(700, 'program'),
      process(702, 'forked'),
    ]);
    expect(ordered.map((p) => p.pid)).toEqual([700, 702, 705]);
  });

  it('follows programProcesses of the current run and drops facts of pids no longer listed', () => {
    const parent = process(700, 'program');
    const child = process(701, 'forked');
    const state = running({
      processes: [parent, child],
      facts: { 700: factsOf(parent), 701: factsOf(child) },
    });
    const next = applyProcesses(state, { runId: 4, processes: [parent] });
    expect(next.processes).toEqual([parent]);
    expect(Object.keys(next.facts ?? {})).toEqual(['700']);
    expect(applyProcesses(state, { runId: 3, processes: [] })).toEqual({});
    expect(applyProcesses(running({ running: false }), { runId: 4, processes: [parent] })).toEqual(
      {},
    );
  });

  it('records exits once, and the run ends only with runOver', () => {
    const parent = process(700, 'program');
    const child = process(701, 'forked');
    let state = running({ processes: [parent, child] });
    state = { ...state, ...applyExited(state, exited(701, false)) };
    expect(state.running).toBe(true);
    expect(state.processes.map((p) => p.pid)).toEqual([700]);
    expect(applyExited(state, exited(701, false))).toEqual({});
    state = { ...state, ...applyExited(state, exited(700, true)) };
    expect(state.running).toBe(false);
    expect(state.processes).toEqual([]);
    expect(state.exits.map((e) => e.pid)).toEqual([701, 700]);
    expect(applyExited(state, { ...exited(9, true), runId: 1 })).toEqual({});
  });

  it('keeps facts only of listed processes of the current run', () => {
    const parent = process(700, 'program');
    const state = running({ processes: [parent] });
    expect(applyFacts(state, factsOf(parent)).facts?.[700]).toEqual(factsOf(parent));
    expect(applyFacts(state, factsOf(process(701, 'forked')))).toEqual({});
    expect(applyFacts(state, factsOf({ ...parent, runId: 3 }))).toEqual({});
  });

  it('tells when the compiled program is the editor’s', () => {
    const result = {
      programId: 'p1',
      ok: true,
      command: ['/usr/bin/cc'],
      exitCode: 0,
      signal: null,
      output: '',
      diagnostics: [],
      durationMs: 10,
    };
    expect(compiledIsCurrent({ source: 'a', compiled: { result, source: 'a' } })).toBe(true);
    expect(compiledIsCurrent({ source: 'b', compiled: { result, source: 'a' } })).toBe(false);
    expect(
      compiledIsCurrent({
        source: 'a',
        compiled: { result: { ...result, ok: false, programId: null }, source: 'a' },
      }),
    ).toBe(false);
    expect(compiledIsCurrent({ source: 'a', compiled: null })).toBe(false);
  });
});
