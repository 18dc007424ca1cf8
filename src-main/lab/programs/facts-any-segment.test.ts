// A program given one segment in SHMLAB_SHMID that attaches another by the id in its argument
// (the seed's server.c, run with the client's id) is drawn with the segment it maps: its facts
// name that shmid, and its page table is the kernel's, sent by the Lab without being asked.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ProgramProcessFacts } from '../../common/api';
import { skippableTitle } from '../../proc/fixtures/ipc-peer';
import { readPagemap } from '../../proc/pagemap';
import { native } from '../native';
import type { TestLab } from '../test-helpers';
import { attachBoth, startTestLab, trackLeftovers } from '../test-helpers';
import { NO_CC, RunWatch, compileFixture, hasCompiler } from './program-harness';

describe.skipIf(!hasCompiler)(
  skippableTitle('a program’s facts, for the segment it maps', !hasCompiler, NO_CC),
  () => {
    let t: TestLab;
    let watch: RunWatch;
    const leftovers = trackLeftovers();
    const sent: ProgramProcessFacts[] = [];
    beforeAll(async () => {
      t = await startTestLab();
      watch = new RunWatch(t.lab);
      t.lab.on('factsChanged', (event) => {
        if (event.kind === 'program') sent.push(event.facts);
      });
    });
    afterAll(async () => {
      await t.close();
    });

    it('draws the segment attached by id, and follows the program’s own load', async () => {
      const given = await attachBoth(t.lab);
      const other = await t.lab.createSegment({
        key: 0,
        size: 2 * native.constants.pageSize,
        create: true,
        exclusive: false,
        mode: 0o600,
      });
      leftovers.segments.push(given, other.shmid);
      const run = await t.lab.runProgram({
        programId: await compileFixture(t.lab, 'toucher.c'),
        shmid: given,
        args: [String(other.shmid)],
        cols: 80,
        rows: 24,
      });
      expect(run.env.SHMLAB_SHMID).toBe(String(given));
      const ready = await watch.printed(run, /ready (0x[0-9a-f]+)/);
      const address = BigInt(ready[1]!);

      const asked = await t.lab.inspectProgramProcess({ pid: run.pid, shmid: given });
      expect(asked.shmRegion?.inode).toBe(other.shmid);
      expect(asked.pages.map((page) => page.present)).toEqual([false, false]);

      // Its own load of page 1: no event reports it; the Lab's next look at the run does.
      await t.lab.programInput({ runId: run.runId, data: 'l 1\r' });
      await watch.printed(run, /ok 1 /);
      const seen = await vi.waitFor(
        () => {
          const found = sent.find(
            (facts) =>
              facts.process.pid === run.pid &&
              facts.shmRegion?.inode === other.shmid &&
              facts.pages[1]?.present === true,
          );
          if (found === undefined) throw new Error('the load is not in the facts sent yet');
          return found;
        },
        { timeout: 5000, interval: 10 },
      );
      const [kernel0, kernel1] = await readPagemap(
        run.pid,
        [address, address + BigInt(native.constants.pageSize)],
        native.constants.pageSize,
      );
      expect(seen.pages.map((page) => page.present)).toEqual([kernel0!.present, kernel1!.present]);
      expect(seen.pages[1]?.pfn).toBe(
        kernel1!.pfn === null ? null : `0x${kernel1!.pfn.toString(16)}`,
      );
      await t.lab.programInput({ runId: run.runId, data: 'q\r' });
      await watch.over(run);
    });
  },
);
