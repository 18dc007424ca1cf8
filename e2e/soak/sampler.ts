// Samples the host from outside every few seconds: alive, memory, open
// files, the processes of its tree and the System V objects that are ours.
// It remembers every process ever seen in the tree and every object ever
// found to be ours, so the end can tell what was left behind.
import type { ShmSegmentRecord } from '../../src-main/proc/sysvipc-shm';
import type { ProcEntry } from './proc-scan';
import {
  descendants,
  fdCount,
  fdKinds,
  hostMemory,
  identity,
  readEntry,
  readProcessTable,
  readSysv,
} from './proc-scan';
import type { World } from './world';

export interface Sample {
  /** ms since the soak started. */
  atMs: number;
  alive: boolean;
  rss: number | null;
  ownRss: number | null;
  fds: number | null;
  /** Processes of the host's tree, the host included. */
  processes: number;
  segments: number;
  sets: number;
}

/** What the soak left behind once the host stopped. */
export interface Leftovers {
  segments: ShmSegmentRecord[];
  semids: number[];
  processes: ProcEntry[];
}

/** A creator pid seen in the tree this recently is taken to be the tree's (pids are reused). */
const CREATOR_MEMORY_MS = 30_000;

export class Sampler {
  readonly samples: Sample[] = [];
  /** Every process ever seen in the host's tree, by identity (pid@starttime). */
  private readonly everInTree = new Map<string, ProcEntry>();
  private readonly pidLastInTree = new Map<number, number>();
  /** Segments found to be ours (by id named or by creator in the tree), by shmid. */
  private readonly ourSegments = new Map<number, ShmSegmentRecord>();
  private readonly startedAt = performance.now();
  /** The host's open files by kind at the first sample and at the latest. */
  fdsAtStart: Map<string, number> | null = null;
  fdsNow = new Map<string, number>();

  constructor(
    private readonly hostPid: number,
    private readonly world: World,
  ) {}

  /** The host's tree now (after noting it); [] once the host is gone. */
  tree(): ProcEntry[] {
    const now = performance.now();
    const tree = descendants(this.hostPid, readProcessTable());
    for (const entry of tree) {
      this.everInTree.set(identity(entry), entry);
      this.pidLastInTree.set(entry.pid, now);
    }
    return tree;
  }

  /** Takes one sample. */
  sample(): Sample {
    const now = performance.now();
    const tree = this.tree();
    const memory = hostMemory(this.hostPid);
    const { segments, sets } = readSysv();
    let ours = 0;
    for (const segment of segments) {
      if (this.isOurSegment(segment, now)) ours += 1;
    }
    const sample: Sample = {
      atMs: now - this.startedAt,
      alive: readEntry(this.hostPid) !== null,
      rss: memory?.rss ?? null,
      ownRss: memory?.own ?? null,
      fds: fdCount(this.hostPid),
      processes: tree.length,
      segments: ours,
      sets: sets.filter((set) => this.world.namedSemids.has(set.semid)).length,
    };
    this.samples.push(sample);
    if (sample.alive) {
      this.fdsNow = fdKinds(this.hostPid);
      this.fdsAtStart ??= this.fdsNow;
    }
    return sample;
  }

  /** What is left now of everything that was ours: call after the host exited. */
  leftovers(): Leftovers {
    const { segments, sets } = readSysv();
    const now = performance.now();
    return {
      segments: segments.filter((segment) => this.isOurSegment(segment, now)),
      semids: sets.map((set) => set.semid).filter((semid) => this.world.namedSemids.has(semid)),
      processes: [...this.everInTree.values()].filter((entry) => {
        const still = readEntry(entry.pid);
        return still !== null && still.starttime === entry.starttime;
      }),
    };
  }

  /** Processes ever seen in the tree (the host included). */
  get processesSeen(): number {
    return this.everInTree.size;
  }

  private isOurSegment(segment: ShmSegmentRecord, now: number): boolean {
    const known = this.ourSegments.get(segment.shmid);
    // Same id, same creator: the same segment (an id comes back only after ~65536 others).
    if (known !== undefined) return known.cpid === segment.cpid;
    const creatorSeen = this.pidLastInTree.get(segment.cpid);
    const ours =
      this.world.namedShmids.has(segment.shmid) ||
      (creatorSeen !== undefined && now - creatorSeen < CREATOR_MEMORY_MS);
    if (ours) this.ourSegments.set(segment.shmid, segment);
    return ours;
  }
}
