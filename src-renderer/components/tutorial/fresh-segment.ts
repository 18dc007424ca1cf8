// Runs a fresh-segment plan through the store's actions, one syscall after the other, stopping
// at the first failure, and reports each step as it completes. The outcomes land under the keys
// of steps 2 to 4 ('shmget', 'attach-A', …), so those panes show the same, current answers.
import { create } from 'zustand';
import { actions, getLabState } from '../../store/lab-store';
import type { OutcomeKey } from '../../store/outcomes';
import type { CallerPids, FreshLogEntry, FreshStep } from './fresh-segment-plan';
import { FRESH_MODE, freshStepCall, freshStepWhere } from './fresh-segment-plan';
import { recordCall } from './step-calls';

/** The last run: its steps so far, whether it is still running, and where it left A and B. */
export interface FreshSegmentRun {
  entries: FreshLogEntry[];
  running: boolean;
  /** The addresses shmat returned in A and B when every step succeeded; null otherwise. */
  attached: { A: string; B: string } | null;
}

/** The last run, kept across panes so whichever step shows it shows the same calls. */
export const useFreshSegmentRun = create<FreshSegmentRun>()(() => ({
  entries: [],
  running: false,
  attached: null,
}));

function keyOf(step: FreshStep): OutcomeKey {
  if (step.op === 'shmget') return 'shmget';
  return step.op === 'shmdt' ? `detach-${step.process}` : `attach-${step.process}`;
}

async function runStep(step: FreshStep, shmid: number | null): Promise<string | number | null> {
  switch (step.op) {
    case 'shmdt':
      return (await actions.detach(`detach-${step.process}`, step.process)) === null
        ? null
        : 'returned 0';
    case 'shmget': {
      const segment = await actions.createSegment('shmget', {
        key: 0,
        size: step.size,
        create: true,
        exclusive: false,
        mode: FRESH_MODE,
      });
      return segment === null ? null : segment.shmid;
    }
    case 'shmat': {
      if (shmid === null) return null;
      const state = await actions.attach(`attach-${step.process}`, {
        process: step.process,
        shmid,
      });
      return state === null || state.attachment === null
        ? null
        : `returned ${state.attachment.address}`;
    }
  }
}

/**
 * Runs `steps` in order, recording each call and its answer in {@link useFreshSegmentRun}.
 * Resolves true when every step succeeded.
 */
export async function runFreshSegment(steps: readonly FreshStep[]): Promise<boolean> {
  const pids = (): CallerPids => {
    const { processes, system } = getLabState();
    return { host: system?.hostPid ?? null, A: processes.A.state.pid, B: processes.B.state.pid };
  };
  const log: FreshLogEntry[] = [];
  const publish = (running: boolean): void =>
    useFreshSegmentRun.setState({ entries: [...log], running, attached: null });
  let shmid: number | null = null;
  for (const step of steps) {
    const call = freshStepCall(step, shmid);
    const key = keyOf(step);
    const where = freshStepWhere(step, pids());
    recordCall(key, [`${call} ${where}`]);
    log.push({ call, where, result: null });
    publish(true);
    const value = await runStep(step, shmid);
    const entry = log[log.length - 1];
    if (entry === undefined) return false;
    if (value === null) {
      const outcome = getLabState().outcomes[key];
      const error =
        outcome !== undefined && !outcome.ok
          ? outcome.error
          : { code: 'E_INTERNAL', message: `${call} gave no answer` };
      log[log.length - 1] = { ...entry, result: { ok: false, error } };
      publish(false);
      return false;
    }
    if (typeof value === 'number') shmid = value;
    const text = typeof value === 'number' ? `returned shmid ${value}` : value;
    log[log.length - 1] = { ...entry, result: { ok: true, text } };
    publish(true);
  }
  const { processes } = getLabState();
  const a = processes.A.state.attachment;
  const b = processes.B.state.attachment;
  useFreshSegmentRun.setState({
    entries: [...log],
    running: false,
    attached: a !== null && b !== null ? { A: a.address, B: b.address } : null,
  });
  return true;
}
