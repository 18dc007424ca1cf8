// Debian Chromium as a learner runs it, for the page benchmarks' measured part: a plain
// process with a DevTools port, driven over one raw CDP connection that uses Runtime.evaluate
// and nothing else. Playwright sets the page up, then lets go before anything is timed: while
// Playwright is attached, its Network domain reports every WebSocket frame to the driver (in
// the renderer, the browser process and the pipe to Playwright), which cost each write about
// half a millisecond of the figure on this 2-core machine, a cost no learner's browser pays.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';

/** A running Chromium and the port its DevTools listen on. */
export interface BareChromium {
  /** http://127.0.0.1:<port>, for Playwright's connectOverCDP. */
  endpoint: string;
  close(): Promise<void>;
}

/** The one thing the measured part does with the page: evaluate an expression, awaited. */
export interface BarePage {
  evaluate(expression: string): Promise<unknown>;
  close(): void;
}

/** Whether any process of the group `pgid` is still alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts Chromium headless with one blank page of `width` × `height`. */
export async function launchBareChromium(width: number, height: number): Promise<BareChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'shmlab-bench-chromium-'));
  const child: ChildProcess = spawn(
    process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    [
      '--headless',
      // Root cannot run Chromium's sandbox; the page is our own, from loopback.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      '--no-first-run',
      '--no-default-browser-check',
      `--window-size=${width},${height}`,
      'about:blank',
    ],
    // Its own process group, so closing it stops its helpers too (they write to the profile).
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
    await exited;
    // Its helpers may outlive it for a moment, still writing to the profile: wait them out.
    for (let tries = 0; tries < 100 && groupAlive(child.pid!); tries += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
  };
  for await (const line of createInterface({ input: child.stderr! })) {
    const match = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(line);
    if (match !== null) return { endpoint: `http://127.0.0.1:${match[1]}`, close };
  }
  await close();
  throw new Error('Chromium exited before it printed its DevTools address');
}

interface CdpReply {
  id: number;
  result?: {
    result?: { value?: unknown };
    exceptionDetails?: { text?: string; exception?: { description?: string } };
  };
  error?: { message: string };
}

/** Opens a raw CDP connection to the browser's first page. */
export async function openBarePage(browser: BareChromium): Promise<BarePage> {
  const targets = (await (await fetch(`${browser.endpoint}/json/list`)).json()) as {
    type: string;
    webSocketDebuggerUrl: string;
  }[];
  const target = targets.find((candidate) => candidate.type === 'page');
  if (target === undefined) throw new Error('Chromium has no page to measure in');
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const waiting = new Map<number, (reply: CdpReply) => void>();
  socket.on('message', (data) => {
    const reply = JSON.parse(String(data)) as CdpReply;
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  let nextId = 1;
  return {
    evaluate: async (expression) => {
      const id = nextId++;
      const reply = await new Promise<CdpReply>((resolve) => {
        waiting.set(id, resolve);
        socket.send(
          JSON.stringify({
            id,
            method: 'Runtime.evaluate',
            params: { expression, awaitPromise: true, returnByValue: true },
          }),
        );
      });
      if (reply.error !== undefined) throw new Error(`CDP: ${reply.error.message}`);
      const thrown = reply.result?.exceptionDetails;
      if (thrown !== undefined)
        throw new Error(`in the page: ${thrown.exception?.description ?? thrown.text ?? '?'}`);
      return reply.result?.result?.value;
    },
    close: () => socket.close(),
  };
}
