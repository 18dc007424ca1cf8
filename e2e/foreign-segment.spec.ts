// A segment another program made, as a systems programmer meets it in ShmLab: attached by id,
// read-only by default, writable only by an explicit choice that names its owner, removed only
// after a confirmation that names its owner and its attached processes.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, snapshot, test } from './fixtures';
import { attachInPane, createSegment, pane, waitForLab } from './helpers';
import { projectRoot } from './web-host';

const nativeIndex = join(projectRoot, 'native', 'index.js');

/** Runs `body` in another Node process with the addon as `n`; returns what it printed. */
function inOtherProcess(body: string): string {
  const script = `const n = require(${JSON.stringify(nativeIndex)});\n${body}`;
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
}

/** What `ipcs -m -i` says of a segment, or '' once it is gone. */
function ipcs(shmid: number): string {
  try {
    return execFileSync('ipcs', ['-m', '-i', String(shmid)], {
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C' },
    });
  } catch {
    return '';
  }
}

test('another program’s segment: read-only by default, write access and IPC_RMID only when asked', async ({
  app,
}) => {
  // Another program: makes a one-page segment, writes a greeting into it, detaches and exits.
  const foreign = Number(
    inOtherProcess(
      'const id = n.shmget(0, n.constants.pageSize, n.constants.IPC_CREAT | 0o600);' +
        "const a = n.shmat(id); a.write(0, Buffer.from('hello from elsewhere')); a.detach();" +
        'process.stdout.write(String(id));',
    ),
  );
  try {
    await waitForLab(app);
    const own = await createSegment(app, '10000');
    await attachInPane(app, 'B');

    const a = pane(app, 'A');
    await a.getByLabel('Segment id for A').fill(String(foreign));
    const note = a.getByRole('note').filter({ hasText: 'was not created by ShmLab' });
    await expect(note).toContainText(`Segment ${foreign} was not created by ShmLab`);
    await expect(note).toContainText('read-only (SHM_RDONLY) unless you choose write access');
    const writeAccess = a.getByRole('checkbox', { name: /Write access to this segment of uid/ });
    await expect(writeAccess).not.toBeChecked();

    // Default: read-only, and A reads the other program's bytes from its own mapping.
    await a.getByRole('button', { name: 'Attach (shmat) in A' }).click();
    await expect(a.getByRole('status').filter({ hasText: 'shmat returned' })).toContainText(
      '(read-only)',
    );
    await expect(a.getByLabel('Attachment in A')).toContainText('read-only (SHM_RDONLY)');
    await expect(a.getByText('already has segment')).toHaveCount(0);

    // The panel follows both segments, and says who created each.
    const panel = app.getByRole('region', { name: 'Segment' });
    const foreignCard = panel.getByRole('article', { name: new RegExp(`Segment ${foreign}\\b`) });
    const ownCard = panel.getByRole('article', { name: new RegExp(`Segment ${own}\\b`) });
    await expect(foreignCard).toContainText('another process, not ShmLab');
    await expect(foreignCard).toContainText('attached in A');
    await expect(ownCard).toContainText('the ShmLab host');
    await expect(ownCard).toContainText('attached in B');
    // The diagram draws A's pages of the foreign segment and B's of the tutorial's, with frames.
    const table = app.getByRole('table', { name: `Pages of shmid ${foreign}` });
    await expect(table).toBeVisible();
    await expect(app.getByRole('table', { name: `Pages of shmid ${own}` })).toBeVisible();
    await snapshot(app, 'foreign segment attached read-only in A');

    // Write access: an explicit choice, then a read-write attach.
    await a.getByRole('button', { name: 'Detach (shmdt) in A' }).click();
    await expect(a.getByText('not attached')).toBeVisible();
    await writeAccess.check();
    await a.getByRole('button', { name: 'Attach (shmat) in A' }).click();
    await expect(a.getByLabel('Attachment in A')).toContainText('read-write');

    // IPC_RMID asks first, naming the owner and who has it attached.
    await foreignCard.getByRole('button', { name: `Remove ${foreign} (IPC_RMID)` }).click();
    const confirm = foreignCard.getByRole('group', {
      name: `Confirm IPC_RMID of segment ${foreign}`,
    });
    await expect(confirm).toContainText(/belongs to uid \d+ \(created by uid \d+, pid \d+\)/);
    await expect(confirm).toContainText(/Attached now in A \(pid \d+\)/);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toHaveCount(0);
    // SHM_DEST (01000) shows in ipcs's mode once IPC_RMID ran.
    expect(ipcs(foreign)).toMatch(/mode=0?[0-7]{3}\s/);

    await foreignCard.getByRole('button', { name: `Remove ${foreign} (IPC_RMID)` }).click();
    await snapshot(app, 'confirmation before IPC_RMID of a foreign segment');
    await confirm.getByRole('button', { name: /^Yes, run IPC_RMID on uid \d+’s segment/ }).click();
    await expect(foreignCard.getByRole('status')).toContainText(
      'IPC_RMID done: marked for destruction',
    );
    expect(ipcs(foreign)).toMatch(/mode=01[0-7]{3}\s/);
  } finally {
    inOtherProcess(`try { n.shmctl(${foreign}, 'IPC_RMID'); } catch {}`);
  }
});
