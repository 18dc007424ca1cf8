// Runs of real programs on a real pty: a run that attaches the Lab's segment and writes, ^C
// typed into the terminal, stop of a whole process group, the CPU and data limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PROGRAM_INPUT } from '../../common/schemas';
import { skippableTitle } from '../../proc/fixtures/ipc-peer';
import type { TestLab } from '../test-helpers';
import { attachBoth, nextEvent, startTestLab, trackLeftovers } from '../test-helpers';
import { OUTPUT_MAX_PENDING } from './output-queue';
import { NO_CC, RunWatch, compileFixture, hasCompiler, isLiveProcess } from './program-harness';

const MIB = 1024 * 1024;

describe.skipIf(!hasCompiler)(skippableTitle('running programs', !hasCompiler, NO_CC), () => {
  let t: TestLab;
  let watch: RunWatch;
  const leftovers = trackLeftovers();
  beforeAll(async () => {
    t = await startTestLab({
      programs: { limits: { cpuSeconds: 1, dataBytes: 32 * MIB }, stopGraceMs: 800 },
    });
    watch = new RunWatch(t.lab);
  });
  afterAll(async () => {
    await t.close();
  });

  const run = async (programId: string, shmid: number | null = null, args: string[] = []) =>
    t.lab.runProgram({ programId, shmid, args, cols: 80, rows: 24 });

  it('is its own session and group leader, on the pty as its controlling terminal', async () => {
    const started = await run(await compileFixture(t.lab, 'wait-forever.c'));
    await watch.printed(started, /ready\r\n/);
    const { readFileSync } = await import('node:fs');
    const stat = readFileSync(`/proc/${started.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 5, 6, 7 and 8: pgrp, session, tty_nr, tpgid (the terminal's foreground group).
    expect(Number(fields[2])).toBe(started.pid);
    expect(Number(fields[3])).toBe(started.pid);
    expect(Number(fields[4])).not.toBe(0);
    expect(Number(fields[5])).toBe(started.pid);
    expect(started.pgid).toBe(started.pid);
    expect(started.env).toEqual({ TERM: 'xterm-256color' });
    expect(started.limits).toEqual({
      cpuSeconds: 1,
      dataBytes: 32 * MIB,
      processes: 64,
      wallSeconds: 600,
    });
    await t.lab.stopProgram({ runId: started.runId });
  });

  it('attaches the Lab’s segment: A sees the bytes, nattch goes up, exit detaches', async () => {
    const shmid = await attachBoth(t.lab);
    leftovers.segments.push(shmid);
    const programId = await compileFixture(t.lab, 'attach-write.c');
    const seen = nextEvent(
      t.lab,
      'memoryChanged',
      (event) => event.process === 'A' && event.shmid === shmid && event.offset === 0,
    );
    const started = await run(programId, shmid);
    expect(started.env.SHMLAB_SHMID).toBe(String(shmid));
    const printed = await watch.printed(started, /wrote at (0x[0-9a-f]+)/);
    const changed = await seen;
    expect(changed.bytes.slice(0, 6)).toEqual([...Buffer.from('from C')]);
    expect((await t.lab.read({ process: 'B', offset: 0, length: 6, peek: false })).bytes).toEqual([
      ...Buffer.from('from C'),
    ]);
    const stat = await t.lab.statSegment({ shmid });
    expect(stat.nattch).toBe(3);
    expect(stat.lpid).toBe(started.pid);
    const listed = await watch.listed(started, (list) => list[0]?.attachments.length === 1);
    expect(listed[0]?.attachments[0]).toMatchObject({
      shmid,
      address: printed[1],
      readOnly: false,
    });
    await t.lab.programInput({ runId: started.runId, data: 'done\r' });
    const exited = await watch.over(started);
    expect(exited).toMatchObject({ pid: started.pid, role: 'program', exitCode: 0, signal: null });
    expect(exited.detached).toEqual([expect.objectContaining({ shmid, address: printed[1] })]);
    const after = await t.lab.statSegment({ shmid });
    expect(after.nattch).toBe(2);
    expect(after.lpid).toBe(started.pid);
  });

  it('^C typed into the terminal ends the program with SIGINT', async () => {
    const started = await run(await compileFixture(t.lab, 'wait-forever.c'));
    await watch.printed(started, /ready\r\n/);
    await t.lab.programInput({ runId: started.runId, data: '\x03' });
    const exited = await watch.over(started);
    expect(exited).toMatchObject({ exitCode: null, signal: 'SIGINT', runOver: true });
    expect(watch.output.get(started.runId)).toContain('^C');
  });

  it('stop: SIGINT, then SIGKILL reaches the program and its child, which ignore SIGINT', async () => {
    const started = await run(await compileFixture(t.lab, 'stubborn.c'));
    const [, parent, child] = (await watch.printed(started, /parent (\d+) child (\d+)/)).map(
      Number,
    );
    expect(parent).toBe(started.pid);
    await watch.listed(started, (list) => list.some((p) => p.pid === child && p.role === 'forked'));
    const result = await t.lab.stopProgram({ runId: started.runId });
    expect(result).toMatchObject({ signals: ['SIGINT', 'SIGKILL'], signal: 'SIGKILL' });
    expect(isLiveProcess(parent!)).toBe(false);
    expect(isLiveProcess(child!)).toBe(false);
    const childExit = watch.exits.find((event) => event.pid === child);
    expect(childExit?.role).toBe('forked');
    // Seen as a zombie (SIGKILL), or reaped before the Lab looked (both null): nothing else.
    expect(childExit?.exitCode).toBeNull();
    if (childExit?.signal !== null) expect(childExit?.signal).toBe('SIGKILL');
    // A finished run cannot be typed into.
    await expect(t.lab.programInput({ runId: started.runId, data: 'x' })).rejects.toMatchObject({
      code: 'E_NO_SUCH_RUN',
    });
  });

  it('a second stop while the first waits out its grace sends nothing more: one result', async () => {
    const started = await run(await compileFixture(t.lab, 'stubborn.c'));
    await watch.printed(started, /parent \d+ child \d+/);
    const first = t.lab.stopProgram({ runId: started.runId });
    // Half the grace (800 ms) later, the program (which ignores SIGINT) is still there.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const second = t.lab.stopProgram({ runId: started.runId });
    const [one, two] = await Promise.all([first, second]);
    expect(one).toMatchObject({ signals: ['SIGINT', 'SIGKILL'], signal: 'SIGKILL' });
    expect(two).toEqual(one);
  });

  it('stop continues a stopped program (state T), so SIGINT reaches it', async () => {
    const started = await run(await compileFixture(t.lab, 'stop-self.c'));
    await watch.printed(started, /ready\r\n/);
    await watch.listed(started, (list) => list[0]?.state === 'T');
    const result = await t.lab.stopProgram({ runId: started.runId });
    expect(result).toMatchObject({ signals: ['SIGINT', 'SIGCONT'], signal: 'SIGINT' });
  });

  it('typing into a raw terminal that is never read: the Lab never waits, EAGAIN past a bound', async () => {
    const started = await run(await compileFixture(t.lab, 'raw-wait.c'));
    await watch.printed(started, /ready\r\n/);
    const line = 'x'.repeat(MAX_PROGRAM_INPUT);
    let refused: unknown = null;
    // The kernel takes some KiB; what it cannot take waits in the Lab, up to a bound.
    for (let typed = 0; typed < 16 && refused === null; typed++) {
      await t.lab.programInput({ runId: started.runId, data: line }).catch((error: unknown) => {
        refused = error;
      });
    }
    expect(refused).toMatchObject({ code: 'EAGAIN' });
    // The Lab's thread was never held by a write the terminal could not take: it answers.
    expect((await t.lab.getState()).processes.A.status).toBe('running');
    expect((await t.lab.stopProgram({ runId: started.runId })).signal).toBe('SIGINT');
  });

  it('resizeProgram changes the size the program reads from its terminal', async () => {
    const started = await t.lab.runProgram({
      programId: await compileFixture(t.lab, 'winsize.c'),
      shmid: null,
      args: [],
      cols: 100,
      rows: 30,
    });
    await t.lab.programInput({ runId: started.runId, data: 'a\r' });
    await watch.printed(started, /size 30x100/);
    await t.lab.resizeProgram({ runId: started.runId, cols: 120, rows: 40 });
    await t.lab.programInput({ runId: started.runId, data: 'b\r' });
    await watch.printed(started, /size 40x120/);
    await t.lab.programInput({ runId: started.runId, data: '\x04' }); // ^D: end of input
    expect((await watch.over(started)).exitCode).toBe(0);
  });

  it('a flood of output reaches the UI in bounded events (the drop itself is unit-tested)', async () => {
    const started = await run(await compileFixture(t.lab, 'flood.c'));
    // Whether anything is dropped depends on how fast this machine reads the pty compared with
    // the bound per interval (a loaded machine reads slower and the program simply blocks), so
    // wait for a good amount of output, or a drop, rather than for a drop alone.
    await watch.until(
      'a quarter MiB of output, or a drop',
      () => {
        const output = watch.output.get(started.runId) ?? '';
        return output.length > 256 * 1024 || /\[ShmLab: \d+ bytes of output dropped/.test(output)
          ? true
          : undefined;
      },
      30_000,
    );
    // The program writes for ever, so more events follow; wait for one more before stopping (what
    // is still unread when it dies may be nothing at all).
    const seen = watch.eventLengths.get(started.runId)?.length ?? 0;
    await watch.until('one more output event', () =>
      (watch.eventLengths.get(started.runId)?.length ?? 0) > seen ? true : undefined,
    );
    const result = await t.lab.stopProgram({ runId: started.runId });
    expect(result.signal).toBe('SIGINT');
    // No event carries more than one interval's bound, plus the line that counts the drop.
    const lengths = watch.eventLengths.get(started.runId) ?? [];
    expect(lengths.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(OUTPUT_MAX_PENDING + 200);
  });

  it('the CPU limit (1 s injected) ends a spinning program with SIGXCPU or SIGKILL', async () => {
    const started = await run(await compileFixture(t.lab, 'spin.c'));
    const exited = await watch.over(started, 15_000);
    expect(exited.exitCode).toBeNull();
    expect(['SIGXCPU', 'SIGKILL']).toContain(exited.signal);
  });

  it('the data limit (32 MiB injected) makes a 64 MiB malloc fail, and the program says so', async () => {
    const started = await run(await compileFixture(t.lab, 'big-malloc.c'), null, [
      String(64 * MIB),
    ]);
    await watch.printed(started, /malloc of 67108864 bytes failed/);
    expect((await watch.over(started)).exitCode).toBe(1);
    const small = await run(started.programId, null, [String(4 * MIB)]);
    await watch.printed(small, /malloc of 4194304 bytes worked/);
    expect((await watch.over(small)).exitCode).toBe(0);
  });
});
