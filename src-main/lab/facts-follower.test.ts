// The follower's coalescing and sending rules, with processes whose "facts" are counters: what
// the real reads return is tested through the real Lab (facts-follow.property.test.ts).
import { describe, expect, it } from 'vitest';
import type { FactsChangedEvent, ProcessFacts } from '../common/api';
import type { DrawnProcess } from './facts-follower';
import { FactsFollower, REPORT_READ_GAP_MS, REPORT_SMAPS_GAP_MS } from './facts-follower';

/** One maps array for every read: a reader returns the same object while maps are the same. */
const MAPS: ProcessFacts['maps'] = [];

function factsOf(pid: number, pages: number): FactsChangedEvent {
  const facts: ProcessFacts = {
    state: { name: 'A', pid, status: 'running', exitCode: null, signal: null, attachment: null },
    maps: MAPS,
    shmRegion: null,
    smaps: null,
    pageCount: pages,
    pages: Array.from({ length: pages }, (_, index) => ({
      address: `0x${(index * 4096).toString(16)}`,
      present: true,
      swapped: false,
      pfn: null,
    })),
    pfnHiddenReason: null,
  };
  return { kind: 'child', facts };
}

/**
 * A process whose reads without smaps resolve when the test says, with the page count it holds
 * then; reads with smaps (owed after each, see the last tests) answer at once and are not counted.
 */
function slowProcess(key: string) {
  let pages = 0;
  let reads = 0;
  const waiting: (() => void)[] = [];
  const process: DrawnProcess = {
    key,
    ofRun: false,
    read: (smaps) => {
      if (smaps) return Promise.resolve(factsOf(1, pages));
      reads += 1;
      return new Promise((resolve) => waiting.push(() => resolve(factsOf(1, pages))));
    },
  };
  return {
    process,
    setPages: (count: number) => (pages = count),
    finishRead: () => waiting.shift()?.(),
    reads: () => reads,
  };
}

