// Pane 16, ftok for real: the key the pane shows is the one a C program's ftok prints for the same
// file and id (compiled and run through the program view), the key's pieces come from the file's
// real inode and device, and shmget with the key finds the same segment twice, as `ipcs -m` lists.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { goToStep, waitForLab } from './helpers';
import { ipcs } from './machine-helpers';
import { hasCc, waitForTerminal } from './program-helpers';

test('the pane’s key is built from the file and finds the same segment twice', async ({ app }) => {
  // A file of this test's own, so no other run on the machine has a segment with its key.
  const dir = mkdtempSync(join(tmpdir(), 'shmlab-ftok-e2e-'));
  const file = join(dir, 'agreed-on');
  writeFileSync(file, 'both programs know this file\n');
  try {
    await waitForLab(app);
    await goToStep(app, /^16 /);
    const tutorial = app.getByRole('region', { name: 'Tutorial' });
    await tutorial.getByLabel('Path').fill(file);
    await tutorial.getByLabel('Project id').fill("'N'");
    await tutorial.getByRole('button', { name: 'Run ftok' }).click();
    const keyText = (await tutorial.locator('[data-field="key"]').textContent()) ?? '';
    expect(keyText).toMatch(/^0x[0-9a-f]{8}$/);
    // glibc's recipe, from stat(2) read here: 'N' = 0x4e, then st_dev's and st_ino's low bits.
    const stat = statSync(file, { bigint: true });
    const expected = (0x4en << 24n) | ((stat.dev & 0xffn) << 16n) | (stat.ino & 0xffffn);
    expect(BigInt(keyText)).toBe(expected);
    await expect(tutorial.getByRole('list', { name: 'How the key is built' })).toContainText(
      `st_ino ${stat.ino}`,
    );
    await expect(
      tutorial.getByRole('note').filter({ hasText: 'the key ftok returned' }),
    ).toBeVisible();

    await tutorial.getByRole('button', { name: /IPC_CREAT \| 0600\)$/ }).click();
    const created = Number(await tutorial.locator('[data-field="created"]').textContent());
    await tutorial.getByRole('button', { name: /again, without IPC_CREAT$/ }).click();
    await expect(tutorial.locator('[data-field="found"]')).toHaveText(String(created));
    await expect(tutorial.getByText('the same id.', { exact: false })).toBeVisible();
    // ipcs lists one segment with this key: the one both calls returned.
    const rows = ipcs('m').filter((row) => BigInt(row.key ?? '0') === BigInt(keyText));
    expect(rows.map((row) => Number(row.shmid))).toEqual([created]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.describe('the same in C', () => {
  test.skip(!hasCc(), 'no C compiler (cc) on PATH: the C program cannot be built here');

  test('a C program prints the pane’s key and finds the pane’s segment', async ({ app }) => {
    const dir = mkdtempSync(join(tmpdir(), 'shmlab-ftok-e2e-'));
    const file = join(dir, 'agreed-on');
    writeFileSync(file, 'both programs know this file\n');
    try {
      await waitForLab(app);
      await goToStep(app, /^16 /);
      const tutorial = app.getByRole('region', { name: 'Tutorial' });
      await tutorial.getByLabel('Path').fill(file);
      await tutorial.getByLabel('Project id').fill('78');
      await tutorial.getByRole('button', { name: 'Run ftok' }).click();
      const keyText = (await tutorial.locator('[data-field="key"]').textContent()) ?? '';
      await tutorial.getByRole('button', { name: /IPC_CREAT \| 0600\)$/ }).click();
      const created = Number(await tutorial.locator('[data-field="created"]').textContent());

      // The ftok starting program, with the same path and id as its arguments.
      await tutorial
        .getByRole('button', { name: 'Open the ftok program in the program view' })
        .click();
      const view = app.getByRole('region', { name: 'Your program' });
      await expect(view).toBeVisible();
      await expect(view.getByLabel('Starting program')).toHaveValue('ftok');
      await view.getByLabel('Arguments').fill(`${file} 78`);
      await view.getByRole('button', { name: 'Run', exact: true }).click();
      const screen = await waitForTerminal(view, /again = -?\d+/, 30_000);
      const printed = new RegExp(`ftok\\("${file}", 78\\) = (0x[0-9a-f]{8})`).exec(screen);
      expect(printed?.[1]).toBe(keyText);
      // It found the pane's segment (made by the Lab), and created none.
      expect(screen).toContain(`= ${created} (found an existing segment)`);
      expect(screen).toContain(`again = ${created}`);

      // Back in the pane: it compared what the program printed with its own key.
      await view.getByRole('button', { name: 'Back to the tutorial' }).click();
      await expect(
        tutorial.getByRole('status').filter({ hasText: 'Your program printed' }),
      ).toContainText(`= ${keyText}: the same key as the Lab's ftok`);
      await expect(
        tutorial.getByRole('status').filter({ hasText: 'Its shmget with that key returned' }),
      ).toContainText(`returned ${created}: the segment the Lab's shmget made or found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
