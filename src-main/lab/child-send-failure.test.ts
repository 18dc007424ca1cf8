// A child that dies with messages on their way must never end the host (issue 21, item 1). In
// web mode, writes sent to A without waiting and then kill -9 of A ended the host with
// "write EPIPE": Node's child.send() without a callback emits a failed write as an 'error'
// event on the ChildProcess, and the host's only listener was `once`. Each round here makes
// that failure certain rather than likely: after the signal it waits, without letting the event
// loop turn, until A is dead (a zombie: its end of the channel is closed, its exit not yet seen
// by the host), then sends to A's dead channel: writes by B, each of which tells A a write is on
// its way, and (in the slot's test) requests to the dead child itself. Every send to the dead channel fails
// at once with EPIPE or ECONNRESET; without the fix the second of them ends the test process.
import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProcessState } from '../common/api';
import { LabError } from '../common/errors';
import { NodeChildHost } from './node-child-host';
import { ProcessSlot } from './process-slot';
import type { TestLab } from './test-helpers';
import { attachBoth, nextEvent, startTestLab } from './test-helpers';

/**
 * Blocks, never yielding to the event loop, until `pid` has died and closed its end of every
 * channel: none of its threads has a file open any more (a thread of a killed process may
 * still hold the table for a moment after its leader shows Z). The host's event loop, which
 * would see the exit, does not turn meanwhile.
 */
function waitUntilDead(pid: number): void {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    let threads: string[];
    try {
      threads = readdirSync(`/proc/${pid}/task`);
    } catch {
      return;
    }
    const open = threads.reduce((count, tid) => {
      try {
        return count + readdirSync(`/proc/${pid}/task/${tid}/fd`).length;
      } catch {
        return count;
      }
    }, 0);
    if (open === 0) return;
  }
  throw new Error(`process ${pid} did not die within 10 s of SIGKILL`);
}

/** What a command ended in: 'ok' or the code it was rejected with ('no code' if none). */
function outcome(work: Promise<unknown>): Promise<string> {
  return work.then(
    () => 'ok',
    (error: unknown) => {
      const code = (error as { code?: unknown }).code;
      return typeof code === 'string' ? code : `no code: ${String(error)}`;
    },
  );
}

/** Counts each outcome. */
function tally(outcomes: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const each of outcomes) counts[each] = (counts[each] ?? 0) + 1;
  return counts;
}

/** Records what reaches the process as uncaught while a test runs (vitest reports it too). */
function watchUncaught(): { errors: unknown[]; stop(): void } {
  const errors: unknown[] = [];
  const record = (error: unknown): void => void errors.push(error);
  process.on('uncaughtException', record);
  return { errors, stop: () => void process.off('uncaughtException', record) };
}

const ROUNDS = 6;
const WRITES_TO_A = 300;
/** Under the limit of requests in flight to one child, so B answers every one. */
const WRITES_BY_B_AFTER_DEATH = 60;

