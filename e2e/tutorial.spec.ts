import { expect, snapshot, test } from './fixtures';
import { byteCell, freshKey, pane, waitForLab } from './helpers';

test('a learner steps through every pane, each running real syscalls', async ({ app }) => {
  await waitForLab(app);
  const tutorial = app.getByRole('region', { name: 'Tutorial' });
  const heading = (name: RegExp) => tutorial.getByRole('heading', { name });

  // 1. Two address spaces, drawn from each process's /proc/<pid>/maps.
  await expect(heading(/Two processes, two address spaces/)).toBeVisible();
  await tutorial.getByRole('button', { name: 'Read the maps of A and B' }).click();
  await expect(tutorial.getByText(/Process A \(pid \d+\): \d+ mappings/)).toBeVisible();
  await expect(tutorial.getByText(/Process B \(pid \d+\): \d+ mappings/)).toBeVisible();
  await snapshot(app, 'pane 1: two address spaces');

  // 2. shmget, moved to with the keyboard.
  await app.locator('body').press('ArrowRight');
  await expect(heading(/shmget: create a segment/)).toBeVisible();
  await tutorial.getByLabel('Key', { exact: true }).fill(freshKey());
  await tutorial.getByLabel('Size in bytes').fill('10000');
  await tutorial.getByRole('button', { name: 'Run shmget', exact: true }).click();
  const created = tutorial.getByRole('status').filter({ hasText: 'shmget returned' });
  await expect(created).toContainText(/3 whole pages of 4096 bytes = 12288 bytes/);
  await tutorial
    .getByRole('button', { name: 'Run shmget with IPC_CREAT | IPC_EXCL again' })
    .click();
  await expect(tutorial.getByRole('alert')).toContainText('EEXIST');
  await snapshot(app, 'pane 2: shmget and EEXIST');

  // 3. shmat in A.
  await app.getByRole('button', { name: /Next/ }).click();
  await expect(heading(/shmat in A/)).toBeVisible();
  await tutorial.getByRole('button', { name: 'Run shmat in A' }).click();
  const attachedA = tutorial.getByRole('status').filter({ hasText: 'shmat returned' });
  await expect(attachedA).toBeVisible();
  const baseA = /returned (0x[0-9a-f]+)/.exec((await attachedA.textContent()) ?? '')?.[1];
  await expect(tutorial.getByText(/\/SYSV[0-9a-f]{8} \(deleted\)/).first()).toBeVisible();
  await snapshot(app, 'pane 3: shmat in A');

  // 4. shmat in B: another address, the same segment.
  await app.getByRole('button', { name: /Next/ }).click();
  await tutorial.getByRole('button', { name: 'Run shmat in B' }).click();
  const attachedB = tutorial.getByRole('status').filter({ hasText: 'shmat returned' });
  await expect(attachedB).toContainText(`A has the same segment at ${baseA}`);
  const baseB = /returned (0x[0-9a-f]+)/.exec((await attachedB.textContent()) ?? '')?.[1];
  expect(baseB).not.toBe(baseA);
  await snapshot(app, 'pane 4: shmat in B');

  // 5. Write in A, read in B: the same offset, two addresses, with the real sums.
  await app.getByRole('button', { name: /Next/ }).click();
  await tutorial.getByLabel('Offset').fill('16');
  await tutorial.getByLabel('u32 value').fill('42');
  const sumA = (BigInt(baseA!) + 16n).toString(16);
  const sumB = (BigInt(baseB!) + 16n).toString(16);
  await expect(
    tutorial.getByText(new RegExp(`base_A \\+ offset = .* = 0x0*${sumA}`)),
  ).toBeVisible();
  await expect(
    tutorial.getByText(new RegExp(`base_B \\+ offset = .* = 0x0*${sumB}`)),
  ).toBeVisible();
  await tutorial.getByRole('button', { name: 'Store the value in A' }).click();
  await expect(tutorial.getByRole('status').filter({ hasText: 'A wrote 4 bytes' })).toBeVisible();
  await tutorial.getByRole('button', { name: 'Load it in B' }).click();
  await expect(tutorial.getByRole('status').filter({ hasText: 'B read 42' })).toContainText(
    `0x${sumB}`,
  );
  await expect(byteCell(app, 'B', 16)).toHaveText('2a');
  await snapshot(app, 'pane 5: write in A, read in B');

  // 6. Live: both panes write; each change is reported by the other process.
  await app.getByRole('button', { name: /Next/ }).click();
  const b = pane(app, 'B');
  await b.getByLabel('Offset for B').fill('40');
  await b.getByLabel('Type for B').selectOption('ascii');
  await b.getByLabel('Value for B').fill('ok');
  await b.getByRole('button', { name: 'Write in B' }).click();
  await expect(byteCell(app, 'A', 40)).toHaveText('6f');
  const log = tutorial.getByRole('table', { name: 'Changes the processes reported' });
  await expect(log.getByRole('row').filter({ hasText: /^A\s*40/ })).toHaveCount(1);
  await snapshot(app, 'pane 6: live');

  // 7. shmdt in A: nattch drops, the segment stays.
  await app.getByRole('button', { name: /Next/ }).click();
  await expect(tutorial.getByText(/nattch = 2/)).toBeVisible();
  await tutorial.getByRole('button', { name: 'Run shmdt in A' }).click();
  await expect(tutorial.getByText(/nattch = 1/)).toBeVisible();
  await expect(tutorial.getByText('In A’s maps: no /SYSV region')).toBeVisible();
  await snapshot(app, 'pane 7: shmdt');

  // 8. IPC_RMID while B is attached: SHM_DEST, key 0; gone after the last detach.
  await app.getByRole('button', { name: /Next/ }).click();
  await tutorial.getByRole('button', { name: 'Run shmctl IPC_RMID' }).click();
  await expect(tutorial.getByText(/SHM_DEST: set/)).toBeVisible();
  await expect(tutorial.getByText('0x00000000')).toBeVisible();
  await pane(app, 'B').getByRole('button', { name: 'Detach (shmdt) in B' }).click();
  await expect(tutorial.getByText(/is gone/)).toBeVisible();
  await snapshot(app, 'pane 8: IPC_RMID');

  // 9. What next: the race needs a fresh segment in both.
  await app.getByRole('button', { name: /Next/ }).click();
  await expect(heading(/races and semaphores/)).toBeVisible();
  await expect(tutorial.getByRole('button', { name: 'Race A and B' })).toBeDisabled();
  await snapshot(app, 'pane 9: what next');

  // Any pane can be revisited and shows the current state.
  await app.locator('body').press('Home');
  await expect(heading(/Two processes, two address spaces/)).toBeVisible();
});
