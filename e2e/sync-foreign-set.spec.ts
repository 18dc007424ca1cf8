// Another program's semaphore set, opened by its key in pane 12: every change the sync panes make
// to it (SETVAL, P(), V(), a stepped P(), IPC_RMID) first asks, naming its owner; Cancel sends
// nothing, and the kernel's own value (ipcs) says so; confirming runs it. The Lab's own sets
// change at once, as before.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Locator } from '@playwright/test';
import { expect, snapshot, test } from './fixtures';
import { attachInPane, createSegment, waitForLab } from './helpers';
import { openPane } from './sync-helpers';

/** The sets this spec made with ipcmk, removed after each test whatever happened. */
const made = new Set<number>();

/** /proc/sysvipc/sem's rows for `semid` (none once it is gone). */
function procRows(semid: number): string[][] {
  return readFileSync('/proc/sysvipc/sem', 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[1] === String(semid));
}

/** Semaphore 0's value as `ipcs -s -i` prints it: the kernel's, not the page's. */
function semval(semid: number): number {
  const text = execFileSync('ipcs', ['-s', '-i', String(semid)], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
  });
  const row = text.split('\n').find((line) => /^0\s+\d+/.test(line));
  if (row === undefined) throw new Error(`ipcs -s -i ${semid} printed no semaphore 0:\n${text}`);
  return Number(row.trim().split(/\s+/)[1]);
}

/** Another program's set of one semaphore (value 0): ipcmk's, which the Lab did not create. */
function ipcmkSet(): { semid: number; key: string } {
  const printed = execFileSync('ipcmk', ['-S', '1'], { encoding: 'utf8' });
  const semid = Number(/(\d+)/.exec(printed)?.[1]);
  made.add(semid);
  const key = Number(procRows(semid)[0]?.[0]) >>> 0;
  return { semid, key: `0x${key.toString(16)}` };
}

test.afterEach(() => {
  for (const semid of made) {
    if (procRows(semid).length > 0) execFileSync('ipcrm', ['-s', String(semid)]);
  }
  made.clear();
});

/** The confirmation group of `what` on set `semid`, and its two answers. */
function confirmation(scope: Locator, what: string, semid: number) {
  const group = scope.getByRole('group', { name: `Confirm ${what} of semaphore set ${semid}` });
  const uid = process.getuid?.() ?? 0;
  return {
    group,
    cancel: group.getByRole('button', { name: 'Cancel', exact: true }),
    yes: (command: string) =>
      group.getByRole('button', {
        name: `Yes, run ${command} on uid ${uid}’s set ${semid}`,
        exact: true,
      }),
  };
}

