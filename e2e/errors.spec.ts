import { expect, test } from './fixtures';
import { attachInPane, createSegment, goToStep, pane, waitForLab } from './helpers';

test('bad inputs get clear errors that say what is allowed', async ({ app }) => {
  await waitForLab(app);
  await createSegment(app, '4096');
  await attachInPane(app, 'A');
  const a = pane(app, 'A');

  // An offset past the end of a 4096-byte segment.
  await a.getByLabel('Offset for A').fill('4094');
  await a.getByLabel('Type for A').selectOption('u32');
  await a.getByLabel('Value for A').fill('1');
  await expect(a.getByText(/0 to 4092/).first()).toBeVisible();
  await expect(a.getByRole('button', { name: 'Write in A' })).toBeDisabled();

  // A value out of range for its type.
  await a.getByLabel('Offset for A').fill('0');
  await a.getByLabel('Type for A').selectOption('u8');
  await a.getByLabel('Value for A').fill('300');
  await expect(a.getByText(/300 is out of range for u8/)).toBeVisible();
  await expect(a.getByText(/0 to 255/).first()).toBeVisible();
  await expect(a.getByRole('button', { name: 'Write in A' })).toBeDisabled();

  // Step 5 checks its offset with the same parser and range check, in the same words.
  await goToStep(app, /Write in A, read in B/);
  const tutorial = app.getByRole('region', { name: 'Tutorial' });
  await tutorial.getByLabel('Offset').fill('0xffe');
  await expect(
    tutorial.getByText(
      '4 bytes at offset 4094 (0xffe) would end at 4098, past the end of the 4096-byte attachment; allowed offsets for 4 bytes: 0 to 4092 (0xffc).',
    ),
  ).toBeVisible();
  await tutorial.getByLabel('Offset').fill('-1');
  await expect(tutorial.getByText(/An offset cannot be negative \(-1\); allowed: /)).toBeVisible();
  await expect(tutorial.getByRole('button', { name: 'Store the value in A' })).toBeDisabled();
});

test('an unaligned address fails with EINVAL, explained; SHM_RND rounds it', async ({ app }) => {
  await waitForLab(app);
  await createSegment(app, '4096');
  const b = pane(app, 'B');
  await b.getByLabel('Requested address for B').fill('0x7e0000000123');
  await b.getByRole('button', { name: 'Attach (shmat) in B' }).click();
  const alert = b.getByRole('alert');
  await expect(alert).toContainText('EINVAL');
  await expect(alert).toContainText('shmat');
  await expect(alert).toContainText(/SHMLBA/);
  await b.getByLabel('Round down to SHMLBA (SHM_RND) for B').check();
  await b.getByRole('button', { name: 'Attach (shmat) in B' }).click();
  await expect(b.getByRole('status').filter({ hasText: '0x7e0000000000' }).first()).toBeVisible();
});

test('IPC_CREAT | IPC_EXCL on an existing key gives EEXIST, explained', async ({ app }) => {
  await waitForLab(app);
  await createSegment(app, '64');
  const tutorial = app.getByRole('region', { name: 'Tutorial' });
  await tutorial
    .getByRole('button', { name: 'Run shmget with IPC_CREAT | IPC_EXCL again' })
    .click();
  const alert = tutorial.getByRole('alert');
  await expect(alert).toContainText('EEXIST');
  await expect(alert).toContainText(/already exists/);
  // Said once: the title names the code, the detail only adds the system's words.
  expect(((await alert.innerText()).match(/EEXIST/g) ?? []).length).toBe(1);
  await expect(alert).toContainText('File exists');
});