describe('a child killed with requests in flight', () => {
  let t: TestLab;
  let uncaught: ReturnType<typeof watchUncaught>;

  beforeEach(async () => {
    uncaught = watchUncaught();
    t = await startTestLab();
  });

  afterEach(async () => {
    uncaught.stop();
    await t.close();
  });

  it(
    'rejects every request with a code, never ends the host, and A respawns and works',
    {
      timeout: 180_000,
    },
    async () => {
      for (let round = 0; round < ROUNDS; round += 1) {
        // Both ways a child dies: a signal from outside, and the Lab's own kill command.
        const byLab = round % 2 === 1;
        const shmid = await attachBoth(t.lab);
        const pidA = (await t.lab.getState()).processes.A.pid!;
        const exited = nextEvent(
          t.lab,
          'processStatus',
          (e) => e.change === 'exited' && e.state.name === 'A',
          20_000,
        );
        const write = (process: 'A' | 'B', index: number): Promise<string> =>
          outcome(
            t.lab.write({ process, offset: index % 64, type: 'u8', value: '7', endian: 'le' }),
          );
        const toA = Array.from({ length: WRITES_TO_A }, (_, index) => write('A', index));
        let killed: Promise<ProcessState> | null = null;
        if (byLab) killed = t.lab.killProcess({ process: 'A', signal: 'SIGKILL' });
        else process.kill(pidA, 'SIGKILL');
        waitUntilDead(pidA);
        const byB = Array.from({ length: WRITES_BY_B_AFTER_DEATH }, (_, index) =>
          write('B', index),
        );

        const fromA = tally(await Promise.all(toA));
        // Answered before the death, refused beyond A's limit, or failed by the death: each with
        // a code, none left waiting.
        for (const code of Object.keys(fromA)) {
          expect(['ok', 'E_BUSY', 'E_CHILD_EXITED'], `round ${round}: ${code}`).toContain(code);
        }
        expect(fromA.E_BUSY, `round ${round}: writes beyond the limit`).toBeGreaterThan(0);
        // B lives: its writes are answered, whatever became of what they told A.
        expect(tally(await Promise.all(byB)), `round ${round}`).toEqual({
          ok: WRITES_BY_B_AFTER_DEATH,
        });
        const exit = await exited;
        expect(exit.state).toMatchObject({ status: 'exited', signal: 'SIGKILL' });
        if (killed !== null) expect(await killed).toMatchObject({ status: 'exited' });
        expect(uncaught.errors, `round ${round}: uncaught in the host`).toEqual([]);

        // A comes back and works: it writes, and B reads the byte from its own mapping.
        await t.lab.respawn({ process: 'A' });
        await t.lab.attach({
          process: 'A',
          shmid,
          readOnly: false,
          round: false,
          writeForeign: false,
        });
        await t.lab.write({
          process: 'A',
          offset: 1,
          type: 'u8',
          value: String(round + 1),
          endian: 'le',
        });
        const read = await t.lab.read({ process: 'B', offset: 1, length: 1, peek: false });
        expect(read.bytes).toEqual([round + 1]);
        await t.lab.detach({ process: 'B' });
        await t.lab.detach({ process: 'A' });
      }
    },
  );
});

describe('a request sent to a child that has just died', () => {
  it(
    'rejects with E_CHILD_EXITED naming the process, and never throws or ends the host',
    {
      timeout: 120_000,
    },
    async () => {
      const uncaught = watchUncaught();
      const slot = new ProcessSlot('B', new NodeChildHost(), {
        onStatus: () => undefined,
        onChanged: () => undefined,
        onMalformed: () => undefined,
        onSync: () => undefined,
      });
      try {
        for (let round = 0; round < 3; round += 1) {
          const { pid } = await slot.spawn();
          const exited = slot.whenExited();
          process.kill(pid!, 'SIGKILL');
          waitUntilDead(pid!);
          // The slot still thinks B runs: each request is written to its dead channel.
          const outcomes = Array.from({ length: 40 }, () =>
            slot.request({ op: 'status' }).then(
              () => null,
              (error: unknown) => error,
            ),
          );
          const errors = await Promise.all(outcomes);
          expect(uncaught.errors, `round ${round}: uncaught in the host`).toEqual([]);
          for (const error of errors) {
            expect(error).toBeInstanceOf(LabError);
            // Failed by the send itself, before the host has seen the exit.
            expect(error).toMatchObject({
              code: 'E_CHILD_EXITED',
              message: expect.stringMatching(
                /^process B could not be sent status \((EPIPE|ECONNRESET)\): its channel is closed/,
              ),
            });
          }
          await exited;
          expect(slot.current).toMatchObject({ status: 'exited', signal: 'SIGKILL' });
          expect(uncaught.errors, `round ${round}: uncaught in the host`).toEqual([]);
        }
      } finally {
        uncaught.stop();
        const gone = slot.whenExited();
        slot.kill('SIGKILL');
        await gone;
      }
    },
  );
});
