// The two ways `npm test` gets a Chromium when the machine has none, in the order Playwright's
// own `install --with-deps` would: Playwright's download where its CDN answers, then the
// distribution's package through apt-get (with sudo when not root).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { onPath } from './chromium';

/** What one way of installing did: installed, or why it was not (for the final message). */
export type Attempt = { installed: true } | { installed: false; why: string };

/** Playwright's default CDN; its env variables move the download elsewhere, as they move ours. */
const PLAYWRIGHT_CDN = 'https://cdn.playwright.dev';
/** A CDN that does not accept a connection within this is treated as unreachable. */
const PROBE_TIMEOUT_MS = 5_000;
/** Playwright's own idle-socket timeout for the download (its default is 30 s, tried 5 times). */
const DOWNLOAD_CONNECTION_TIMEOUT_MS = '15000';

/** Resolves with undefined once a TCP connection to `host`:`port` opens, or the reason it did not. */
export function probe(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (why: string | undefined): void => {
      socket.destroy();
      resolve(why);
    };
    socket.setTimeout(timeoutMs, () => finish(`no answer within ${timeoutMs / 1000} s`));
    socket.once('connect', () => finish(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
  });
}

/** The download host Playwright would use for Chromium under `env`. */
export function playwrightDownloadHost(env: NodeJS.ProcessEnv): URL {
  const host = env.PLAYWRIGHT_CHROMIUM_DOWNLOAD_HOST || env.PLAYWRIGHT_DOWNLOAD_HOST;
  return new URL(host || PLAYWRIGHT_CDN);
}

/** True when the download would go through a proxy, which a direct probe cannot judge. */
function usesProxy(env: NodeJS.ProcessEnv): boolean {
  return [env.HTTPS_PROXY, env.https_proxy, env.HTTP_PROXY, env.http_proxy].some(
    (proxy) => proxy !== undefined && proxy !== '',
  );
}

/**
 * `playwright install chromium`, after a 5 s probe of the download host, so that a machine
 * without a route to it moves on at once instead of after Playwright's five slow retries.
 */
export async function downloadPlaywrightChromium(env: NodeJS.ProcessEnv): Promise<Attempt> {
  const host = playwrightDownloadHost(env);
  if (!usesProxy(env)) {
    const port = Number(host.port || (host.protocol === 'http:' ? 80 : 443));
    const unreachable = await probe(host.hostname, port, PROBE_TIMEOUT_MS);
    if (unreachable !== undefined) {
      return {
        installed: false,
        why: `Playwright's download host ${host.host} is not reachable (${unreachable})`,
      };
    }
  }
  process.stderr.write(`No Chromium found; downloading Playwright's from ${host.host}\n`);
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  const run = spawnSync(process.execPath, [cli, 'install', 'chromium'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...env,
      PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT:
        env.PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT ?? DOWNLOAD_CONNECTION_TIMEOUT_MS,
    },
  });
  return run.status === 0
    ? { installed: true }
    : { installed: false, why: `\`playwright install chromium\` failed (exit ${run.status})` };
}

/** How to run apt-get as root here: directly, through sudo, or not at all (and why). */
export function aptGetCommand(
  env: NodeJS.ProcessEnv,
  uid: number,
  interactive: boolean,
): { command: string[] } | { why: string } {
  const aptGet = onPath('apt-get', env.PATH);
  if (aptGet === undefined) return { why: 'no apt-get on PATH' };
  if (uid === 0) return { command: [aptGet] };
  const sudo = onPath('sudo', env.PATH);
  if (sudo === undefined) return { why: 'apt-get needs root, and there is no sudo on PATH' };
  // Without a terminal nobody can type a password: -n fails at once instead of waiting forever.
  return {
    command: [sudo, ...(interactive ? [] : ['-n']), 'DEBIAN_FRONTEND=noninteractive', aptGet],
  };
}

/** `apt-get update` and `apt-get install chromium`, as root or through sudo. */
export function installDebianChromium(env: NodeJS.ProcessEnv): Attempt {
  const apt = aptGetCommand(env, process.getuid?.() ?? -1, process.stdin.isTTY === true);
  if ('why' in apt) return { installed: false, why: apt.why };
  const [program, ...prefix] = apt.command;
  if (program === undefined) return { installed: false, why: 'no apt-get command' };
  process.stderr.write(`No Chromium found; installing Debian's chromium with ${program}\n`);
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'chromium'],
  ]) {
    const run = spawnSync(program, [...prefix, ...args], {
      stdio: ['inherit', 'inherit', 'inherit'],
      env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (run.status !== 0) {
      return {
        installed: false,
        why: `\`${apt.command.join(' ')} ${args.join(' ')}\` failed (exit ${run.status})`,
      };
    }
  }
  return { installed: true };
}
