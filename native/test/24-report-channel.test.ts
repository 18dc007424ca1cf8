// The report channel: a process's one ordered stream of lines to whoever started it, over what
// was its standard output. A real child opens it (channel-child.cjs); this test reads the child's
// real pipe, writes the segment from its own mapping, and holds the channel to what it promises:
// the watcher's thread reports without the child's JavaScript, lines stay in order, and a sender
// is never blocked by a reader that does not read.
import { describe, expect, it, vi } from 'vitest';
import type { ForkedFixture } from './children';
import { forkFixture, nextMessage } from './children';
import { attach, createSegment, pageSize } from './helpers';

interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: { code?: string; message: string };
}

/** The channel child, and everything it has written on its standard output, line by line. */
class ChannelChild {
  readonly lines: string[] = [];
  #pending = '';
  #nextId = 1;

  private constructor(readonly fixture: ForkedFixture) {
    const stdout = fixture.child.stdout;
    if (stdout === null) throw new Error('the channel child has no piped stdout');
    stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.#pending += chunk;
      for (let end = this.#pending.indexOf('\n'); end !== -1; end = this.#pending.indexOf('\n')) {
        this.lines.push(this.#pending.slice(0, end));
        this.#pending = this.#pending.slice(end + 1);
      }
    });
  }

  static async start(): Promise<ChannelChild> {
    const fixture = forkFixture('channel-child.cjs', [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const child = new ChannelChild(fixture);
    await nextMessage(
      fixture,
      (m): m is { ready: number } => typeof m === 'object' && m !== null && 'ready' in m,
    );
    return child;
  }

  /** The lines so far, each parsed (every line must be one JSON value). */
  messages(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  async call<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.#nextId++;
    const answer = nextMessage(this.fixture, (m): m is Reply => (m as Reply | null)?.id === id);
    this.fixture.child.send({ id, op, ...args });
    const reply = await answer;
    if (!reply.ok)
      throw new Error(`child ${op} failed: ${reply.error?.code} ${reply.error?.message}`);
    return reply.value as T;
  }

  /** Waits until a line satisfies `match`; returns its index. */
  async lineWhere(match: (message: Record<string, unknown>) => boolean): Promise<number> {
    let found = -1;
    await vi.waitFor(
      () => {
        found = this.messages().findIndex(match);
        expect(found).not.toBe(-1);
      },
      { timeout: 10_000, interval: 2 },
    );
    return found;
  }
}

interface ChangedLine {
  type: 'changed';
  shmid: number;
  changes: { offset: number; bytes: number[] }[];
  pages: number[];
}

const isChanged = (
  message: Record<string, unknown>,
): message is Record<string, unknown> & ChangedLine => message.type === 'changed';

/** What the changed lines so far say the bytes at [offset, offset + length) are. */
function replayed(messages: Record<string, unknown>[], offset: number, length: number): number[] {
  const bytes = new Array<number>(length).fill(0);
  for (const message of messages.filter(isChanged)) {
    for (const change of message.changes) {
      change.bytes.forEach((byte, i) => {
        const at = change.offset + i - offset;
        if (at >= 0 && at < length) bytes[at] = byte;
      });
    }
  }
  return bytes;
}

describe('the report channel', () => {
  it('carries only whole JSON lines: what the process prints goes to standard error', async () => {
    const child = await ChannelChild.start();
    await child.lineWhere((m) => m.type === 'hello');
    await vi.waitFor(() => expect(child.fixture.stderr()).toContain('a stray write'));
    expect(child.fixture.stderr()).toContain('a stray print');
    expect(child.lines).toEqual(['{"type":"hello"}']);
  });

  it("reports another process's write from the watcher's thread while the child's JavaScript is busy", async () => {
    const child = await ChannelChild.start();
    const shmid = createSegment(pageSize);
    const mine = attach(shmid);
    await child.call('watch', { shmid });
    // The child's JavaScript spins for two seconds; its IPC reply can only come after.
    const busy = child.call('busy', { ms: 2000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    mine.write(40, Uint8Array.from([0xca, 0xfe, 0xf0, 0x0d]));
    let busyOver = false;
    void busy.then(() => (busyOver = true));
    await child.lineWhere((m) => isChanged(m) && replayed([m], 40, 4).join() === '202,254,240,13');
    expect(busyOver).toBe(false);
    const line = child.messages().find(isChanged)!;
    expect(line).toEqual({
      type: 'changed',
      shmid,
      changes: [{ offset: 40, bytes: [0xca, 0xfe, 0xf0, 0x0d] }],
      pages: [],
    });
    await busy;
  });

  it('holds the reports of a watcher started held until they are released, and misses nothing', async () => {
    const child = await ChannelChild.start();
    const shmid = createSegment(pageSize);
    const mine = attach(shmid);
    await child.call('watchHeld', { shmid });
    // Written after the watcher started: it must be reported, but only once released.
    mine.write(24, Uint8Array.from([7, 8, 9]));
    await child.call('send', { line: '{"type":"marker"}' });
    await child.lineWhere((m) => m.type === 'marker');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(child.messages().filter(isChanged)).toEqual([]);
    await child.call('release');
    const at = await child.lineWhere(isChanged);
    expect(child.messages()[at]).toEqual({
      type: 'changed',
      shmid,
      changes: [{ offset: 24, bytes: [7, 8, 9] }],
      pages: [],
    });
  });

  it('puts the report of a look before the line sent after it', async () => {
    const child = await ChannelChild.start();
    const shmid = createSegment(pageSize);
    const mine = attach(shmid);
    await child.call('watch', { shmid });
    await child.lineWhere((m) => m.type === 'hello');
    for (let round = 1; round <= 20; round += 1) {
      child.lines.splice(0);
      mine.write(8, Uint8Array.from([round, round]));
      await child.call('look', { offset: 8, length: 2 });
      const looked = await child.lineWhere((m) => m.type === 'looked');
      // Whether the window's own poll or the look found it, the report came first.
      expect(replayed(child.messages().slice(0, looked), 8, 2)).toEqual([round, round]);
    }
  });

  it('never blocks the sender: lines the pipe cannot take yet wait, and all arrive in order', async () => {
    const child = await ChannelChild.start();
    const stdout = child.fixture.child.stdout!;
    await child.lineWhere((m) => m.type === 'hello');
    stdout.pause();
    // 4 MB: far more than the pipe holds while nobody reads.
    const count = 4000;
    const size = 1000;
    const flood = await child.call<{ ms: number; backlog: number }>('flood', { count, size });
    expect(flood.backlog).toBeGreaterThan(1_000_000);
    stdout.resume();
    await child.lineWhere((m) => m.type === 'flood' && m.seq === count - 1);
    const seqs = child
      .messages()
      .filter((m) => m.type === 'flood')
      .map((m) => m.seq);
    expect(seqs).toEqual(Array.from({ length: count }, (_, i) => i));
    await vi.waitFor(async () => expect(await child.call<number>('backlog')).toBe(0));
  });

  it('holds and merges reports while the reader lags, then reports the latest bytes', async () => {
    const child = await ChannelChild.start();
    const shmid = createSegment(pageSize);
    const mine = attach(shmid);
    await child.call('watch', { shmid });
    const stdout = child.fixture.child.stdout!;
    await child.lineWhere((m) => m.type === 'hello');
    stdout.pause();
    const flood = await child.call<{ backlog: number }>('flood', { count: 3000, size: 1000 });
    expect(flood.backlog).toBeGreaterThan(1 << 20);
    // 200 writes while the channel is backed up: the watcher keeps them, merged, not queued.
    for (let value = 1; value <= 200; value += 1) {
      mine.write(100, Uint8Array.from([value, 255 - value]));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const reportsWhileFull = child.messages().filter(isChanged).length;
    stdout.resume();
    await child.lineWhere((m) => isChanged(m) && replayed([m], 100, 2).join() === `200,55`);
    const changed = child.messages().filter(isChanged);
    expect(replayed(changed, 100, 2)).toEqual([200, 55]);
    // The lines read before the pause plus at most a few after: 200 writes did not make 200.
    expect(changed.length - reportsWhileFull).toBeLessThanOrEqual(3);
  });

  it('tells the process once the reader is gone, and answers later lines with false', async () => {
    const child = await ChannelChild.start();
    await child.lineWhere((m) => m.type === 'hello');
    const closed = nextMessage(
      child.fixture,
      (m): m is { closed: true } => typeof m === 'object' && m !== null && 'closed' in m,
    );
    child.fixture.child.stdout!.destroy();
    // Heard from the channel's own thread, with nothing sent: the hang-up alone wakes it.
    await closed;
    expect(await child.call<boolean>('send', { line: '{}' })).toBe(false);
    expect(await child.call<number>('backlog')).toBe(0);
  });
});
