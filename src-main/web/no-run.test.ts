// `npm run web -- --no-run`: the web host process itself, started with the flag, refuses to run
// programs through its API (E_RUN_DISABLED naming the flag) and says so in compilerInfo; without
// the flag, compilerInfo says running is on. --help lists the flag.
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { apiClient, openApi } from './test-client';

const webMain = join(import.meta.dirname, 'web-main.ts');

/** Starts web-main with `args`, runs `body` against its API, then stops it with SIGINT. */
async function withHost(
  args: string[],
  body: (call: ReturnType<typeof apiClient>['call'], banner: string) => Promise<void>,
): Promise<void> {
  const stateDir = mkdtempSync(join(tmpdir(), 'shmlab-web-no-run-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', webMain, ...args], {
    env: { ...process.env, SHMLAB_STATE_DIR: stateDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    let banner = '';
    let url: RegExpExecArray | null = null;
    for await (const line of createInterface({ input: child.stdout! })) {
      banner += `${line}\n`;
      url ??= /http:\/\/127\.0\.0\.1:(\d+)\/#token=([0-9a-f]{32})/.exec(line);
      if (url !== null && /C programs|Running C programs/.test(line)) break;
    }
    if (url === null) throw new Error(`the web host printed no URL:\n${banner}`);
    const socket = await openApi(Number(url[1]), url[2]!);
    try {
      await body(apiClient(socket).call, banner);
    } finally {
      socket.close();
    }
  } finally {
    child.kill('SIGINT');
    await exited;
    rmSync(stateDir, { recursive: true, force: true });
  }
}

describe('the web host and --no-run', () => {
  it('with --no-run: compilerInfo says so and runProgram is refused with E_RUN_DISABLED', async () => {
    await withHost(['--no-run'], async (call, banner) => {
      expect(banner).toContain('Running C programs is turned off (--no-run)');
      const info = await call('compilerInfo');
      expect(info).toMatchObject({ ok: true, value: { runDisabled: true } });
      const refused = await call('runProgram', { programId: 'p1' });
      expect(refused.ok).toBe(false);
      expect(refused.error).toMatchObject({ code: 'E_RUN_DISABLED' });
      expect(refused.error?.message).toContain('--no-run');
    });
  });

  it('without it: running is on, and the banner says programs run as this user', async () => {
    await withHost([], async (call, banner) => {
      expect(banner).toContain('C programs typed in the app run as your user');
      expect(await call('compilerInfo')).toMatchObject({ ok: true, value: { runDisabled: false } });
    });
  });

  it('--help lists --no-run', () => {
    const help = spawnSync(process.execPath, ['--import', 'tsx', webMain, '--help'], {
      encoding: 'utf8',
    });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--no-run\s+never run the C programs/);
  });
});
