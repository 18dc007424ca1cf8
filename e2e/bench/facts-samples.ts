// The samples of the facts bench (facts-bench.ts): each one run in the page (SAMPLE), held to
// /proc/<pid>/pagemap read here, and summed up per kind of action.
import type { LatencyStats } from '../../src-main/lab/bench/lab-bench';
import { summarize } from '../../src-main/lab/bench/lab-bench';
import type { PageRowCells } from '../pages-table';
import { pagemapTable, tableDifferences } from '../pages-table';
import type { BarePage } from './bare-chromium';
import type { FactsSample } from './facts-in-page';
import { SAMPLE } from './facts-in-page';

export type FactsKind = 'load' | 'touch' | 'outside';

/** One kind's figures. */
export interface FactsKindResult {
  kind: FactsKind;
  /** How the closing table names it. */
  label: string;
  /** Why it was not measured (no C compiler for the outside store), or null. */
  skipped: string | null;
  samples: number;
  /** Click (or the line typed to the program) → the row shows the expected present bits. */
  clickToEqual: LatencyStats;
  /** Click → the answer shows in the DOM. */
  clickToAnswer: LatencyStats;
  /** Answer shown → the row shows them; 0 when it did before the answer. */
  answerToEqual: LatencyStats;
  /** Samples whose row was right before their answer showed. */
  rightBeforeAnswer: number;
  /** Samples that never matched in the page, or whose table differed from pagemap read again. */
  misses: number;
  /** The first few misses, in words. */
  missReasons: string[];
  /**
   * Samples whose table differed from a first pagemap read and equalled the next: that read
   * caught an entry one of ShmLab's own looks held for microseconds (native/src/traceless.h).
   */
  transients: number;
  transientReasons: string[];
  /** How long the kind took, setup and unmeasured steps included. */
  seconds: number;
}

export const LABELS: Record<FactsKind, string> = {
  load: "B's load (pane 5)",
  touch: 'a touch (pane 4)',
  outside: "a store by the learner's program",
};

/** In-page limits: a sample that takes longer is a miss; the table is read this long after. */
const TIMEOUT_MS = 2000;
const SETTLE_MS = 5;
/** Reads of pagemap again, this far apart, after one that differed from the table. */
const REREADS = 3;
const REREAD_MS = 5;

/** What one sample must do, as SAMPLE takes it (see facts-in-page.ts). */
export interface SampleSpec {
  shmid: number;
  page: number;
  before: Record<string, string>;
  field?: { region: string; label: string; value: string; shows: string };
  expected: Record<string, string>;
  samePfn: string[] | null;
  action: { region: string; button: string } | { type: string };
  answer: { region?: string; startsWith: string } | { terminal: string };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Collects samples, checks each against pagemap, and sums them up. */
export class Samples {
  private readonly clickToEqual: number[] = [];
  private readonly clickToAnswer: number[] = [];
  private readonly answerToEqual: number[] = [];
  private rightBeforeAnswer = 0;
  private taken = 0;
  private misses = 0;
  private readonly reasons: string[] = [];
  private transients = 0;
  private readonly transientReasons: string[] = [];

  constructor(
    private readonly kind: FactsKind,
    private readonly page: BarePage,
  ) {}

  private miss(index: number, why: string): void {
    this.misses += 1;
    if (this.reasons.length < 5) this.reasons.push(`sample ${index}: ${why}`);
  }

  /**
   * Runs one sample in the page, then holds its table to the kernel's pagemap. Resolves false,
   * counting nothing, when the row did not show `before` (the caller sets that up again).
   */
  async take(spec: SampleSpec): Promise<boolean> {
    const input = { field: null, ...spec, timeoutMs: TIMEOUT_MS, settleMs: SETTLE_MS };
    const sample = (await this.page.evaluate(
      `(${SAMPLE})(${JSON.stringify(input)})`,
    )) as FactsSample;
    if (sample.error?.startsWith('before:') === true) return false;
    this.taken += 1;
    if (sample.error !== null) {
      this.miss(this.taken, sample.error);
      return true;
    }
    const first = await differencesFromPagemap(spec.shmid, sample);
    if (first.length > 0) {
      let again = first;
      for (let read = 0; read < REREADS && again.length > 0; read += 1) {
        await sleep(REREAD_MS);
        again = await differencesFromPagemap(spec.shmid, sample);
      }
      if (again.length > 0) {
        this.miss(this.taken, again.join('; '));
        return true;
      }
      this.transients += 1;
      if (this.transientReasons.length < 3)
        this.transientReasons.push(`sample ${this.taken}: ${first.join('; ')}`);
    }
    this.clickToEqual.push(sample.clickToEqual!);
    this.clickToAnswer.push(sample.clickToAnswer!);
    this.answerToEqual.push(sample.answerToEqual!);
    if (sample.clickToEqual! <= sample.clickToAnswer!) this.rightBeforeAnswer += 1;
    return true;
  }

  /** The figures; `started` (performance.now()) is when the kind's setup began. */
  result(started: number): FactsKindResult {
    return {
      kind: this.kind,
      label: LABELS[this.kind],
      skipped: null,
      samples: this.taken,
      clickToEqual: summarize(this.clickToEqual),
      clickToAnswer: summarize(this.clickToAnswer),
      answerToEqual: summarize(this.answerToEqual),
      rightBeforeAnswer: this.rightBeforeAnswer,
      misses: this.misses,
      missReasons: this.reasons,
      transients: this.transients,
      transientReasons: this.transientReasons,
      seconds: (performance.now() - started) / 1000,
    };
  }
}

/** Where the sample's table differs from each drawn process's pagemap, read now. */
async function differencesFromPagemap(shmid: number, sample: FactsSample): Promise<string[]> {
  const table = sample.table as PageRowCells[] | null;
  if (table === null) return ['the table was not in the page'];
  const ids = Object.keys(table[0]?.cells ?? {});
  const processes: Record<string, number> = {};
  for (const id of ids) {
    const pid = id === 'A' || id === 'B' ? sample.pids[id] : Number(id.slice(1));
    if (pid === null || !Number.isInteger(pid)) return [`no pid for column ${id}`];
    processes[id] = pid;
  }
  const kernel = await pagemapTable(
    shmid,
    processes,
    table.map((row) => row.page),
  );
  return tableDifferences(table, kernel);
}

/** A kind that could not be measured, and why. */
export function skipped(kind: FactsKind, why: string): FactsKindResult {
  const none = summarize([]);
  return {
    kind,
    label: LABELS[kind],
    skipped: why,
    samples: 0,
    clickToEqual: none,
    clickToAnswer: none,
    answerToEqual: none,
    rightBeforeAnswer: 0,
    misses: 0,
    missReasons: [],
    transients: 0,
    transientReasons: [],
    seconds: 0,
  };
}
