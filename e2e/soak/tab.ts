// One soak "tab": an authorised WebSocket to the host's API, as a page of
// the renderer holds one. It sends requests, feeds answers and events to the
// shared World and Tally, can stop reading for a while, and can be closed.
import WebSocket from 'ws';
import type { LabEventMap } from '../../src-main/common/api';
import type { CommandName, EventName } from '../../src-main/common/channels';
import type { Result } from '../../src-main/common/errors';
import type { InvalidAction } from './invalid';
import type { Tally } from './tally';
import type { ProgramKind, World } from './world';

/** An answer later than this (reading time only) counts as never answered. */
export const ANSWER_DEADLINE_MS = 120_000;

interface Pending {
  command: CommandName | null;
  input: unknown;
  program: ProgramKind | undefined;
  invalid: InvalidAction | null;
  sentAt: number;
  /** The tab's paused time when it was sent: time not reading does not count against the host. */
  pausedAtSend: number;
  resolve: (result: Result<unknown> | null) => void;
}

interface WireMessage {
  id?: number | null;
  result?: Result<unknown>;
  ready?: boolean;
  event?: EventName;
  payload?: unknown;
  events?: { event: EventName; payload: unknown }[];
}

export class SoakTab {
  private readonly socket: WebSocket;
  private readonly pending = new Map<number, Pending>();
  /** Invalid frames answered with id null, oldest first. */
  private readonly awaitingNullId: Pending[] = [];
  private nextId = 1;
  private pausedMs = 0;
  private pausedSince: number | null = null;
  private resumedAt = -Infinity;
  private closingOnPurpose = false;
  private expectingTooBig = false;
  private readonly sweep: NodeJS.Timeout;
  /** Resolves when the socket closed, for whatever reason. */
  readonly closed: Promise<number>;
  isClosed = false;

  private constructor(
    target: { url: string; origin: string },
    private readonly world: World,
    private readonly tally: Tally,
  ) {
    this.socket = new WebSocket(target.url, { origin: target.origin });
    this.closed = new Promise((resolve) =>
      this.socket.once('close', (code) => {
        this.isClosed = true;
        clearInterval(this.sweep);
        if (this.closingOnPurpose || (this.expectingTooBig && code === 1009)) {
          // Asked for.
        } else if (this.pausedSince !== null || performance.now() - this.resumedAt < 2_000) {
          // The host may drop a tab that stopped reading (its answers would pile up without end).
          this.tally.closedWhileNotReading.add(String(code));
        } else this.tally.unexpectedCloses.add(String(code));
        this.abandonAll();
        resolve(code);
      }),
    );
    this.socket.on('error', () => undefined);
    this.socket.on('message', (data) => this.take(data.toString()));
    this.sweep = setInterval(() => this.expireLate(), 5_000);
  }

