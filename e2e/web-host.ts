// The built web host (`node out/main/web.js`) as a child process, for the
// specs, the benchmarks and the README screenshots; and the few UI steps
// they share.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from '@playwright/test';

export const projectRoot = resolve(import.meta.dirname, '..');
export const webMain = join(projectRoot, 'out', 'main', 'web.js');

export interface RunningWebHost {
  /** The URL it printed, with its token. */
  url: string;
  child: ChildProcess;
  /** Ctrl+C: the host removes its segments and stops its children; resolves on exit. */
  stop(): Promise<void>;
}

/** Starts the host (with `args`, such as --open) and resolves once it printed its URL. */
export async function startWebHost(
  env: NodeJS.ProcessEnv = process.env,
  args: string[] = [],
): Promise<RunningWebHost> {
  const child = spawn(process.execPath, [webMain, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  for await (const line of createInterface({ input: child.stdout! })) {
    const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(line);
    if (match !== null) {
      return {
        url: match[1]!,
        child,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
          await exited;
        },
      };
    }
  }
  throw new Error('the web host exited before printing its URL');
}

/** Through the UI: a private segment of `size` bytes, attached in A and in B. */
export async function attachFreshSegmentInBoth(page: Page, size = '4096'): Promise<void> {
  await page.getByText('connected', { exact: true }).waitFor();
  await page
    .getByRole('navigation', { name: 'Tutorial steps' })
    .getByRole('button', { name: /shmget/ })
    .click();
  const tutorial = page.getByRole('region', { name: 'Tutorial' });
  await tutorial.getByRole('checkbox', { name: 'IPC_PRIVATE' }).check();
  await tutorial.getByLabel('Size in bytes').fill(size);
  await tutorial.getByRole('button', { name: 'Run shmget', exact: true }).click();
  await tutorial.getByRole('status').filter({ hasText: 'shmget returned' }).waitFor();
  for (const name of ['A', 'B']) {
    const pane = page.getByRole('region', { name: `Process ${name}` });
    await pane.getByRole('button', { name: `Attach (shmat) in ${name}` }).click();
    await pane
      .getByText(/0x[0-9a-f]{12}/)
      .first()
      .waitFor();
  }
}
