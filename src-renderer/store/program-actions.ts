// What the program view does: compile, run (compiling first when the editor changed), stop, type,
// resize, and the editor's choices. Each command's failure is kept for the control that made it.
import type { StoreApi } from 'zustand/vanilla';
import type { CompileResult, ProgramRun } from '../../src-main/common/api';
import { toEnvelope } from '../../src-main/common/errors';
import { starterById } from '../components/program/starters';
import { compiledIsCurrent } from './program-events';
import type { ProgramMachinery } from './program-machinery';
import type { ProgramStoreDeps, ProgramStoreState } from './program-store-state';

/** The actions of one program store. */
export function createProgramActions(
  store: StoreApi<ProgramStoreState>,
  deps: ProgramStoreDeps,
  machinery: ProgramMachinery,
) {
  const set = store.setState;
  const get = store.getState;
  const fail = (command: string, error: unknown): void =>
    set({ error: { command, error: toEnvelope(error) } });

  const compileNow = async (): Promise<CompileResult | null> => {
    const source = get().source;
    try {
      const result = await deps.lab().compileProgram({ source });
      set({ compiled: { result, source }, error: null });
      return result;
    } catch (error) {
      fail('compileProgram', error);
      return null;
    }
  };

  return {
    /** Opens or closes the program view. */
    setOpen: (open: boolean) => set({ open }),
    /** Asks the Lab where cc is and whether running is allowed. */
    loadCompiler: async () => {
      try {
        set({ compiler: await deps.lab().compilerInfo() });
      } catch (error) {
        fail('compilerInfo', error);
      }
    },
    /** Puts a starting program in the editor (the learner's edits of it, if any). */
    chooseStarter: (id: string) => {
      const starter = starterById(id);
      if (starter === null) return;
      set((s) => ({
        starter: starter.id,
        source: s.drafts[starter.id] ?? starter.source,
      }));
    },
    /** Puts the chosen starter's original text back, dropping the learner's edits of it. */
    resetSource: () => {
      const starter = starterById(get().starter);
      if (starter === null) return;
      set((s) => {
        const drafts = { ...s.drafts };
        delete drafts[starter.id];
        return { source: starter.source, drafts };
      });
    },
    /** The editor's text changed. */
    setSource: (source: string) =>
      set((s) => ({
        source,
        drafts: s.starter === '' ? s.drafts : { ...s.drafts, [s.starter]: source },
      })),
    /** Compiles the editor's text. */
    compile: async (): Promise<CompileResult | null> => {
      if (get().busy !== null) return null;
      set({ busy: 'compile' });
      try {
        return await compileNow();
      } finally {
        set({ busy: null });
      }
    },
    /**
     * Runs the editor's program (compiling it first when the editor changed since the last
     * compile) with `args`, passing the tutorial's segment as SHMLAB_SHMID.
     */
    run: async (args: string[]): Promise<ProgramRun | null> => {
      const state = get();
      if (state.busy !== null || state.running) return null;
      set({ busy: 'run', error: null });
      try {
        let programId = compiledIsCurrent(state) ? state.compiled!.result.programId : null;
        if (programId === null) {
          set({ busy: 'compile' });
          const result = await compileNow();
          set({ busy: 'run' });
          programId = result?.ok === true ? result.programId : null;
          if (programId === null) return null;
        }
        const { cols, rows } = get().terminal;
        machinery.beginAwaitingRun();
        const run = await deps
          .lab()
          .runProgram({ programId, shmid: deps.tutorialShmid(), args, cols, rows });
        machinery.startRun(run);
        return run;
      } catch (error) {
        fail('runProgram', error);
        return null;
      } finally {
        machinery.endAwaitingRun();
        set({ busy: null });
      }
    },
    /** Stops the run: SIGINT to its process group, SIGKILL after a grace. */
    stop: async () => {
      const { run, running } = get();
      if (run === null || !running) return null;
      set({ busy: 'stop' });
      try {
        const stopped = await deps.lab().stopProgram({ runId: run.runId });
        set({ stopped, error: null });
        return stopped;
      } catch (error) {
        fail('stopProgram', error);
        return null;
      } finally {
        set({ busy: null });
      }
    },
    /** What the learner typed in the terminal, to the program's pty. */
    type: async (data: string) => {
      const { run, running } = get();
      if (run === null || !running || data === '') return;
      try {
        await deps.lab().programInput({ runId: run.runId, data });
      } catch (error) {
        if (get().running) fail('programInput', error);
      }
    },
    /** The terminal's new size (TIOCSWINSZ on the run's pty when one runs). */
    resize: async (cols: number, rows: number) => {
      const { terminal, run, running } = get();
      if (terminal.cols === cols && terminal.rows === rows) return;
      set({ terminal: { cols, rows } });
      if (run === null || !running) return;
      try {
        await deps.lab().resizeProgram({ runId: run.runId, cols, rows });
      } catch (error) {
        if (get().running) fail('resizeProgram', error);
      }
    },
    /** Forgets the last error (the learner dismissed it). */
    clearError: () => set({ error: null }),
  };
}

export type ProgramActions = ReturnType<typeof createProgramActions>;
