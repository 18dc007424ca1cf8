// What the machine-view specs share: another user's segment made by a real process (uid 65534,
// running a world-readable copy of the addon), the kernel tools' own tables (`ipcs`), the view's
// tables as the page shows them, and a count of the machine() commands the page sends.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from '@playwright/test';
import { projectRoot } from './web-host';

/** A world-readable copy of the addon (its loader modules and the built binary). */
interface Stage {
  /** The copy's native/ folder. */
  root: string;
  remove(): void;
}

/**
 * Copies the addon where uid 65534 can load it: the checkout may sit in a 0700 folder (/root, a
 * mktemp -d), which another uid cannot enter. (native/test/stage.ts does the same for the vitest
 * suites; Playwright loads native/ as CommonJS, so its named exports are not reachable here.)
 */
function stageAddon(): Stage {
  const top = mkdtempSync(join(tmpdir(), 'shmlab-e2e-stage-'));
  const native = join(projectRoot, 'native');
  const loaders = readdirSync(native).filter((name) => name.endsWith('.js'));
  for (const file of [...loaders, 'build/Release/shmlab.node']) {
    const target = join(top, 'native', file);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(native, file), target);
    chmodSync(target, 0o644);
  }
  for (const dir of ['', 'native', 'native/build', 'native/build/Release'])
    chmodSync(join(top, dir), 0o755);
  return { root: join(top, 'native'), remove: () => rmSync(top, { recursive: true, force: true }) };
}

/** The uid and gid the foreign writer runs as (nobody on Debian). */
export const OTHER_UID = 65534;

/** Every segment a writer made, removed by removeForeignSegments whatever happened. */
const made = new Set<number>();
let stage: Stage | null = null;

/** A process of another uid that made a segment and wrote `text` at its offset 0. */
export interface ForeignWriter {
  shmid: number;
  pid: number;
  /** Whether it still has the segment attached (until `finish`). */
  attached: boolean;
  /** Detaches and exits (the segment stays until removed). */
  finish(): Promise<void>;
}

/**
 * Starts a Node process as uid 65534 that creates a `pages`-page segment (mode `mode`), writes
 * `text` at offset 0, prints the shmid, then either detaches and exits (`stay` false) or stays
 * attached until `finish`. The shmid is recorded the moment it is printed.
 */
export async function startForeignWriter(
  text: string,
  options: { pages?: number; mode?: number; stay?: boolean } = {},
): Promise<ForeignWriter> {
  const { pages = 2, mode = 0o644, stay = true } = options;
  stage ??= stageAddon();
  const script = [
    `const n = require(${JSON.stringify(join(stage.root, 'index.js'))});`,
    `const id = n.shmget(0, ${pages} * n.constants.pageSize, n.constants.IPC_CREAT | ${mode});`,
    'const a = n.shmat(id);',
    `a.write(0, Buffer.from(${JSON.stringify(text)}));`,
    `if (!${stay}) a.detach();`,
    'process.stdout.write(id + "\\n");',
    `if (${stay}) process.stdin.on('end', () => { a.detach(); process.exit(0); }).resume();`,
  ].join('\n');
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['-e', script], {
    uid: OTHER_UID,
    gid: OTHER_UID,
    cwd: '/',
    stdio: 'pipe',
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((done) => child.once('close', () => done()));
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    void exited.then(() => reject(new Error(`the foreign writer exited: ${stderr}`)));
  });
  const shmid = Number(first);
  made.add(shmid);
  const writer: ForeignWriter = {
    shmid,
    pid: child.pid!,
    attached: stay,
    finish: async () => {
      child.stdin.end();
      await exited;
      writer.attached = false;
    },
  };
  if (!stay) await exited;
  return writer;
}

/** ipcrm of every segment a writer made, and the staged addon removed. For finally / afterAll. */
export function removeForeignSegments(): void {
  for (const shmid of made) {
    try {
      execFileSync('ipcrm', ['-m', String(shmid)], { stdio: 'ignore' });
    } catch {
      // Already removed by the test itself.
    }
  }
  made.clear();
  stage?.remove();
  stage = null;
}

/** Whether `ipcs -m` lists the shmid now. */
export function ipcsHas(shmid: number): boolean {
  return ipcs('m').some((row) => row.shmid === String(shmid));
}

/** One row of `ipcs -m`, `-s` or `-q`, by its header names. */
export type IpcsRow = Record<string, string>;

/**
 * `ipcs -<kind>` parsed by its header line (key, shmid/semid/msqid, owner, perms, …). Columns are
 * separated by spaces; the last one (status of -m) may be empty.
 */
export function ipcs(kind: 'm' | 's' | 'q'): IpcsRow[] {
  const text = execFileSync('ipcs', [`-${kind}`], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
  });
  const lines = text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('---'));
  const header = lines.shift()?.trim().split(/\s+/) ?? [];
  return lines.map((line) => {
    const cells = line.trim().split(/\s+/);
    return Object.fromEntries(header.map((name, index) => [name, cells[index] ?? '']));
  });
}

/** The rows a machine-view table shows now (gone ones left out), cell text by column id. */
export async function tableRows(page: Page, label: string): Promise<Record<string, string>[]> {
  return page
    .getByRole('table', { name: label, exact: true })
    .locator('tbody tr[data-key][data-gone="false"]')
    .evaluateAll((rows) =>
      rows.map((row) =>
        Object.fromEntries(
          [...row.querySelectorAll<HTMLElement>('td[data-col]')].map((cell) => [
            cell.dataset.col,
            cell.textContent ?? '',
          ]),
        ),
      ),
    );
}

/** Counts the machine() commands the page sends over the web host's socket from now on. */
export function countMachineCommands(page: Page): { readonly count: number } {
  const counter = { count: 0 };
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      if (typeof payload === 'string' && payload.includes('"command":"machine"'))
        counter.count += 1;
    }),
  );
  return counter;
}