test('another program’s semaphore set: SETVAL, P(), V() and IPC_RMID ask first, naming its owner', async ({
  app,
}) => {
  test.setTimeout(180_000);
  const uid = process.getuid?.() ?? 0;
  const { semid, key } = ipcmkSet();
  await waitForLab(app);
  // A segment in A and B, so the stepped program can run too.
  await createSegment(app, '64');
  await attachInPane(app, 'A');
  await attachInPane(app, 'B');

  // Pane 12: semget with the other program's key opens its set.
  let tutorial = await openPane(app, 12);
  await tutorial.getByRole('checkbox', { name: 'IPC_PRIVATE' }).uncheck();
  await tutorial.getByLabel('Semaphore key').fill(key);
  await tutorial.getByRole('button', { name: 'Run semget and SETVAL' }).click();
  await expect(tutorial.getByText('the key named a set that already existed')).toContainText(
    `semget returned ${semid}`,
  );
  await expect(tutorial.getByText('the key named a set that already existed')).toContainText(
    `owner uid ${uid}`,
  );

  // Pane 13: ipcmk left semaphore 0 at 0. V() in A asks first, naming the owner.
  tutorial = await openPane(app, 13);
  const panel = tutorial.getByRole('region', { name: 'Semaphore set' });
  const columnA = tutorial.getByRole('region', { name: "A's semaphore calls" });
  const button = (name: string) => columnA.getByRole('button', { name, exact: true });
  const statusA = tutorial.getByRole('status', { name: "A's semop" });
  const v = confirmation(columnA, "A's V() (semop)", semid);
  await button('A: V()').click();
  await expect(v.group).toContainText(
    `Semaphore set ${semid} was not created by ShmLab: it belongs to uid ${uid}, created by uid ${uid}`,
  );
  await expect(v.group).toContainText('the kernel keeps no creator pid for a semaphore set');
  await expect(v.group).toContainText('A’s V() is a semop of +1 on semaphore 0');
  await expect(v.cancel).toBeFocused();
  await app.setViewportSize({ width: 1024, height: 768 });
  await v.group.scrollIntoViewIfNeeded();
  await snapshot(app, 'pane 13: V() on another program’s set asks first (1024×768)');

  // Cancel sends nothing: focus goes back to V(), and the confirmed V() then finds 0 (a V()
  // sent on Cancel as well would leave 2).
  await v.cancel.click();
  await expect(v.group).toHaveCount(0);
  await expect(button('A: V()')).toBeFocused();
  await expect(statusA).toHaveCount(0);
  expect(semval(semid)).toBe(0);
  await button('A: V()').click();
  await v.yes('semop').click();
  await expect(statusA).toContainText(
    "A's V() returned at once: semop returned 0. Semaphore 0 is now 1",
  );
  expect(semval(semid)).toBe(1);

  // P() the same way (a P() sent on Cancel as well would make the confirmed one wait).
  const p = confirmation(columnA, "A's P() (semop)", semid);
  await button('A: P()').click();
  await expect(p.group).toContainText('A’s P() is a semop of −1 on semaphore 0');
  await p.cancel.click();
  await expect(p.group).toHaveCount(0);
  expect(semval(semid)).toBe(1);
  await button('A: P()').click();
  await p.yes('semop').click();
  await expect(statusA).toContainText(
    "A's P() returned at once: semop returned 0. Semaphore 0 is now 0",
  );
  expect(semval(semid)).toBe(0);

  // The pane offers SETVAL back to 1: it asks; after Cancel a confirmed V() finds 0 (a SETVAL
  // sent on Cancel would leave 2); confirmed, SETVAL writes the 1.
  const setval = tutorial.getByRole('button', { name: 'Set semaphore 0 to 1 (SETVAL)' });
  const reset = confirmation(tutorial, 'SETVAL', semid);
  await setval.click();
  await expect(reset.group).toContainText('SETVAL writes 1 into semaphore 0');
  await reset.cancel.click();
  await expect(reset.group).toHaveCount(0);
  await expect(setval).toBeFocused();
  await button('A: V()').click();
  await v.yes('semop').click();
  await expect(statusA).toContainText(
    "A's V() returned at once: semop returned 0. Semaphore 0 is now 1",
  );
  expect(semval(semid)).toBe(1);
  await button('A: P()').click();
  await p.yes('semop').click();
  await expect(panel.locator('[data-field="value-0"]')).toHaveText('0');
  await setval.click();
  await reset.yes('SETVAL').click();
  await expect(panel.locator('[data-field="value-0"]')).toHaveText('1');
  expect(semval(semid)).toBe(1);

  // A stepped P() in the protected program asks as well.
  const stepperA = tutorial.getByRole('region', { name: "A's instructions" });
  await stepperA.getByRole('button', { name: 'Step A: P', exact: true }).click();
  const stepped = confirmation(stepperA, "A's P() (semop)", semid);
  await stepped.cancel.click();
  expect(semval(semid)).toBe(1);
  await stepperA.getByRole('button', { name: 'Step A: P', exact: true }).click();
  await stepped.yes('semop').click();
  await expect(stepperA.getByRole('button', { name: 'Step A: load', exact: true })).toBeVisible();
  expect(semval(semid)).toBe(0);

  // Pane 12: IPC_RMID asks; Escape leaves the set (the confirmed IPC_RMID below would fail on a
  // set already gone), confirming removes it.
  tutorial = await openPane(app, 12);
  const remove = tutorial.getByRole('button', { name: `Remove set ${semid} (IPC_RMID)` });
  await remove.click();
  const rmid = confirmation(tutorial, 'IPC_RMID', semid);
  await expect(rmid.group).toContainText('every process sleeping in semop on it wakes with EIDRM');
  await expect(rmid.cancel).toBeFocused();
  await app.keyboard.press('Escape');
  await expect(rmid.group).toHaveCount(0);
  expect(procRows(semid)).toHaveLength(1);
  await remove.click();
  await rmid.yes('IPC_RMID').click();
  await expect(tutorial.getByText('IPC_RMID done: the set is gone at once.')).toBeVisible();
  expect(procRows(semid)).toHaveLength(0);

  // The Lab's own set changes at once, with no question.
  tutorial = await openPane(app, 13);
  await tutorial.getByRole('button', { name: 'Make a semaphore set (value 1)' }).click();
  await expect(panel.locator('[data-field="value-0"]')).toHaveText('1');
  const own = Number(await panel.locator('[data-field="semid"]').textContent());
  expect(own).not.toBe(semid);
  await columnA.getByRole('button', { name: 'A: P()', exact: true }).click();
  await expect(panel.locator('[data-field="value-0"]')).toHaveText('0');
  expect(semval(own)).toBe(0);
  await expect(tutorial.getByRole('group', { name: /^Confirm / })).toHaveCount(0);
});
