import { execFileSync } from 'node:child_process';
import { expect, test } from './fixtures';
import { attachInPane, createSegment, waitForLab } from './helpers';

/** The fields of `ipcs -m -i <id>`, by name. */
function ipcsFields(shmid: number): Record<string, string> {
  const text = execFileSync('ipcs', ['-m', '-i', String(shmid)], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
  });
  // Fields are separated by tabs, and the time fields fill the rest of their line: a date such
  // as "Sun Dec  6 20:14:24 2026" has two spaces inside it on the 1st to the 9th of a month.
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    for (const part of line.split('\t')) {
      const match = /^(\w+)=(.*)$/.exec(part.trim());
      if (match !== null) fields[match[1]!] = match[2]!.trim();
    }
  }
  return fields;
}

test('the segment panel shows what ipcs -m -i prints at the same moment', async ({ app }) => {
  await waitForLab(app);
  const shmid = await createSegment(app, '10000');
  await attachInPane(app, 'A');
  const panel = app.getByRole('region', { name: 'Segment' });
  await expect(panel.locator('[data-field="nattch"]')).toHaveText('1');
  const names = [
    'uid',
    'gid',
    'cuid',
    'cgid',
    'mode',
    'access_perms',
    'bytes',
    'lpid',
    'cpid',
    'nattch',
    'att_time',
    'det_time',
    'change_time',
  ];
  await expect(async () => {
    const fromIpcs = ipcsFields(shmid);
    for (const name of names) {
      const shown = (await panel.locator(`[data-field="${name}"]`).textContent())?.trim();
      expect(shown, name).toBe(fromIpcs[name]);
    }
  }).toPass({ timeout: 5000 });
  expect(ipcsFields(shmid).bytes).toBe('10000');
});
