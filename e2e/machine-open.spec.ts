// From a row of the machine view to the lab: another user's segment opened read-only in A shows
// its bytes and its frames; write access, IPC_RMID and IPC_SET of it go through confirmations that
// name its owner and who maps it; a segment that vanished between the list and the click is
// refused in words and marked gone.
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { expect, snapshot, test } from './fixtures';
import { byteCell, pane, waitForLab } from './helpers';
import { ipcs, removeForeignSegments, startForeignWriter } from './machine-helpers';

test.afterEach(() => removeForeignSegments());

async function openMachineView(app: Page): Promise<void> {
  await app.getByRole('button', { name: 'This machine' }).click();
  await expect(app.getByText(/Live: read at/)).toBeVisible();
}

function segmentRow(app: Page, shmid: number) {
  return app.locator(`tr[data-key="shm:${shmid}"]`);
}

async function expand(app: Page, shmid: number): Promise<void> {
  await app.getByRole('button', { name: `Details of segment ${shmid}` }).click();
  await expect(app.getByRole('heading', { name: `Who uses segment ${shmid}` })).toBeVisible();
}

test('another user’s segment opened read-only in A shows its bytes and its frames', async ({
  app,
}) => {
  const writer = await startForeignWriter('hello from uid 65534');
  try {
    await waitForLab(app);
    await openMachineView(app);
    await expand(app, writer.shmid);
    const mappers = app.getByRole('table', { name: `Processes that map segment ${writer.shmid}` });
    await expect(mappers.locator(`tr[data-pid="${writer.pid}"]`)).toContainText('nobody');
    await expect(
      app.getByText('The kernel counts 1 attachment; it is visible to the Lab.'),
    ).toBeVisible();

    await app.getByRole('button', { name: 'Open in A read-only' }).click();
    await expect(app.getByRole('status').filter({ hasText: 'Opened in A at' })).toContainText(
      '(read-only, SHM_RDONLY)',
    );
    await expect(pane(app, 'A').getByLabel('Attachment in A')).toContainText(
      'read-only (SHM_RDONLY)',
    );
    // A reads the other user's bytes from its own mapping: 'h' (0x68) 'e' (0x65) at 0 and 1.
    await expect(byteCell(app, 'A', 0)).toHaveText('68');
    await expect(byteCell(app, 'A', 1)).toHaveText('65');
    // Its pages in the diagram: page 0 has a frame in the segment (the other process wrote it),
    // but none in A's page table, for A never touched it: showing its bytes left no entry.
    const pages = app.getByRole('table', { name: `Pages of shmid ${writer.shmid}` });
    await expect(
      pages.locator('tr[data-page="0"] td[data-process="A"][data-present]'),
    ).toHaveAttribute('data-present', 'false');
    // The row now says A maps it, and the kernel counts both attachments.
    await expect(segmentRow(app, writer.shmid).locator('[data-col="lab"]')).toHaveText('in A');
    await expect(segmentRow(app, writer.shmid).locator('[data-col="nattch"]')).toHaveText('2');
    await expect(mappers.locator('tr', { hasText: 'read-only' })).toContainText('A');
    // The segment panel follows it too, as another process's segment.
    const card = app
      .getByRole('region', { name: 'Segment' })
      .getByRole('article', { name: new RegExp(`Segment ${writer.shmid}\\b`) });
    await expect(card).toContainText('another process, not ShmLab');
    await snapshot(app, 'a foreign segment opened read-only in A from the machine view');
  } finally {
    await writer.finish();
  }
});

