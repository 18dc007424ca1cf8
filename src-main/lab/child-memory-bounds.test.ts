// What one child may be asked, and hold, at a time is bounded (issue 21, item 5). Probing the
// web host, a hundred 1 MiB reads at once left 53 of them timed out and child A at 1.74 GB. Each
// read's answer was a JSON array of a million numbers: built in the child, parsed and checked in
// the Lab, hundreds of milliseconds per read at each end, and all of them queued in the child.
// Here: the same hundred reads through the Lab, the child's own bound with a Lab that stops
// reading, and a stopped child that may not be sent more than its limit.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_READ_LENGTH } from '../common/schemas';
import { resolveChildEntry } from './child-host';
import { createLineReader } from './child-lines';
import { MAX_CHILD_BACKLOG } from './memory-bytes';
import { native } from './native';
import { NodeChildHost } from './node-child-host';
import { CHILD_REQUEST_LIMITS } from './pending-requests';
import { ProcessSlot } from './process-slot';
import type { TestLab } from './test-helpers';
import { startTestLab, trackLeftovers } from './test-helpers';

const MiB = 1024 * 1024;
/** How much more a child may hold after a flood of reads than before it. */
const RSS_ALLOWANCE = 64 * MiB;
const READS = 100;

/** The resident set of `pid` in bytes, from VmRSS in /proc/<pid>/status. */
function residentBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (match === null) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** A pattern that differs at every offset of a MiB, so a misplaced byte shows. */
const patternAt = (offset: number): number => (offset * 31 + (offset >> 8)) & 0xff;

/** What a command ended in: 'ok' or the code it was rejected with. */
function codeOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : `no code: ${String(error)}`;
}

const leftovers = trackLeftovers();

describe('a hundred 1 MiB reads at once through the Lab', () => {
  let t: TestLab;

  beforeEach(async () => {
    t = await startTestLab();
  });

  afterEach(async () => {
    await t.close();
  });

  it(
    'are each answered with the right bytes or refused with E_BUSY, none times out, and A stays small',
    {
      timeout: 120_000,
    },
    async () => {
      const { shmid } = await t.lab.createSegment({
        key: 0,
        size: MAX_READ_LENGTH,
        create: true,
        exclusive: false,
        mode: 0o600,
      });
      // Filled by this test process through its own mapping: the children read what it wrote.
      const mine = native.shmat(shmid, { readOnly: false });
      mine.write(
        0,
        Uint8Array.from({ length: MAX_READ_LENGTH }, (_, offset) => patternAt(offset)),
      );
      mine.detach();
      await t.lab.attach({
        process: 'A',
        shmid,
        readOnly: false,
        round: false,
        writeForeign: false,
      });
      const pidA = (await t.lab.getState()).processes.A.pid!;
      const before = residentBytes(pidA);

      const outcomes = await Promise.all(
        Array.from({ length: READS }, () =>
          t.lab.read({ process: 'A', offset: 0, length: MAX_READ_LENGTH, peek: false }).then(
            (read) => {
              expect(read.bytes).toHaveLength(MAX_READ_LENGTH);
              const wrong = read.bytes.findIndex((byte, offset) => byte !== patternAt(offset));
              expect(wrong, 'the first byte that differs from what was written').toBe(-1);
              return 'ok';
            },
            (error: unknown) => {
              if (codeOf(error) === 'E_BUSY') {
                expect((error as Error).message).toMatch(
                  `the ${CHILD_REQUEST_LIMITS.replyBytes} bytes one process may answer at a time`,
                );
              }
              return codeOf(error);
            },
          ),
        ),
      );
      const answered = outcomes.filter((code) => code === 'ok').length;
      const refused = outcomes.filter((code) => code === 'E_BUSY').length;
      expect({ answered: answered > 0, rest: answered + refused }).toEqual({
        answered: true,
        rest: READS,
      });
      // At most as many as the budget holds are in flight; the rest are refused at once.
      expect(refused).toBeGreaterThanOrEqual(
        READS - CHILD_REQUEST_LIMITS.replyBytes / MAX_READ_LENGTH,
      );
      const after = residentBytes(pidA);
      console.log(
        `${answered} read, ${refused} refused; A's VmRSS ${(before / MiB).toFixed(1)} MiB before, ${(after / MiB).toFixed(1)} MiB after`,
      );
      expect(after).toBeLessThanOrEqual(before + RSS_ALLOWANCE);
      // Still answering, now that the flood is over.
      const one = await t.lab.read({ process: 'A', offset: 4096, length: 4, peek: false });
      expect(one.bytes).toEqual([4096, 4097, 4098, 4099].map(patternAt));
    },
  );
});