/** A gap no test waits out: no smaps read, for the tests of the rest. */
const NO_SMAPS = 60_000;

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('FactsFollower', () => {
  it('sends a process’s facts only when they changed, and all of them again after resend', async () => {
    const sent: FactsChangedEvent[] = [];
    let pages = 1;
    const follower = new FactsFollower({
      drawn: () => [{ key: 'A', ofRun: false, read: async () => factsOf(1, pages) }],
      listening: () => true,
      emit: (event) => sent.push(event),
    });
    await follower.refresh();
    await follower.refresh();
    expect(sent).toHaveLength(1);
    pages = 2;
    await follower.refresh();
    expect(sent).toHaveLength(2);
    follower.resend();
    await follower.refresh();
    expect(sent).toHaveLength(3);
  });

  it('reads nothing while nobody listens', async () => {
    let reads = 0;
    const follower = new FactsFollower({
      drawn: () => [{ key: 'A', ofRun: false, read: async () => ((reads += 1), factsOf(1, 1)) }],
      listening: () => false,
      emit: () => undefined,
    });
    await follower.refresh();
    expect(reads).toBe(0);
  });

  it('a caller during a read waits for one more read, which serves every such caller', async () => {
    const slow = slowProcess('A');
    const sent: FactsChangedEvent[] = [];
    const follower = new FactsFollower({
      drawn: () => [slow.process],
      listening: () => true,
      emit: (event) => sent.push(event),
      smapsGapMs: NO_SMAPS,
    });
    const first = follower.refresh();
    slow.setPages(3); // what the first read may have missed
    let secondDone = false;
    const second = follower.refresh().then(() => (secondDone = true));
    const third = follower.refresh();
    slow.finishRead();
    await first;
    await tick();
    expect(secondDone).toBe(false); // the first read does not answer a later caller
    expect(slow.reads()).toBe(2);
    slow.finishRead();
    await Promise.all([second, third]);
    expect(slow.reads()).toBe(2);
    expect(sent.at(-1)?.facts.pages).toHaveLength(3);
  });

  it('drops a process that failed to read, and keeps sending the others', async () => {
    const sent: FactsChangedEvent[] = [];
    const follower = new FactsFollower({
      drawn: () => [
        { key: 'gone', ofRun: false, read: () => Promise.reject(new Error('ESRCH')) },
        { key: 'B', ofRun: false, read: async () => factsOf(2, 1) },
      ],
      listening: () => true,
      emit: (event) => sent.push(event),
    });
    await follower.refresh();
    expect(sent.map((event) => (event.kind === 'child' ? event.facts.state.pid : null))).toEqual([
      2,
    ]);
  });

  it('reports start at most one read a frame', async () => {
    let reads = 0;
    const follower = new FactsFollower({
      drawn: () => [
        {
          key: 'A',
          ofRun: false,
          read: async (smaps) => ((reads += smaps ? 0 : 1), factsOf(1, reads)),
        },
      ],
      listening: () => true,
      emit: () => undefined,
      smapsGapMs: NO_SMAPS,
    });
    await follower.refresh();
    for (let i = 0; i < 50; i += 1) follower.refreshSoon();
    expect(reads).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, REPORT_READ_GAP_MS * 3));
    expect(reads).toBe(2);
    follower.stop();
  });

  it('reads without smaps owe them: smaps are read, then sent, at most every gap', async () => {
    const asked: boolean[] = [];
    const follower = new FactsFollower({
      drawn: () => [
        { key: 'A', ofRun: false, read: async (smaps) => (asked.push(smaps), factsOf(1, 1)) },
      ],
      listening: () => true,
      emit: () => undefined,
    });
    await follower.refresh(); // a command's read: maps and pagemap
    expect(asked).toEqual([false]);
    await new Promise((resolve) => setTimeout(resolve, REPORT_SMAPS_GAP_MS + 50));
    // smaps read once the gap from the start was over, then a read that sends them
    expect(asked).toEqual([false, true, false]);
    follower.refreshSoon(); // a report
    await new Promise((resolve) => setTimeout(resolve, REPORT_READ_GAP_MS));
    expect(asked).toEqual([false, true, false, false]);
    await new Promise((resolve) => setTimeout(resolve, REPORT_SMAPS_GAP_MS / 3));
    expect(asked).toHaveLength(4); // not before the gap is over
    await new Promise((resolve) => setTimeout(resolve, REPORT_SMAPS_GAP_MS));
    expect(asked).toEqual([false, true, false, false, true, false]);
    await new Promise((resolve) => setTimeout(resolve, REPORT_SMAPS_GAP_MS + 50));
    expect(asked).toHaveLength(6); // nothing owed: no more reads
    follower.stop();
  });

  it('sends new maps (another object) even when the rest is the same', async () => {
    const sent: FactsChangedEvent[] = [];
    let maps: ProcessFacts['maps'] = [];
    const follower = new FactsFollower({
      drawn: () => [
        {
          key: 'A',
          ofRun: false,
          read: async () => {
            const event = factsOf(1, 1);
            event.facts.maps = maps;
            return event;
          },
        },
      ],
      listening: () => true,
      emit: (event) => sent.push(event),
    });
    await follower.refresh();
    await follower.refresh();
    expect(sent).toHaveLength(1);
    maps = [];
    await follower.refresh();
    expect(sent).toHaveLength(2);
    follower.stop();
  });

  it('follows a run’s processes once a frame while there are any, and only them', async () => {
    const asked: string[] = [];
    let runLives = true;
    const process = (key: string, ofRun: boolean): DrawnProcess => ({
      key,
      ofRun,
      read: async (smaps) => (smaps || asked.push(key), factsOf(1, asked.length)),
    });
    const follower = new FactsFollower({
      drawn: () => [process('A', false), ...(runLives ? [process('run 1 pid 9', true)] : [])],
      listening: () => true,
      emit: () => undefined,
    });
    follower.followRuns();
    follower.followRuns(); // one follower however often it is asked
    await new Promise((resolve) => setTimeout(resolve, REPORT_READ_GAP_MS * 6));
    const reads = asked.length;
    expect(reads).toBeGreaterThanOrEqual(3);
    expect(reads).toBeLessThanOrEqual(7);
    expect(new Set(asked)).toEqual(new Set(['run 1 pid 9']));
    runLives = false;
    await new Promise((resolve) => setTimeout(resolve, REPORT_READ_GAP_MS * 3));
    const after = asked.length;
    await new Promise((resolve) => setTimeout(resolve, REPORT_READ_GAP_MS * 4));
    expect(asked.length).toBe(after); // stopped by itself
    follower.stop();
  });
});
