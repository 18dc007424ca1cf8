import { execFileSync } from 'node:child_process';
import { expect, test } from './fixtures';
import { waitForLab } from './helpers';
import { makeSemaphoreSet, openPane } from './sync-helpers';

interface IpcsSemaphore {
  fields: Record<string, string>;
  rows: Record<string, string>[];
}

/** `ipcs -s -i <semid>`, parsed: the name=value and name = value fields, and the table. */
function ipcsSemaphore(semid: number): IpcsSemaphore {
  const text = execFileSync('ipcs', ['-s', '-i', String(semid)], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
  });
  const fields: Record<string, string> = {};
  const rows: Record<string, string>[] = [];
  let columns: string[] | null = null;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (columns !== null) {
      const cells = line.trim().split(/\s+/);
      rows.push(Object.fromEntries(columns.map((name, i) => [name, cells[i] ?? ''])));
    } else if (line.startsWith('semnum')) {
      columns = line.trim().split(/\s+/);
    } else if (/^\w+ = /.test(line)) {
      const [name, value] = line.split(' = ');
      fields[name!] = value!.trim();
    } else {
      for (const match of line.matchAll(/(\w+)=([^,\s]+)/g)) fields[match[1]!] = match[2]!;
    }
  }
  return { fields, rows };
}

test('the semaphore panel shows what ipcs -s -i prints at the same moment', async ({ app }) => {
  await waitForLab(app);
  // Pane 13, so the set has a semop behind it (otime and pid set).
  const tutorial = await openPane(app, 13);
  const semid = await makeSemaphoreSet(tutorial);
  const panel = tutorial.getByRole('region', { name: 'Semaphore set' });
  await tutorial
    .getByRole('region', { name: "A's semaphore calls" })
    .getByRole('button', { name: 'A: P()', exact: true })
    .click();
  await expect(panel.locator('[data-field="value-0"]')).toHaveText('0');
  await expect(panel.locator('[data-field="otime"]')).not.toHaveText('Not set');

  const header = ['semid', 'uid', 'gid', 'cuid', 'cgid', 'mode', 'access_perms', 'nsems'];
  await expect(async () => {
    const ipcs = ipcsSemaphore(semid);
    for (const name of [...header, 'otime', 'ctime']) {
      const shown = (await panel.locator(`[data-field="${name}"]`).textContent())?.trim();
      expect(shown, name).toBe(ipcs.fields[name]);
    }
    expect(ipcs.rows).toHaveLength(1);
    for (const column of ['semnum', 'value', 'ncount', 'zcount', 'pid']) {
      const shown = (await panel.locator(`[data-field="${column}-0"]`).textContent())?.trim();
      expect(shown, column).toBe(ipcs.rows[0]![column]);
    }
  }).toPass({ timeout: 5000 });
  // What the kernel holds after A's P(): 0, last touched by A.
  const ipcs = ipcsSemaphore(semid);
  expect(ipcs.rows[0]!.value).toBe('0');
  expect(ipcs.fields.semid).toBe(String(semid));
});