test('write access, IPC_RMID and IPC_SET of a foreign segment ask first, naming owner and mappers', async ({
  app,
}) => {
  const writer = await startForeignWriter('owned by nobody');
  try {
    await waitForLab(app);
    await openMachineView(app);
    await expand(app, writer.shmid);

    await app.getByRole('button', { name: 'Open in B with write access…' }).click();
    const confirm = app.getByRole('group', {
      name: `Confirm write access to segment ${writer.shmid} in B`,
    });
    await expect(confirm).toContainText(
      `belongs to uid 65534 (nobody), created by pid ${writer.pid}`,
    );
    await expect(confirm).toContainText(`pid ${writer.pid} (node, nobody, read-write)`);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toHaveCount(0);
    await expect(pane(app, 'B').getByText('not attached')).toBeVisible();

    await app.getByRole('button', { name: 'Open in B with write access…' }).click();
    await confirm
      .getByRole('button', {
        name: `Yes, open uid 65534 (nobody)’s segment ${writer.shmid} read-write in B`,
      })
      .click();
    await expect(pane(app, 'B').getByLabel('Attachment in B')).toContainText('read-write');
    await expect(byteCell(app, 'B', 0)).toHaveText('6f');

    // IPC_STAT in the segment panel's card, live; IPC_RMID asks, naming every mapper.
    await app.getByRole('button', { name: `IPC_STAT of ${writer.shmid}` }).click();
    const stat = app
      .getByRole('article', { name: new RegExp(`Segment ${writer.shmid}\\b`) })
      .first();
    await expect(stat.locator('[data-field="uid"]')).toHaveText('65534');
    await expect(stat.locator('[data-field="cpid"]')).toHaveText(String(writer.pid));
    await expect(stat.locator('[data-field="nattch"]')).toHaveText('2');
    // IPC_SET asks too, with the same words; cancelled here.
    await stat.getByLabel('New mode (octal)').fill('600');
    await stat.getByRole('button', { name: `Set mode of ${writer.shmid} (IPC_SET)` }).click();
    const ipcSet = stat.getByRole('group', { name: `Confirm IPC_SET of segment ${writer.shmid}` });
    await expect(ipcSet).toContainText(`Mapped now by B (pid`);
    await ipcSet.getByRole('button', { name: 'Cancel' }).click();
    await expect(stat.locator('[data-field="access_perms"]')).toHaveText('0644');
    await stat.getByRole('button', { name: `Remove ${writer.shmid} (IPC_RMID)` }).click();
    const rmid = stat.getByRole('group', { name: `Confirm IPC_RMID of segment ${writer.shmid}` });
    await expect(rmid).toContainText('belongs to uid 65534');
    await expect(rmid).toContainText(
      /Mapped now by B \(pid \d+, node, root, read-write\) and pid \d+ \(node, nobody, read-write\)/,
    );
    await expect(rmid).toContainText(
      'The kernel counts 2 attachments; all 2 are visible to the Lab.',
    );
    await snapshot(app, 'IPC_RMID of a foreign segment asks first');
    await rmid.getByRole('button', { name: /^Yes, run IPC_RMID on uid 65534’s segment/ }).click();
    // SHM_DEST: the row says dest, as ipcs does, and the segment lives on while attached.
    await expect(segmentRow(app, writer.shmid).locator('[data-col="status"]')).toHaveText('dest');
    expect(ipcs('m').find((row) => row.shmid === String(writer.shmid))?.status).toBe('dest');
  } finally {
    await writer.finish();
  }
});

test('a segment that vanished between the list and the click is refused in words and marked gone', async ({
  app,
}) => {
  await waitForLab(app);
  await openMachineView(app);
  const reads = app.getByText(/Live: read at/);
  // The view refreshes every second: remove the segment just after a refresh and click before the
  // next one (a few tries, in case a refresh slips in between on a loaded machine).
  for (let attempt = 1; ; attempt += 1) {
    const writer = await startForeignWriter('about to vanish', { stay: false });
    await expand(app, writer.shmid);
    const open = app.getByRole('button', { name: 'Open in A read-only' });
    await expect(open).toBeEnabled();
    const seen = await reads.textContent();
    await expect(reads).not.toHaveText(seen ?? '');
    execFileSync('ipcrm', ['-m', String(writer.shmid)]);
    const clicked = await open.click({ timeout: 500 }).then(
      () => true,
      () => false,
    );
    if (clicked) {
      // The click beat the next refresh: refused in words, and the row is marked gone after.
      await expect(
        app.getByText(`Segment ${writer.shmid} vanished between the list and your click`),
      ).toBeVisible();
      await expect(app.getByRole('alert')).toContainText(/E_NO_SUCH_SEGMENT|EINVAL|EIDRM/);
      await expect(segmentRow(app, writer.shmid)).toHaveAttribute('data-gone', 'true');
      // The answer stays beside the gone row.
      await expect(
        app.getByText(`Segment ${writer.shmid} vanished between the list and your click`),
      ).toBeVisible();
      await snapshot(app, 'a segment that vanished between the list and the click');
      return;
    }
    expect(attempt, 'a refresh came between ipcrm and the click every time').toBeLessThan(5);
    await app.getByRole('button', { name: `Details of segment ${writer.shmid}` }).click();
  }
});
