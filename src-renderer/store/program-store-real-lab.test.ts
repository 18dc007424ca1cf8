// The program store on a real Lab: real compiles with cc, real runs on a pty, the Lab's real
// events (programOutput, programProcesses, programExited) and real IPC_STAT readings.
/* eslint-disable no-restricted-imports -- the test checks the kernel's own /proc */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { skippableTitle } from '../../src-main/proc/fixtures/ipc-peer';
/* eslint-enable no-restricted-imports */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand/vanilla';
import { starterById } from '../components/program/starters';
import type { ProgramStore, ProgramStoreState, TerminalWrite } from './program-store';
import { createProgramStore } from './program-store';
import type { StoreOnRealLab } from './real-lab.test-support';
import { startStoreOnRealLab } from './real-lab.test-support';

const hasCompiler = spawnSync('cc', ['--version']).status === 0;
const NO_CC = 'no C compiler (cc) on PATH: the Lab cannot compile the learner’s program';

/** Resolves once the program store satisfies `match`. */
function whenProgram(
  store: StoreApi<ProgramStoreState>,
  what: string,
  match: (state: ProgramStoreState) => boolean,
  ms = 15_000,
): Promise<ProgramStoreState> {
  return new Promise((resolve, reject) => {
    const check = (state: ProgramStoreState): boolean => {
      if (!match(state)) return false;
      clearTimeout(timer);
      unsubscribe();
      resolve(state);
      return true;
    };
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`the program store did not reach "${what}" within ${ms} ms`));
    }, ms);
    const unsubscribe = store.subscribe((state) => void check(state));
    check(store.getState());
  });
}

describe.skipIf(!hasCompiler)(
  skippableTitle('the program store on a real Lab', !hasCompiler, NO_CC),
  () => {
    let h: StoreOnRealLab;
    let program: ProgramStore;
    let writes: TerminalWrite[] = [];
    const output = (): string => writes.map((w) => (w.kind === 'output' ? w.data : '')).join('');

    beforeAll(async () => {
      h = await startStoreOnRealLab();
      program = createProgramStore({
        lab: () => h.labStore.lab(),
        tutorialShmid: () => h.labStore.store.getState().segment?.shmid ?? null,
      });
      const lab = h.labStore.lab();
      // As lab-store.ts wires the window's stores.
      lab.onProgramOutput(program.events.output);
      lab.onProgramProcesses(program.events.processes);
      lab.onProgramExited(program.events.exited);
      lab.onFactsChanged((event) => {
        if (event.kind === 'program') program.events.facts(event.facts);
      });
      program.output.subscribe((write) => writes.push(write));
      const segment = await h.labStore.actions.createSegment('shmget', {
        key: 0,
        size: h.labStore.store.getState().system!.pageSize,
        create: true,
        exclusive: false,
        mode: 0o600,
      });
      expect(segment).not.toBeNull();
      expect(
        await h.labStore.actions.attach('attach-A', { process: 'A', shmid: segment!.shmid }),
      ).not.toBeNull();
      await program.actions.loadCompiler();
      expect(program.store.getState().compiler?.path).toMatch(/\/cc$|\/gcc|\/clang/);
    });

    afterAll(async () => {
      program.dispose();
      await h.close();
    });

    it('maps a compile error to its line and does not run a program that did not build', async () => {
      const writer = starterById('writer')!.source;
      const broken = writer.replace('  uint32_t value = VALUE;', '  uint32_t value = VALUEE;');
      const line = broken.split('\n').findIndex((l) => l.includes('VALUEE')) + 1;
      program.actions.chooseStarter('writer');
      program.actions.setSource(broken);
      expect(await program.actions.run([])).toBeNull();
      const { compiled, run } = program.store.getState();
      expect(run).toBeNull();
      expect(compiled?.result.ok).toBe(false);
      expect(compiled?.source).toBe(broken);
      const error = compiled?.result.diagnostics.find((d) => d.severity === 'error');
      expect(error?.line).toBe(line);
      expect(error?.message).toContain('VALUEE');
      program.actions.resetSource();
      expect(program.store.getState().source).toBe(writer);
    });

    it('runs the writer on the tutorial’s segment: output, its process and facts, exit detaches', async () => {
      writes = [];
      const shmid = h.labStore.store.getState().segment!.shmid;
      const run = await program.actions.run([]);
      expect(run).not.toBeNull();
      expect(run!.env.SHMLAB_SHMID).toBe(String(shmid));
      expect(writes[0]).toEqual({ kind: 'reset', runId: run!.runId });

      // While it stays attached: listed with its attachment, and its /proc facts read for it.
      const live = await whenProgram(program.store, 'the writer attached, with facts', (s) => {
        const facts = s.facts[run!.pid];
        return facts !== undefined && facts.shmRegion !== null;
      });
      expect(live.processes[0]).toMatchObject({ pid: run!.pid, role: 'program' });
      expect(live.processes[0]!.attachments.map((a) => a.shmid)).toEqual([shmid]);
      expect(live.facts[run!.pid]!.shmRegion?.inode).toBe(shmid);

      const over = await whenProgram(
        program.store,
        'the run over, nattch read after',
        (s) => !s.running && s.exitDetaches.length === 1 && s.exitDetaches[0]!.after !== null,
      );
      expect(over.exits).toHaveLength(1);
      expect(over.exits[0]).toMatchObject({
        pid: run!.pid,
        exitCode: 0,
        signal: null,
        runOver: true,
      });
      expect(over.processes).toEqual([]);
      expect(over.facts).toEqual({});
      // A and the writer were attached; after its exit only A is.
      expect(over.exitDetaches[0]).toMatchObject({
        pid: run!.pid,
        shmid,
        before: { nattch: 2 },
        after: { nattch: 1 },
      });
      expect(output()).toContain('wrote u32 2026 at offset 16');
      expect(program.output.scrollback().text).toBe(output());
      expect(existsSync(`/proc/${run!.pid}`)).toBe(false);
    });

    it('types into the reader’s terminal (q and Enter end it) and stops another with SIGINT', async () => {
      program.actions.chooseStarter('reader');
      writes = [];
      const reader = await program.actions.run([]);
      expect(reader).not.toBeNull();
      await whenProgram(program.store, 'the reader printing', () =>
        output().includes('offset 16: u32'),
      );
      await program.actions.type('q\r');
      const ended = await whenProgram(program.store, 'the reader ended', (s) => !s.running);
      expect(ended.exits.at(-1)).toMatchObject({ pid: reader!.pid, exitCode: 0 });
      expect(output()).toContain('detached, bye');

      const again = await program.actions.run([]);
      expect(again).not.toBeNull();
      await whenProgram(
        program.store,
        'the reader attached again',
        (s) => s.processes.length === 1,
      );
      const stopped = await program.actions.stop();
      expect(stopped?.signals[0]).toBe('SIGINT');
      const over = await whenProgram(program.store, 'the stopped run over', (s) => !s.running);
      expect(over.stopped).toEqual(stopped);
      expect(over.exits.at(-1)).toMatchObject({
        pid: again!.pid,
        signal: 'SIGINT',
        exitCode: null,
      });
    });
  },
);
