// "Action answered → the diagram equals pagemap" (DESIGN.md, Budgets), in Debian Chromium against
// the web host, in a page no automation agent watches (attached-page.ts), for three kinds of
// action that change a page table: B's load in pane 5, a touch in pane 4, and a store by a
// process other than A and B (the learner's program, drawn as a column). Per sample: click →
// the pages table's row shows the present bits the action must give, and the answer in the DOM →
// the same moment (0 when the table was right first). Each sample's table is then held to
// /proc/<pid>/pagemap read here (facts-samples.ts); one that differs is a miss, counted and shown.
// Measured, never asserted.
import { readdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { native } from '../../src-main/lab/native';
import { withAttachedPage } from './attached-page';
import type { BarePage } from './bare-chromium';
import {
  OPEN_PROGRAM_SOCKET,
  OPEN_STEP,
  PROGRAM_REATTACH,
  REATTACH,
  STORE_IN_A,
  TUTORIAL_SHMID,
} from './facts-in-page';
import type { FactsKind, FactsKindResult, SampleSpec } from './facts-samples';
import { Samples, skipped } from './facts-samples';

export type { FactsKind, FactsKindResult } from './facts-samples';
export type FactsBenchResult = Record<FactsKind, FactsKindResult>;

const tutorialShmid = async (page: BarePage): Promise<number> =>
  (await page.evaluate(TUTORIAL_SHMID)) as number;

/** The pages of the segment B loads from, one per sample; B re-attaches after each round. */
const LOAD_PAGES = 16;

/**
 * Pane 5's load in B: A stored 42 at offset 16 of every page of the 16-page segment (setup);
 * then per sample B loads page k (k = 0…15), whose entry B does not have yet: the Offset field is
 * set (unmeasured), then "Load it in B" is the click. After each 16, B detaches and attaches again.
 */
async function measureLoads(page: BarePage, shmid: number, samples: number): Promise<Samples> {
  const pageSize = native.constants.pageSize;
  const taken = new Samples('load', page);
  const reattachB = () =>
    page.evaluate(`(${REATTACH})(${JSON.stringify({ shmid, names: ['B'] })})`);
  for (let index = 0; index < samples;) {
    const target = index % LOAD_PAGES;
    if (target === 0 && index > 0) await reattachB();
    const offset = target * pageSize + 16;
    const spec: SampleSpec = {
      shmid,
      page: target,
      field: {
        region: 'Tutorial',
        label: 'Offset',
        value: String(offset),
        shows: `(base + ${offset});`,
      },
      before: { A: 'true', B: 'false' },
      expected: { A: 'true', B: 'true' },
      samePfn: ['A', 'B'],
      action: { region: 'Tutorial', button: 'Load it in B' },
      answer: { startsWith: 'B read 42' },
    };
    // A kernel that maps neighbours on a read fault (fault-around) may have given B this page
    // already: B then starts afresh.
    if (await taken.take(spec)) index += 1;
    else await reattachB();
  }
  return taken;
}

/** Pane 5, its value field at 42. */
async function openPaneFive(page: Page): Promise<void> {
  await openStep(page, /Write in A, read in B/);
  await page.getByRole('region', { name: 'Tutorial' }).getByLabel('u32 value').fill('42');
}

/**
 * Pane 4's touches of page 0: each round re-attaches A and B (unmeasured), then one touches the
 * page (the first entry of it in either) and the other (a minor fault onto that frame), A first
 * in even rounds, B first in odd ones.
 */
async function measureTouches(page: BarePage, shmid: number, samples: number): Promise<Samples> {
  await page.evaluate(
    `(${OPEN_STEP})(${JSON.stringify({ title: 'shmat in B', shows: 'Touch page 0 in A' })})`,
  );
  const taken = new Samples('touch', page);
  const none = { A: 'false', B: 'false' };
  const touch = (name: 'A' | 'B') => ({
    action: { region: 'Tutorial', button: `Touch page 0 in ${name}` },
    answer: { startsWith: `${name} loaded a byte` },
  });
  for (let done = 0, round = 0; done < samples; round += 1) {
    await page.evaluate(`(${REATTACH})(${JSON.stringify({ shmid, names: ['A', 'B'] })})`);
    const [first, second] = round % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const);
    const one = { ...none, [first]: 'true' };
    const firstSpec = {
      shmid,
      page: 0,
      before: none,
      expected: one,
      samePfn: null,
      ...touch(first),
    };
    if (!(await taken.take(firstSpec))) continue;
    done += 1;
    if (done === samples) break;
    const both = { A: 'true', B: 'true' };
    const spec = {
      shmid,
      page: 0,
      before: one,
      expected: both,
      samePfn: ['A', 'B'],
      ...touch(second),
    };
    if (await taken.take(spec)) done += 1;
  }
  return taken;
}

/** Loads, then touches, in one page and web host: a 16-page segment attached in A and B. */
async function measureLoadsAndTouches(
  samples: number,
): Promise<{ load: FactsKindResult; touch: FactsKindResult }> {
  const started = performance.now();
  return withAttachedPage(
    async (page) => {
      const shmid = await tutorialShmid(page);
      // A's stores give each page its frame, and A its page-table entry.
      const offsets = Array.from(
        { length: LOAD_PAGES },
        (_, k) => k * native.constants.pageSize + 16,
      );
      await page.evaluate(`(${STORE_IN_A})(${JSON.stringify(offsets)})`);
      const load = (await measureLoads(page, shmid, samples)).result(started);
      const touchStarted = performance.now();
      const touch = (await measureTouches(page, shmid, samples)).result(touchStarted);
      return { load, touch };
    },
    openPaneFive,
    LOAD_PAGES * native.constants.pageSize,
  );
}

