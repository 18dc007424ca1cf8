// The Lab: owns the segments it creates and the two child processes, runs
// every command the UI sends, and reports what the kernel and the children
// saw. Main's own syscalls (shmget, IPC_STAT, IPC_SET, IPC_RMID) go through
// the addon here; shmat/shmdt and memory access happen in the children.
import type {
  CommandOutput,
  LabEventMap,
  ProcessName,
  ProcessState,
  SegmentInfo,
  SegmentStat,
  SystemInfo,
  Unsubscribe,
} from '../common/api';
import { encodeValue } from '../common/codec';
import { LabError } from '../common/errors';
import type { CommandName, EventName } from '../common/channels';
import type { ParsedInput } from '../common/schemas';
import type { ChildHost } from './child-host';
import type { ChangedRange } from './child-protocol';
import { native } from './native';
import { ProcessSlot } from './process-slot';
import { readSysvShm } from '../proc/sysvipc-shm';
import type { SegmentRegistry, SweepReport } from './registry';
import { sweepDeadRuns } from './registry';
import { statIfExists, statSegment } from './segment-stat';
import { describeSystem } from './frame-visibility';

/** Every command, taking its validated input. The gates call these. */
export type LabService = {
  [K in CommandName]: (input: ParsedInput<K>) => Promise<CommandOutput<K>>;
};

export interface LabOptions {
  host: ChildHost;
  hostKind: SystemInfo['host'];
  /** Where created segments are recorded for crash cleanup; null disables it. */
  registry: SegmentRegistry | null;
  /** How often IPC_STAT is re-read to report changes made by anyone (ms). */
  statPollMs?: number;
}

interface TrackedSegment {
  info: SegmentInfo;
  /** Created by this Lab (removed at exit), rather than opened by key. */
  owned: boolean;
  lastStat: string;
}

const PROCESS_NAMES: readonly ProcessName[] = ['A', 'B'];
const pageSize = native.constants.pageSize;

/** A segment as the UI shows it: the call that was made, and the whole pages the kernel maps. */
function segmentInfo(
  stat: SegmentStat,
  requestedKey: number,
  requestedSize: number,
  flags: number,
): SegmentInfo {
  const pages = Math.ceil(stat.segsz / pageSize);
  return {
    shmid: stat.shmid,
    requestedKey,
    requestedSize,
    flags,
    pages,
    mappedSize: pages * pageSize,
    stat,
  };
}

function toHex(value: bigint): string {
  return `0x${value.toString(16)}`;
}

export class Lab implements LabService {
  private readonly slots: Record<ProcessName, ProcessSlot>;
  private readonly segments = new Map<number, TrackedSegment>();
  private readonly listeners = new Map<EventName, Set<(event: never) => void>>();
  private readonly statTimer: NodeJS.Timeout;
  private disposed = false;

  private constructor(
    private readonly options: LabOptions,
    private readonly system: SystemInfo,
  ) {
    const slotFor = (name: ProcessName): ProcessSlot =>
      new ProcessSlot(name, options.host, {
        onStatus: (change, state) => {
          if (change === 'exited') this.refreshStats();
          this.emit('processStatus', { change, state });
        },
        onChanged: (shmid, changes) => this.reportChanges(name, shmid, changes),
      });
    this.slots = { A: slotFor('A'), B: slotFor('B') };
    this.statTimer = setInterval(() => this.refreshStats(), options.statPollMs ?? 500);
    this.statTimer.unref();
  }

  /** What the crash sweep at start removed (segments of killed earlier runs). */
  sweptAtStart: SweepReport | null = null;

