// The outside agent: now and then SIGKILLs, or SIGSTOPs and later SIGCONTs,
// the Lab's children A and B and the processes of the learner's runs, as a
// user with `kill` (or the OOM killer, or a debugger) would. It signals only
// processes it sees in the host's tree at that moment, by pid.
import type { ProcessName } from '../../src-main/common/api';
import type { ProcEntry } from './proc-scan';
import { identity, readEntry } from './proc-scan';
import type { Random } from './random';
import type { Tally } from './tally';
import type { World } from './world';

/** What the agent does next, and to whom: pure, for replay. */
export interface ChaosStep {
  waitMs: number;
  target: ProcessName | 'run';
  signal: 'SIGKILL' | 'SIGSTOP';
  /** For SIGSTOP: how long until SIGCONT; now and then past the Lab's 10 s request timeout. */
  stopMs: number;
}

export function nextChaos(random: Random): ChaosStep {
  return {
    waitMs: random.int(1_000, 8_000),
    target: random.weighted({ A: 2, B: 2, run: 1.5 }),
    signal: random.chance(0.5) ? 'SIGKILL' : 'SIGSTOP',
    stopMs: random.chance(0.15) ? random.int(10_000, 14_000) : random.int(200, 4_000),
  };
}

export class Chaos {
  /** Stopped processes and the timers that continue them. */
  private readonly stopped = new Map<string, { entry: ProcEntry; timer: NodeJS.Timeout }>();
  private running = true;

  constructor(
    private readonly random: Random,
    private readonly world: World,
    private readonly tally: Tally,
    /** The host's tree now. */
    private readonly tree: () => ProcEntry[],
  ) {}

  /** Runs until `finish`; resolves then. */
  async run(until: Promise<unknown>): Promise<void> {
    let stop!: () => void;
    const finished = new Promise<void>((resolve) => (stop = resolve));
    void until.then(() => ((this.running = false), stop()));
    while (this.running) {
      const step = nextChaos(this.random);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise((resolve) => (timer = setTimeout(resolve, step.waitMs))),
        finished,
      ]);
      clearTimeout(timer);
      if (!this.running) break;
      this.act(step);
    }
  }

  /** SIGCONT to every process still stopped (before the soak's end checks). */
  continueAll(): void {
    for (const [key, { entry, timer }] of this.stopped) {
      clearTimeout(timer);
      this.continueOne(key, entry);
    }
  }

  private act(step: ChaosStep): void {
    const tree = this.tree();
    const inTree = (pid: number | null): ProcEntry | null =>
      pid === null ? null : (tree.find((entry) => entry.pid === pid) ?? null);
    let target: ProcEntry | null;
    if (step.target === 'run') {
      const pids = this.world.snapshot().runs.flatMap((run) => run.pids);
      const live = pids.map(inTree).filter((entry) => entry !== null);
      target = live.length === 0 ? null : this.random.pick(live);
    } else {
      target = inTree(this.world.snapshot().pids[step.target]);
    }
    if (target === null) return;
    const key = identity(target);
    if (this.stopped.has(key)) return;
    try {
      process.kill(target.pid, step.signal);
    } catch {
      return; // Gone since the scan.
    }
    this.tally.signals.add(`${step.signal} ${step.target}`);
    this.tally.signalled(target.pid, step.signal);
    if (step.signal === 'SIGSTOP') {
      const timer = setTimeout(() => this.continueOne(key, target), step.stopMs);
      this.stopped.set(key, { entry: target, timer });
    }
  }

  private continueOne(key: string, entry: ProcEntry): void {
    this.stopped.delete(key);
    // The same process (not a new one that took its pid), still there.
    if (readEntry(entry.pid)?.starttime !== entry.starttime) return;
    try {
      process.kill(entry.pid, 'SIGCONT');
      this.tally.signals.add('SIGCONT');
      this.tally.signalled(entry.pid, 'SIGCONT');
    } catch {
      // It ended while stopped (the Lab killed it): nothing to continue.
    }
  }
}