/** The pages of the segment the learner's program stores into, one per sample, then again. */
const OUTSIDE_PAGES = 16;

/**
 * The learner's program: attaches SHMLAB_SHMID, then per line on stdin "w <page> <byte>" stores
 * the byte at the page's first byte (a write fault the first time) and "r" detaches and attaches
 * again (its page table then has no entry of the segment); answers "ok <n>" to line n.
 */
const STORER = `#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <stdlib.h>
#include <sys/shm.h>
#include <unistd.h>

int main(void) {
  const char *id = getenv("SHMLAB_SHMID");
  if (id == NULL) {
    printf("no SHMLAB_SHMID\\n");
    return 2;
  }
  int shmid = atoi(id);
  long page_size = sysconf(_SC_PAGESIZE);
  volatile unsigned char *base = shmat(shmid, NULL, 0);
  if (base == (void *)-1) {
    perror("shmat");
    return 1;
  }
  printf("ready %p\\n", (void *)base);
  fflush(stdout);
  char line[64];
  for (int n = 1; fgets(line, sizeof line, stdin) != NULL; n++) {
    long page = 0;
    int byte = 0;
    if (sscanf(line, "w %ld %d", &page, &byte) == 2) {
      base[page * page_size] = (unsigned char)byte;
    } else if (line[0] == 'r') {
      shmdt((const void *)base);
      base = shmat(shmid, NULL, 0);
      if (base == (void *)-1) {
        perror("shmat");
        return 1;
      }
    }
    printf("ok %d\\n", n);
    fflush(stdout);
  }
  return 0;
}
`;

/**
 * Stores by the learner's program, drawn as a third column: page k of a 16-page segment per
 * sample, a byte A and B never wrote (so their watchers report it); after each 16, the program
 * detaches and attaches again (unmeasured). Typed through the page's own API socket (the
 * terminal's programInput); its answer is the terminal's "ok <n>".
 */
async function measureOutsideStores(samples: number): Promise<FactsKindResult> {
  const pageSize = native.constants.pageSize;
  const started = performance.now();
  return withAttachedPage(
    async (page, host) => {
      const shmid = await tutorialShmid(page);
      const token = new URLSearchParams(new URL(host.url).hash.slice(1)).get('token');
      const program = (await page.evaluate(
        `(${OPEN_PROGRAM_SOCKET})(${JSON.stringify(token)})`,
      )) as { runId: number; pid: number };
      const column = `p${program.pid}`;
      const none = { A: 'false', B: 'false', [column]: 'false' };
      const taken = new Samples('outside', page);
      let line = 0;
      const reattach = async (): Promise<void> => {
        line += 1;
        const input = {
          line: 'r\n',
          answer: `ok ${line}`,
          shmid,
          pages: OUTSIDE_PAGES,
          attached: column,
        };
        await page.evaluate(`(${PROGRAM_REATTACH})(${JSON.stringify(input)})`);
      };
      for (let index = 0; index < samples;) {
        const target = index % OUTSIDE_PAGES;
        if (target === 0 && index > 0) await reattach();
        const spec: SampleSpec = {
          shmid,
          page: target,
          before: none,
          expected: { ...none, [column]: 'true' },
          samePfn: null,
          action: { type: `w ${target} ${(index % 255) + 1}\n` },
          answer: { terminal: `ok ${line + 1}` },
        };
        // The line is typed only once the row showed `before`.
        if (await taken.take(spec)) {
          line += 1;
          index += 1;
        } else {
          await reattach();
        }
      }
      return taken.result(started);
    },
    async (page) => {
      await page.getByRole('button', { name: 'Your program' }).click();
      const view = page.getByRole('region', { name: 'Your program', exact: true });
      const editor = view.getByRole('textbox', { name: 'Source (C)' });
      await editor.click();
      await page.keyboard.press('Control+a');
      await page.keyboard.insertText(STORER);
      await view.getByRole('button', { name: 'Run', exact: true }).click();
      // xterm draws nothing while scrolled out of sight, and the samples read its rows.
      await view.locator('.xterm').scrollIntoViewIfNeeded();
      await view
        .locator('.xterm-rows')
        .getByText(/ready 0x/)
        .waitFor({ timeout: 30_000 });
    },
    OUTSIDE_PAGES * pageSize,
  );
}

/** Opens a tutorial pane from the stepper. */
async function openStep(page: Page, title: RegExp): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Tutorial steps' })
    .getByRole('button', { name: title })
    .click();
}

/** Whether a C compiler is on PATH (the outside store needs the learner's program). */
function hasCc(): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => {
    try {
      return readdirSync(dir).includes('cc');
    } catch {
      return false;
    }
  });
}

/**
 * `samples` actions of each kind: loads and touches in one page and web host, the program's
 * stores in another.
 */
export async function runFactsBench(samples: number): Promise<FactsBenchResult> {
  const { load, touch } = await measureLoadsAndTouches(samples);
  const outside = hasCc()
    ? await measureOutsideStores(samples)
    : skipped('outside', 'no C compiler (cc) on PATH');
  return { load, touch, outside };
}