  /**
   * Removes what killed earlier runs left behind, creates a Lab and waits
   * until both children are running.
   */
  static async start(options: LabOptions): Promise<Lab> {
    const swept = options.registry === null ? null : sweepDeadRuns(options.registry.stateDir);
    const lab = new Lab(options, await describeSystem(options.hostKind));
    lab.sweptAtStart = swept;
    try {
      await Promise.all(PROCESS_NAMES.map((name) => lab.slots[name].spawn()));
    } catch (error) {
      lab.dispose();
      throw error;
    }
    return lab;
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: LabEventMap[E]) => void): Unsubscribe {
    let set = this.listeners.get(event);
    if (set === undefined) this.listeners.set(event, (set = new Set()));
    set.add(listener as (event: never) => void);
    return () => set.delete(listener as (event: never) => void);
  }

  private emit<E extends EventName>(event: E, payload: LabEventMap[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      (listener as (payload: LabEventMap[E]) => void)(payload);
    }
  }

  async getState(): Promise<CommandOutput<'getState'>> {
    return {
      system: this.system,
      processes: { A: this.slots.A.snapshot, B: this.slots.B.snapshot },
      segments: [...this.segments.values()].map((segment) => segment.info),
    };
  }

  async listSegments(): Promise<CommandOutput<'listSegments'>> {
    return readSysvShm();
  }

  async createSegment(input: ParsedInput<'createSegment'>): Promise<SegmentInfo> {
    const { IPC_CREAT, IPC_EXCL } = native.constants;
    const flags = (input.create ? IPC_CREAT : 0) | (input.exclusive ? IPC_EXCL : 0) | input.mode;
    const shmid = native.shmget(input.key, input.size, flags);
    const stat = statSegment(shmid);
    const known = this.segments.get(shmid);
    // shmget also opens an existing segment; only one we created is ours to remove.
    const owned = known?.owned ?? stat.cpid === process.pid;
    if (owned && known === undefined) this.options.registry?.add(shmid, input.key);
    const info = segmentInfo(stat, input.key, input.size, flags);
    this.segments.set(shmid, { info, owned, lastStat: JSON.stringify(stat) });
    return info;
  }

  async statSegment(input: ParsedInput<'statSegment'>): Promise<SegmentStat> {
    return statSegment(input.shmid);
  }

  async setSegmentMode(input: ParsedInput<'setSegmentMode'>): Promise<SegmentStat> {
    native.shmctl(input.shmid, 'IPC_SET', { mode: input.mode });
    this.refreshStats();
    return statSegment(input.shmid);
  }

  async removeSegment(input: ParsedInput<'removeSegment'>): Promise<SegmentStat | null> {
    native.shmctl(input.shmid, 'IPC_RMID');
    this.refreshStats();
    return statIfExists(input.shmid);
  }

  async attach(input: ParsedInput<'attach'>): Promise<ProcessState> {
    const slot = this.slots[input.process];
    const reply = await slot.request({
      op: 'attach',
      shmid: input.shmid,
      address: input.address ?? null,
      readOnly: input.readOnly,
      round: input.round,
    });
    const state = slot.setAttachment(reply);
    this.track(input.shmid);
    this.emit('processStatus', { change: 'attached', state });
    this.refreshStats();
    return state;
  }

  async detach(input: ParsedInput<'detach'>): Promise<ProcessState> {
    const slot = this.slots[input.process];
    await slot.request({ op: 'detach' });
    const state = slot.setAttachment(null);
    this.emit('processStatus', { change: 'detached', state });
    this.refreshStats();
    return state;
  }

  async write(input: ParsedInput<'write'>): Promise<CommandOutput<'write'>> {
    const encoded = encodeValue(input.type, input.value, input.endian);
    if (!encoded.ok)
      throw new LabError(
        'E_BAD_INPUT',
        `${encoded.error.message}; allowed: ${encoded.error.allowed}`,
      );
    const bytes = Array.from(encoded.bytes);
    const attachment = this.attachmentOf(
      input.process,
      input.offset,
      bytes.length,
      `a ${input.type} value`,
    );
    if (attachment.readOnly) {
      throw new LabError(
        'E_READ_ONLY',
        `process ${input.process} attached the segment read-only (SHM_RDONLY); it cannot write`,
      );
    }
    await this.slots[input.process].request({ op: 'write', offset: input.offset, bytes });
    return {
      process: input.process,
      offset: input.offset,
      bytes,
      address: toHex(BigInt(attachment.address) + BigInt(input.offset)),
    };
  }

  async read(input: ParsedInput<'read'>): Promise<CommandOutput<'read'>> {
    const attachment = this.attachmentOf(
      input.process,
      input.offset,
      input.length,
      `${input.length} bytes`,
    );
    const reply = await this.slots[input.process].request({
      op: 'read',
      offset: input.offset,
      length: input.length,
      peek: input.peek,
    });
    return {
      process: input.process,
      offset: input.offset,
      bytes: reply.bytes,
      address: toHex(BigInt(attachment.address) + BigInt(input.offset)),
    };
  }

  async inspect(input: ParsedInput<'inspect'>): Promise<CommandOutput<'inspect'>> {
    const slot = this.slots[input.process];
    const facts = await slot.request({ op: 'inspect' });
    return { ...facts, state: slot.snapshot };
  }

  async respawn(input: ParsedInput<'respawn'>): Promise<ProcessState> {
    const slot = this.slots[input.process];
    if (slot.snapshot.status !== 'exited') {
      throw new LabError(
        'E_BAD_INPUT',
        `process ${input.process} is ${slot.snapshot.status}; only an exited process can be respawned`,
      );
    }
    return slot.spawn();
  }

  /**
   * dispose(), then waits until both children have exited, so segments marked
   * for destruction are gone when it resolves.
   */
  async close(): Promise<void> {
    const exits = PROCESS_NAMES.map((name) => this.slots[name].whenExited());
    this.dispose();
    await Promise.all(exits);
  }

  async race(input: ParsedInput<'race'>): Promise<CommandOutput<'race'>> {
    for (const name of PROCESS_NAMES) {
      const attachment = this.attachmentOf(name, input.offset, 4, 'a u32 counter');
      if (attachment.readOnly) {
        throw new LabError(
          'E_READ_ONLY',
          `process ${name} attached the segment read-only; it cannot take part`,
        );
      }
    }
    const [a, b] = PROCESS_NAMES.map((name) => this.slots[name].snapshot.attachment!);
    if (a!.shmid !== b!.shmid) {
      throw new LabError(
        'E_BAD_INPUT',
        `A and B have different segments attached (${a!.shmid} and ${b!.shmid}); attach the same one in both`,
      );
    }
    const zero = await this.slots.A.request({
      op: 'write',
      offset: input.offset,
      bytes: [0, 0, 0, 0],
    });
    void zero;
    const started = performance.now();
    await Promise.all(
      PROCESS_NAMES.map((name) =>
        this.slots[name].request({ op: 'increment', offset: input.offset, times: input.times }),
      ),
    );
    const durationMs = performance.now() - started;
    const { bytes } = await this.slots.A.request({
      op: 'read',
      offset: input.offset,
      length: 4,
      peek: false,
    });
    const final = new DataView(Uint8Array.from(bytes).buffer).getUint32(0, true);
    const expected = input.times * 2;
    return {
      offset: input.offset,
      times: input.times,
      expected,
      final,
      lost: expected - final,
      durationMs,
    };
  }

  /** Sends a signal to a child, as a user with `kill` would (tests, bench). */
  signal(name: ProcessName, signal: NodeJS.Signals): void {
    this.slots[name].kill(signal);
  }

  /**
   * Stops the children and removes every segment this Lab created. Safe to
   * call more than once, and synchronous so it can run on a crash.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.statTimer);
    for (const name of PROCESS_NAMES) this.slots[name].kill('SIGKILL');
    for (const [shmid, segment] of this.segments) {
      if (!segment.owned) continue;
      try {
        native.shmctl(shmid, 'IPC_RMID');
      } catch {
        // Already removed (by the user, or another program): nothing left to do.
      }
    }
    this.segments.clear();
    this.options.registry?.close();
  }

  private attachmentOf(name: ProcessName, offset: number, length: number, what: string) {
    const attachment = this.slots[name].snapshot.attachment;
    if (attachment === null) {
      throw new LabError(
        'E_NOT_ATTACHED',
        `process ${name} has no segment attached; run shmat first`,
      );
    }
    if (offset + length > attachment.size) {
      throw new LabError(
        'E_BAD_INPUT',
        `offset ${offset} + ${what} goes past the end of the ${attachment.size}-byte segment; ` +
          `allowed: offsets from 0 to ${Math.max(0, attachment.size - length)}`,
      );
    }
    return attachment;
  }

  private reportChanges(name: ProcessName, shmid: number, changes: ChangedRange[]): void {
    const attachment = this.slots[name].snapshot.attachment;
    if (attachment === null || attachment.shmid !== shmid) return;
    const base = BigInt(attachment.address);
    for (const change of changes) {
      this.emit('memoryChanged', {
        process: name,
        shmid,
        offset: change.offset,
        bytes: change.bytes,
        address: toHex(base + BigInt(change.offset)),
      });
    }
  }

  /** Starts reporting IPC_STAT changes of a segment opened or attached by id. */
  private track(shmid: number): void {
    if (this.segments.has(shmid)) return;
    const stat = statIfExists(shmid);
    if (stat === null) return;
    this.segments.set(shmid, {
      // Opened by id: what was asked is not known, so show what the kernel has.
      info: segmentInfo(stat, stat.key, stat.segsz, 0),
      owned: false,
      lastStat: JSON.stringify(stat),
    });
  }

  private refreshStats(): void {
    for (const [shmid, segment] of this.segments) {
      let stat: SegmentStat | null;
      try {
        stat = statIfExists(shmid);
      } catch {
        continue; // e.g. EACCES after IPC_SET took our read permission away
      }
      const serialized = JSON.stringify(stat);
      if (serialized === segment.lastStat) continue;
      segment.lastStat = serialized;
      if (stat === null) {
        this.segments.delete(shmid);
        if (segment.owned) this.options.registry?.remove(shmid);
      } else {
        segment.info = { ...segment.info, stat };
      }
      this.emit('segmentChanged', { shmid, stat });
    }
  }
}
