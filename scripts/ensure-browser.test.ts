// `npm run browser` as a real process, in an environment where nothing can be found or
// installed: PATH is an empty folder (no browser, no apt-get), Playwright's folder is empty and
// its download host is a closed port on loopback, so nothing leaves the machine.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const projectRoot = join(import.meta.dirname, '..');
const script = join(import.meta.dirname, 'ensure-browser.ts');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the script under exactly `env` (nothing inherited) and collects what it printed. */
function ensureBrowser(env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: projectRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A loopback port nothing listens on: one the kernel just gave a server that is now closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

let root: string;
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'shmlab-ensure-browser-'));
  const emptyPath = join(root, 'bin');
  const browsers = join(root, 'ms-playwright');
  mkdirSync(emptyPath);
  mkdirSync(browsers);
  env = {
    PATH: emptyPath,
    HOME: root,
    TMPDIR: tmpdir(),
    PLAYWRIGHT_BROWSERS_PATH: browsers,
    PLAYWRIGHT_DOWNLOAD_HOST: `http://127.0.0.1:${await closedPort()}`,
  };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('npm run browser', () => {
  it('with nothing found and nothing installable, prints one line and exits 1', async () => {
    const run = await ensureBrowser(env);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    const line = lines[0] ?? '';
    expect(line).toMatch(/^No Chromium for the e2e specs /);
    // It says why each way of installing was passed over, and what to install.
    expect(line).toContain('is not reachable (ECONNREFUSED)');
    expect(line).toContain('google-chrome on PATH (none)');
    expect(line).toContain('no apt-get on PATH');
    expect(line).toContain('sudo apt-get install chromium');
    expect(line).toContain('npx playwright install --with-deps chromium');
  });

  it('finds a Chromium on PATH and says which, installing nothing', async () => {
    const bin = env.PATH ?? '';
    const chromium = join(bin, 'chromium');
    writeFileSync(chromium, '#!/bin/sh\necho Chromium 156.0.8078.129\n');
    chmodSync(chromium, 0o755);
    const run = await ensureBrowser(env);
    expect(run).toEqual({
      status: 0,
      stdout: `e2e browser: ${chromium} (Chromium 156.0.8078.129; from PATH)\n`,
      stderr: '',
    });
  });

  it("with none found, installs Debian's package through apt-get and takes what it put on PATH", async () => {
    const bin = env.PATH ?? '';
    const calls = join(root, 'apt-get-calls');
    // A stand-in apt-get: it logs its arguments and, asked to install, puts a Chromium on PATH
    // (chmod by its full path: PATH holds only this folder).
    writeFileSync(
      join(bin, 'apt-get'),
      [
        '#!/bin/sh',
        `echo "$*" >> '${calls}'`,
        `if [ "$1" = install ]; then printf '#!/bin/sh\\necho Chromium 156.0\\n' > '${bin}/chromium'; /bin/chmod 755 '${bin}/chromium'; fi`,
        '',
      ].join('\n'),
    );
    chmodSync(join(bin, 'apt-get'), 0o755);
    // Not root: a stand-in sudo that runs the command it is given, as sudo -n VAR=value does.
    writeFileSync(
      join(bin, 'sudo'),
      '#!/bin/sh\nwhile [ "$1" = -n ] || [ "${1#*=}" != "$1" ]; do shift; done\nexec "$@"\n',
    );
    chmodSync(join(bin, 'sudo'), 0o755);
    const run = await ensureBrowser(env);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`e2e browser: ${join(bin, 'chromium')} (Chromium 156.0; from PATH)\n`);
    expect(run.stderr).toContain("No Chromium found; installing Debian's chromium with");
    expect(readFileSync(calls, 'utf8')).toBe('update -qq\ninstall -y -qq chromium\n');
  });

  it('with CHROMIUM_PATH naming no browser, installs nothing and says so in one line', async () => {
    const run = await ensureBrowser({ ...env, CHROMIUM_PATH: join(root, 'no-such-chromium') });
    expect(run.status).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^CHROMIUM_PATH is .*no-such-chromium, which is not a runnable/);
  });

  it('runs first in `npm test` and `npm run test:e2e`, so a failure stops both before any test', () => {
    const { scripts } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.browser).toBe('tsx scripts/ensure-browser.ts');
    expect(scripts.test).toMatch(/^npm run browser && /);
    expect(scripts['test:e2e']).toMatch(/^npm run browser && /);
  });
});
