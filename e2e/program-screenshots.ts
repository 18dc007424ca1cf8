// The program view's screenshots for `npm run screenshots` (called from take-screenshots.ts):
// compiler messages on their lines (light), the writer's run with its exit and what the exit
// detached (light), and the reader running live beside A and B (dark).
import type { Locator, Page } from '@playwright/test';
import { chooseStarter, setSource, terminalText } from './program-helpers';

type Save = (page: Page, name: string, focus: Locator) => Promise<void>;

const WITH_MISTAKES = `#include <stdio.h>
#include <stdlib.h>
#include <sys/shm.h>

int main(void) {
  int shmid = atoi(getenv("SHMLAB_SHMID"));
  int unused;
  char *base = shmat(shmid, NULL, 0);
  printf("attached at %p\\n", base)
  return 0;
}
`;

async function waitForTerminalText(view: Locator, pattern: RegExp): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if (pattern.test(await terminalText(view))) return;
    await view.page().waitForTimeout(200);
  }
  throw new Error(`the terminal never showed ${pattern}`);
}

/** Takes the program view's shots; the page has a segment attached in A and B, light theme. */
export async function programViewShots(page: Page, saveShot: Save): Promise<void> {
  // The lab column from its top: the diagram, where the program's processes are drawn.
  const save: Save = async (on, name, focus) => {
    await focus.scrollIntoViewIfNeeded();
    await on.locator('.app__lab').evaluate((lab) => lab.scrollTo(0, 0));
    await saveShot(on, name, focus);
  };
  await page.getByRole('button', { name: 'Your program' }).click();
  const view = page.getByRole('region', { name: 'Your program' });
  await view.getByText(/^Compiler: /).waitFor();

  await chooseStarter(view, 'Writer');
  await setSource(page, view, WITH_MISTAKES);
  await view.getByRole('button', { name: 'Compile', exact: true }).click();
  const messages = view.getByRole('list', { name: 'Compiler messages' });
  await messages.waitFor();
  await page.locator('.app__tutorial').evaluate((column) => column.scrollTo(0, 0));
  await save(page, 'program-compile-errors', view.getByRole('heading', { name: 'Your program' }));

  await view.getByRole('button', { name: 'Original text' }).click();
  await view.getByRole('button', { name: 'Run', exact: true }).click();
  await waitForTerminalText(view, /wrote u32 2026/);
  // While the writer is still attached (it stays 3 s): its column beside A and B.
  await page.waitForTimeout(1200);
  await save(page, 'program-run-attached', view.getByRole('list', { name: 'Running now' }));
  await view
    .getByRole('list', { name: 'Ended' })
    .getByText(/nattch went from/)
    .waitFor({ timeout: 20_000 });
  await save(page, 'program-run', view.getByRole('list', { name: 'Ended' }));

  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.locator('html[data-theme="dark"]').waitFor();
  await chooseStarter(view, 'Reader');
  await view.getByRole('button', { name: 'Run', exact: true }).click();
  await waitForTerminalText(view, /offset 16: u32 2026[\s\S]*offset 16: u32 2026/);
  await save(page, 'program-reader-dark', view.locator('.xterm'));
  await view.getByRole('button', { name: 'Stop', exact: true }).click();
  await view.getByText('The run is over: none of its processes is left.').waitFor();
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.locator('html[data-theme="light"]').waitFor();
  await view.getByRole('button', { name: 'Back to the tutorial' }).click();
}