  /** Opens a tab; resolves once the host said it is ready. */
  static async open(
    target: { url: string; origin: string },
    world: World,
    tally: Tally,
  ): Promise<SoakTab> {
    const tab = new SoakTab(target, world, tally);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no "ready" within 30 s')), 30_000);
      tab.socket.once('message', () => (clearTimeout(timer), resolve()));
      tab.socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`upgrade refused with HTTP ${response.statusCode}`)),
      );
      tab.socket.once('error', (error) => reject(error));
      void tab.closed.then((code) => reject(new Error(`closed (${code}) before "ready"`)));
    }).catch((error: unknown) => {
      tab.close(true);
      throw error;
    });
    return tab;
  }

  /** Sends a valid command; resolves with its answer, or null when none came (closed, late). */
  call(
    command: CommandName,
    input: unknown,
    program?: ProgramKind,
  ): Promise<Result<unknown> | null> {
    return this.send({ id: 0, command, input }, { command, input, program, invalid: null });
  }

  /** Sends an invalid frame and checks the host's answer against what it expects. */
  async sendInvalid(action: InvalidAction): Promise<void> {
    this.tally.invalidSent += 1;
    const { expect } = action;
    if ('close' in expect) {
      this.expectingTooBig = true;
      this.sendFrame(action, 0);
      const code = await this.closed;
      if (code === expect.close) this.tally.invalidAsExpected += 1;
      else
        this.tally.wrongAnswer({
          label: action.label,
          expected: `close ${expect.close}`,
          got: `close ${code}`,
        });
      return;
    }
    const result = await new Promise<Result<unknown> | null>((resolve) => {
      if (this.isClosed) return resolve(null);
      const pending = this.pendingOf(
        { command: null, input: null, program: undefined, invalid: action },
        resolve,
      );
      const id = this.nextId++;
      if (expect.id === null) this.awaitingNullId.push(pending);
      else this.pending.set(id, pending);
      this.sendFrame(action, id);
    });
    if (result === null) return;
    const got = result.ok ? 'ok' : result.error.code;
    if (got === expect.answer) this.tally.invalidAsExpected += 1;
    else this.tally.wrongAnswer({ label: action.label, expected: expect.answer, got });
  }

  /** Stops reading the socket for `ms` (the host's sends pile up), then reads again. */
  async stopReading(ms: number): Promise<void> {
    if (this.isClosed) return;
    this.tally.stoppedReading += 1;
    this.socket.pause();
    this.pausedSince = performance.now();
    await Promise.race([new Promise((resolve) => setTimeout(resolve, ms)), this.closed]);
    this.pausedMs += performance.now() - this.pausedSince;
    this.pausedSince = null;
    // A close the host sent meanwhile is read only now.
    this.resumedAt = performance.now();
    if (!this.isClosed) this.socket.resume();
  }

  /** Closes the tab: with a close frame, or abruptly (a crashed tab) when `abrupt`. */
  close(abrupt: boolean): Promise<number> {
    this.closingOnPurpose = true;
    if (abrupt) this.socket.terminate();
    else this.socket.close(1000, 'soak tab closed');
    return this.closed;
  }

  private send(
    request: { id: number; command: CommandName; input: unknown },
    what: Omit<Pending, 'sentAt' | 'pausedAtSend' | 'resolve'>,
  ): Promise<Result<unknown> | null> {
    return new Promise((resolve) => {
      if (this.isClosed) return resolve(null);
      const id = this.nextId++;
      this.pending.set(id, this.pendingOf(what, resolve));
      this.socket.send(JSON.stringify({ ...request, id }));
    });
  }

  private pendingOf(
    what: Omit<Pending, 'sentAt' | 'pausedAtSend' | 'resolve'>,
    resolve: Pending['resolve'],
  ): Pending {
    return { ...what, sentAt: performance.now(), pausedAtSend: this.pausedMs, resolve };
  }

  private sendFrame(action: InvalidAction, id: number): void {
    const { frame } = action;
    if ('text' in frame) this.socket.send(frame.text.replace('<id>', String(id)));
    else this.socket.send(Buffer.from(frame.bytes), { binary: frame.binary });
  }

  private take(text: string): void {
    let message: WireMessage;
    try {
      message = JSON.parse(text) as WireMessage;
    } catch {
      this.tally.wrongAnswer({
        label: 'a message from the host',
        expected: 'JSON',
        got: text.slice(0, 80),
      });
      return;
    }
    const events =
      message.events ??
      (message.event === undefined ? [] : [message as { event: EventName; payload: unknown }]);
    for (const { event, payload } of events) {
      this.tally.events += 1;
      this.noteExit(event, payload);
      this.world.applyEvent(event, payload as LabEventMap[typeof event]);
    }
    if (message.result === undefined) return;
    const pending =
      message.id === null ? this.awaitingNullId.shift() : this.pending.get(message.id ?? -1);
    if (pending === undefined) return;
    if (typeof message.id === 'number') this.pending.delete(message.id);
    this.settle(pending, message.result);
  }

  private settle(pending: Pending, result: Result<unknown> | null): void {
    const { command } = pending;
    if (command !== null && result !== null) {
      this.world.applyAnswer(command, pending.input, result, pending.program);
      if (result.ok) this.tally.answeredOk.add(command);
      else this.tally.errorAnswer(command, result.error.code, result.error.message);
    }
    pending.resolve(result);
  }

  /** A, B or a run's process ended: counted once, by whichever tab hears it first. */
  private noteExit(event: EventName, payload: unknown): void {
    if (event === 'processStatus') {
      const { change, state } = payload as LabEventMap['processStatus'];
      if (change !== 'exited') return;
      this.tally.childExit(
        `${state.name} ${state.pid}`,
        `${state.name} ${state.signal ?? `exit ${state.exitCode}`}`,
      );
    } else if (event === 'programExited') {
      const exited = payload as LabEventMap['programExited'];
      const how =
        exited.signal ?? (exited.exitCode === null ? 'unseen' : `exit ${exited.exitCode}`);
      const first = this.tally.childExit(`run ${exited.pid}`, `${exited.role} ${how}`);
      if (first && exited.role === 'program' && how === 'unseen') {
        // Described at the end: a quick run ends before its runProgram answer names it.
        this.tally.unseenProgramExits.push({ runId: exited.runId, pid: exited.pid });
      }
    }
  }

  private expireLate(): void {
    const now = performance.now();
    const paused = this.pausedMs + (this.pausedSince === null ? 0 : now - this.pausedSince);
    const late = (p: Pending) => now - p.sentAt - (paused - p.pausedAtSend) > ANSWER_DEADLINE_MS;
    for (const [id, pending] of this.pending) {
      if (!late(pending)) continue;
      this.pending.delete(id);
      this.tally.unanswered.add(pending.command ?? `invalid: ${pending.invalid?.label ?? '?'}`);
      pending.resolve(null);
    }
    while (this.awaitingNullId.length > 0 && late(this.awaitingNullId[0]!)) {
      const pending = this.awaitingNullId.shift()!;
      this.tally.unanswered.add(`invalid: ${pending.invalid?.label ?? '?'}`);
      pending.resolve(null);
    }
  }

  private abandonAll(): void {
    for (const pending of [...this.pending.values(), ...this.awaitingNullId]) {
      this.tally.abandoned += 1;
      pending.resolve(null);
    }
    this.pending.clear();
    this.awaitingNullId.length = 0;
  }
}
