// Running the learner's program for real: the writer's bytes in A's and B's hex views, nattch and
// lpid moving in the segment panel, the exit and what it detached; Stop on a program that ignores
// SIGINT (SIGKILL, nothing left in /proc); typing into the terminal.
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { byteCell, waitForLab } from './helpers';
import { ipcsHas } from './machine-helpers';
import {
  chooseStarter,
  hasCc,
  openProgramView,
  processesInGroup,
  setSource,
  terminalText,
  waitForTerminal,
} from './program-helpers';
import { attachFreshSegmentInBoth } from './web-host';

const NO_CC = 'no C compiler (cc) on PATH: nothing can be compiled and run here';

test.skip(!hasCc(), NO_CC);

/** The pid and process group the run's facts show. */
async function runIds(view: Locator): Promise<{ pid: number; pgid: number }> {
  const facts = view
    .getByRole('definition')
    .filter({ hasText: /^pid \d+, its own process group \d+/ });
  await expect(facts).toBeVisible();
  const match = /^pid (\d+), its own process group (\d+)/.exec((await facts.textContent()) ?? '');
  return { pid: Number(match![1]), pgid: Number(match![2]) };
}

test('the writer’s value shows in A and B; nattch and lpid move; its exit detaches', async ({
  app,
}) => {
  await waitForLab(app);
  await attachFreshSegmentInBoth(app);
  const panel = app.getByRole('region', { name: 'Segment' });
  await expect(panel.locator('[data-field="nattch"]')).toHaveText('2');
  const shmid = Number(await panel.locator('[data-field="shmid"]').textContent());
  const view = await openProgramView(app);
  await chooseStarter(view, 'Writer');
  await expect(view.getByText(`SHMLAB_SHMID=${shmid}`)).toBeVisible();
  await view.getByRole('button', { name: 'Run', exact: true }).click();

  const { pid } = await runIds(view);
  await expect(
    view.getByRole('definition').filter({ hasText: `SHMLAB_SHMID=${shmid}` }),
  ).toBeVisible();
  await waitForTerminal(view, /wrote u32 2026 at offset 16/);
  // 2026 = 0x07ea, little-endian at offset 16, read by A and by B from their own mappings.
  for (const name of ['A', 'B'] as const) {
    await expect(byteCell(app, name, 16)).toHaveText('ea');
    await expect(byteCell(app, name, 17)).toHaveText('07');
  }
  // While it is attached: three attachments, and it is the last to have attached.
  await expect(panel.locator('[data-field="nattch"]')).toHaveText('3');
  await expect(panel.locator('[data-field="lpid"]')).toHaveText(String(pid));
  await expect(view.getByRole('list', { name: 'Running now' })).toContainText(
    `pid ${pid} (your program)`,
  );

  // Its exit: status 0, and nattch back to 2 without any shmdt (lpid: the exit's implicit detach).
  const ended = view.getByRole('list', { name: 'Ended' });
  await expect(ended).toContainText(`pid ${pid} (your program) exited with status 0`, {
    timeout: 15_000,
  });
  await expect(ended).toContainText(
    `Exit detaches implicitly: segment ${shmid}, nattch went from 3 to 2`,
  );
  await expect(panel.locator('[data-field="nattch"]')).toHaveText('2');
  await expect(panel.locator('[data-field="lpid"]')).toHaveText(String(pid));
  expect(await terminalText(view)).toContain('exiting without shmdt: exit detaches');
});

const IGNORES_SIGINT = `#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  signal(SIGINT, SIG_IGN); /* ^C and Stop's first signal do nothing */
  pid_t child = fork();
  printf("%s %d ignores SIGINT\\n", child == 0 ? "child" : "parent", (int)getpid());
  fflush(stdout);
  for (;;) pause();
}
`;

test('Stop on a program that ignores SIGINT: SIGKILL, and nothing of its group is left', async ({
  app,
}) => {
  await waitForLab(app);
  const view = await openProgramView(app);
  await setSource(app, view, IGNORES_SIGINT);
  await view.getByRole('button', { name: 'Run', exact: true }).click();
  const { pid, pgid } = await runIds(view);
  expect(pgid).toBe(pid);
  await waitForTerminal(
    view,
    /parent \d+ ignores SIGINT[\s\S]*child \d+|child \d+ ignores SIGINT[\s\S]*parent \d+/,
  );
  await expect.poll(() => processesInGroup(pgid).length).toBe(2);

  await view.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(view.getByRole('status').filter({ hasText: /^Stop sent/ })).toHaveText(
    'Stop sent SIGINT to the process group, then SIGKILL when it outlived the grace period.',
    { timeout: 15_000 },
  );
  const ended = view.getByRole('list', { name: 'Ended' });
  await expect(ended).toContainText(
    `pid ${pid} (your program) killed by SIGKILL, sent by Stop after SIGINT did not end it`,
  );
  await expect(ended.getByRole('listitem')).toHaveCount(2);
  await expect(view.getByText('The run is over: none of its processes is left.')).toBeVisible();
  // Killed: none of the group runs any more. A killed child whose parent died first stays a zombie
  // (state Z, no memory, no attachments) until pid 1 reaps it, which is not the app's to do (and
  // some pid 1s, in containers, never do).
  expect(processesInGroup(pgid).filter((p) => p.state !== 'Z')).toEqual([]);
});

test('what is typed in the terminal reaches the program: the reader, ^C, the creator', async ({
  app,
}) => {
  await waitForLab(app);
  await attachFreshSegmentInBoth(app);
  const view = await openProgramView(app);
  const terminal = view.locator('.xterm');

  await chooseStarter(view, 'Reader');
  await view.getByRole('button', { name: 'Run', exact: true }).click();
  await waitForTerminal(view, /offset 16: u32 0 \(0x00000000\)/);
  await terminal.click();
  // The pty echoes what it receives; q and Enter reach the program's fgets, which ends it.
  await app.keyboard.type('q');
  await app.keyboard.press('Enter');
  await waitForTerminal(view, /\nq\s*\n[\s\S]*detached, bye/);
  const ended = view.getByRole('list', { name: 'Ended' });
  await expect(ended).toContainText('(your program) exited with status 0');

  // ^C typed in the terminal: the pty's line discipline sends SIGINT to the program.
  await view.getByRole('button', { name: 'Run', exact: true }).click();
  await waitForTerminal(view, /offset 16: u32/);
  await terminal.click();
  await app.keyboard.press('Control+c');
  await expect(ended).toContainText('killed by SIGINT (^C in its terminal', { timeout: 15_000 });

  // The creator waits for Enter, then removes the segment it made.
  await chooseStarter(view, 'Creator');
  await view.getByRole('button', { name: 'Run', exact: true }).click();
  const screen = await waitForTerminal(view, /Press Enter to detach and remove segment \d+/);
  const made = Number(/remove segment (\d+)/.exec(screen)![1]);
  expect(ipcsHas(made)).toBe(true);
  await terminal.click();
  await app.keyboard.press('Enter');
  await waitForTerminal(view, new RegExp(`segment ${made} removed`));
  await expect(ended).toContainText('(your program) exited with status 0');
  expect(ipcsHas(made)).toBe(false);
});