describe('a child whose Lab stops reading its answers', () => {
  it(
    'refuses reads past MAX_CHILD_BACKLOG with E_BUSY, and its memory stays bounded',
    {
      timeout: 120_000,
    },
    async () => {
      const shmid = native.shmget(0, MAX_READ_LENGTH, native.constants.IPC_CREAT | 0o600);
      leftovers.segments.push(shmid);
      // The child alone, as the Lab starts it, but with this test as its Lab: the test sends
      // requests past the Lab's own budget, and stops reading while the child answers them.
      const entry = resolveChildEntry();
      const child = fork(entry.modulePath, [], {
        execArgv: entry.execArgv,
        env: { ...process.env, SHMLAB_CHILD: 'A' },
        stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      });
      leftovers.processes.push(child.pid!);
      type Result = { ok: true; value: { bytes: string } } | { ok: false; error: Error };
      const replies = new Map<number, Result>();
      let ready = false;
      let seen: (() => void) | null = null;
      const read = createLineReader({
        message: (message) => {
          const { type, id, result } = message as { type: string; id: number; result: Result };
          if (type === 'ready') ready = true;
          if (type === 'reply') replies.set(id, result);
          seen?.();
        },
        unreadable: (problem) => {
          throw new Error(`the child sent ${problem}`);
        },
      });
      const stdout = child.stdout!;
      stdout.on('data', (chunk: Buffer) => read(chunk));
      const until = async (done: () => boolean): Promise<void> => {
        while (!done()) await new Promise<void>((resolve) => (seen = resolve));
      };
      const undelivered: Error[] = [];
      const ask = (id: number, body: object): void =>
        void child.send({ id, ...body }, (error) => {
          if (error !== null) undelivered.push(error);
        });
      try {
        await until(() => ready);
        ask(1, { op: 'attach', shmid, address: null, readOnly: false, round: false });
        await until(() => replies.has(1));
        expect(replies.get(1)).toMatchObject({ ok: true });
        const before = residentBytes(child.pid!);

        stdout.pause();
        for (let id = 2; id < 2 + READS; id += 1) {
          ask(id, { op: 'read', offset: 0, length: MAX_READ_LENGTH, peek: false });
        }
        // The child answers into its report channel, which the pipe cannot take: wait until its
        // memory has stopped changing, keeping the largest it reached.
        let peak = before;
        let last = before;
        let stillSince = Date.now();
        const deadline = Date.now() + 60_000;
        while (Date.now() - stillSince < 2000 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          const now = residentBytes(child.pid!);
          peak = Math.max(peak, now);
          if (Math.abs(now - last) > MiB) stillSince = Date.now();
          last = now;
        }
        stdout.resume();
        await until(() => replies.size === 1 + READS);

        const codes = [...replies.entries()]
          .filter(([id]) => id >= 2)
          .map(([, result]) => (result.ok ? 'ok' : codeOf(result.error)));
        expect(codes.filter((code) => code !== 'ok' && code !== 'E_BUSY')).toEqual([]);
        for (const result of replies.values()) {
          if (!result.ok)
            expect(result.error.message).toContain(`the ${MAX_CHILD_BACKLOG} it may hold`);
        }
        expect(undelivered).toEqual([]);
        console.log(
          `${codes.filter((code) => code === 'ok').length} read, ${codes.filter((code) => code === 'E_BUSY').length} refused; the child's VmRSS ${(before / MiB).toFixed(1)} MiB before, ${(peak / MiB).toFixed(1)} MiB at most`,
        );
        expect(peak).toBeLessThanOrEqual(before + RSS_ALLOWANCE);
      } finally {
        child.kill('SIGKILL');
      }
    },
  );
});

describe('a child that stopped answering', () => {
  it(
    'is sent no more than its limit: the rest are refused with E_BUSY until it answers',
    {
      timeout: 60_000,
    },
    async () => {
      const limits = { requests: 6, replyBytes: MAX_READ_LENGTH };
      const slot = new ProcessSlot(
        'A',
        new NodeChildHost(),
        {
          onStatus: () => undefined,
          onChanged: () => undefined,
          onMalformed: () => undefined,
          onSync: () => undefined,
        },
        { requestTimeoutMs: 300, limits },
      );
      const { pid } = await slot.spawn();
      leftovers.processes.push(pid!);
      try {
        process.kill(pid!, 'SIGSTOP');
        const asked = Array.from({ length: limits.requests }, () =>
          slot.request({ op: 'status' }).then(
            () => 'ok',
            (error: unknown) => codeOf(error),
          ),
        );
        await expect(slot.request({ op: 'status' })).rejects.toMatchObject({
          code: 'E_BUSY',
          message: expect.stringContaining(`has ${limits.requests} requests unanswered`),
        });
        expect(await Promise.all(asked)).toEqual(Array(limits.requests).fill('E_TIMEOUT'));
        // Timed out, still queued in the stopped child: still counted.
        await expect(slot.request({ op: 'status' })).rejects.toMatchObject({
          code: 'E_BUSY',
          message: expect.stringContaining(
            `(${limits.requests} of them past their timeout: it may be stopped or stuck)`,
          ),
        });
        process.kill(pid!, 'SIGCONT');
        // Its late answers free its budget: asked again until it answers (or 20 s pass).
        const deadline = Date.now() + 20_000;
        let answer: unknown = null;
        while (answer === null && Date.now() < deadline) {
          answer = await slot.request({ op: 'status' }).catch((error: unknown) => {
            if (codeOf(error) !== 'E_BUSY' && codeOf(error) !== 'E_TIMEOUT') throw error;
            return new Promise((resolve) => setTimeout(() => resolve(null), 100));
          });
        }
        expect(answer).toEqual({ attachment: null, mapped: false });
      } finally {
        try {
          process.kill(pid!, 'SIGCONT');
        } catch {
          // Already gone.
        }
        const gone = slot.whenExited();
        slot.kill('SIGKILL');
        await gone;
      }
    },
  );
});
