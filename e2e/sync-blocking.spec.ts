import { readFileSync } from 'node:fs';
import { expect, snapshot, test } from './fixtures';
import { attachInPane, createSegment, pane, waitForLab } from './helpers';
import {
  makeSemaphoreSet,
  openPane,
  resetProgram,
  stepProcess,
  threadStateLetter,
} from './sync-helpers';

test('pane 13: B sleeps in P() as /proc shows it, with semncnt 1, and wakes on A’s V()', async ({
  app,
}) => {
  await waitForLab(app);
  const tutorial = await openPane(app, 13);
  await makeSemaphoreSet(tutorial);
  const panel = tutorial.getByRole('region', { name: 'Semaphore set' });
  const columnA = tutorial.getByRole('region', { name: "A's semaphore calls" });
  const columnB = tutorial.getByRole('region', { name: "B's semaphore calls" });

  await columnA.getByRole('button', { name: 'A: P()', exact: true }).click();
  await expect(tutorial.getByRole('status', { name: "A's semop" })).toContainText(
    "A's P() returned at once",
  );
  await expect(panel.locator('[data-field="value-0"]')).toHaveText('0');

  await columnB.getByRole('button', { name: 'B: P()', exact: true }).click();
  const waiting = tutorial
    .getByRole('status', { name: "B's semop" })
    .filter({ hasText: 'has not returned' });
  await expect(waiting).toContainText('The set shows semncnt = 1 on semaphore 0.');
  await expect(panel.locator('[data-field="ncount-0"]')).toHaveText('1');
  // The state shown is the kernel's: read the same /proc file here and compare.
  const text = (await waiting.textContent()) ?? '';
  const match = /\/proc\/(\d+)\/task\/(\d+)\/stat says state (\w)/.exec(text);
  expect(match, text).not.toBeNull();
  const [, pid, tid, letter] = match!;
  expect(letter).toBe('S');
  expect(text).toContain('sleeping');
  expect(Number(pid)).toBe(
    Number(/pid (\d+)/.exec((await pane(app, 'B').textContent()) ?? '')?.[1]),
  );
  expect(threadStateLetter(Number(pid), Number(tid))).toBe('S');
  await snapshot(app, 'pane 13: B blocked in P()');

  await columnA.getByRole('button', { name: 'A: V()', exact: true }).click();
  await expect(tutorial.getByRole('status', { name: "B's semop" })).toContainText(
    'B woke up by itself',
  );
  await expect(panel.locator('[data-field="ncount-0"]')).toHaveText('0');
  await expect(panel.locator('[data-field="value-0"]')).toHaveText('0');
  // B holds the lock now; its V() frees it.
  await columnB.getByRole('button', { name: 'B: V()', exact: true }).click();
  await expect(panel.locator('[data-field="value-0"]')).toHaveText('1');
});

test('pane 13: the protected increment, interleaved, loses nothing', async ({ app }) => {
  await waitForLab(app);
  await createSegment(app, '64');
  await attachInPane(app, 'A');
  await attachInPane(app, 'B');
  const tutorial = await openPane(app, 13);
  await makeSemaphoreSet(tutorial);
  await resetProgram(tutorial);

  await stepProcess(tutorial, 'A', 'P');
  await stepProcess(tutorial, 'A', 'load');
  // B comes to P() while A holds the lock: the kernel makes it wait.
  await stepProcess(tutorial, 'B', 'P', true);
  await expect(tutorial.getByRole('button', { name: 'Step B: P', exact: true })).toBeDisabled();
  await stepProcess(tutorial, 'A', 'add');
  await stepProcess(tutorial, 'A', 'store');
  await stepProcess(tutorial, 'A', 'V');
  // A's V() wakes B, whose program moves on by itself.
  await expect(tutorial.getByRole('button', { name: 'Step B: load', exact: true })).toBeEnabled();
  await stepProcess(tutorial, 'B', 'load');
  await expect(tutorial.locator('[data-field="register-B"]')).toHaveText('1');
  await stepProcess(tutorial, 'B', 'add');
  await stepProcess(tutorial, 'B', 'store');
  await stepProcess(tutorial, 'B', 'V');
  await expect(
    tutorial.getByRole('status', { name: /What happened to the counter/ }),
  ).toContainText('2 increments stored: the counter went from 0 to 2, none lost.');
});

test('pane 13: removing the set wakes the sleeping B with EIDRM, and the pane says so', async ({
  app,
}) => {
  await waitForLab(app);
  let tutorial = await openPane(app, 13);
  const semid = await makeSemaphoreSet(tutorial);
  await tutorial.getByRole('button', { name: 'A: P()', exact: true }).click();
  await expect(tutorial.getByRole('status', { name: "A's semop" })).toContainText('at once');
  await tutorial.getByRole('button', { name: 'B: P()', exact: true }).click();
  await expect(tutorial.getByRole('status', { name: "B's semop" })).toContainText(
    'has not returned',
  );

  tutorial = await openPane(app, 12);
  await tutorial.getByRole('button', { name: `Remove set ${semid} (IPC_RMID)` }).click();
  await expect(tutorial.getByRole('status').filter({ hasText: 'IPC_RMID done' })).toBeVisible();
  await expect(tutorial.getByRole('region', { name: 'Semaphore set' })).toContainText(
    `IPC_STAT of semid ${semid} failed`,
  );

  tutorial = await openPane(app, 13);
  await expect(tutorial.getByRole('status', { name: "B's semop" })).toContainText(
    'The set was removed (IPC_RMID) while B waited: its semop returned EIDRM',
  );
  // The way forward: a new set.
  await expect(
    tutorial.getByRole('button', { name: 'Make a semaphore set (value 1)' }),
  ).toBeVisible();
  // And the kernel no longer has it.
  expect(readFileSync('/proc/sysvipc/sem', 'utf8')).not.toMatch(
    new RegExp(`^\\s*\\S+\\s+${semid}\\s`, 'm'),
  );
});
