// Steps the synchronisation specs (and the README screenshots) share: each drives the UI the
// way a learner would. Plain Playwright waits, no `expect`, so a script can use them too.
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';

export function tutorialOf(page: Page): Locator {
  return page.getByRole('region', { name: 'Tutorial' });
}

/** Opens pane `number` from the stepper. */
export async function openPane(page: Page, number: number): Promise<Locator> {
  await page
    .getByRole('navigation', { name: 'Tutorial steps' })
    .getByRole('button', { name: new RegExp(`^${number} `) })
    .click();
  const tutorial = tutorialOf(page);
  await tutorial.getByText(`Step ${number}`, { exact: true }).waitFor();
  return tutorial;
}

/** Through the pane's own offer: a private set of one semaphore, value 1. Returns its semid. */
export async function makeSemaphoreSet(tutorial: Locator): Promise<number> {
  await tutorial.getByRole('button', { name: 'Make a semaphore set (value 1)' }).click();
  const panel = tutorial.getByRole('region', { name: 'Semaphore set' });
  await panel.locator('[data-field="value-0"]').filter({ hasText: /^1$/ }).waitFor();
  return Number(await panel.locator('[data-field="semid"]').textContent());
}

/**
 * Clicks the button that runs `name`'s next instruction, `op`, and waits for the process's
 * answer: the button names the following instruction, or (`waits`) the column says it sleeps.
 */
export async function stepProcess(
  tutorial: Locator,
  name: 'A' | 'B',
  op: string,
  waits = false,
): Promise<void> {
  const column = tutorial.getByRole('region', { name: `${name}'s instructions` });
  const button = column.getByRole('button', { name: `Step ${name}: ${op}`, exact: true });
  await button.click();
  if (waits) await column.getByRole('status').filter({ hasText: 'has not returned' }).waitFor();
  else await button.waitFor({ state: 'detached' });
}

/** The Reset of a stepped program: counter 0, both registers empty. */
export async function resetProgram(tutorial: Locator): Promise<void> {
  await tutorial.getByRole('button', { name: 'Reset: counter = 0, registers empty' }).click();
  await tutorial.getByText(/both registers are empty; B reads the counter as 0/).waitFor();
}

/** Field 3 of /proc/<pid>/task/<tid>/stat, read by the test itself: the thread's state letter. */
export function threadStateLetter(pid: number, tid: number): string {
  const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: split after it.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '';
}
