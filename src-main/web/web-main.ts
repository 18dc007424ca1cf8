// `npm run web` (and `npm start` where Electron cannot start): the Lab and its
// children under plain Node, the renderer and the API served to a browser on
// 127.0.0.1.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { installShutdown } from '../lab/shutdown';
import { Lab } from '../lab/lab';
import { findProjectRoot } from '../lab/native';
import { NodeChildHost } from '../lab/node-child-host';
import { resolveChildEntry } from '../lab/child-host';
import { SegmentRegistry } from '../lab/registry';
import { openInBrowser } from './open-browser';
import type { WebHost } from './server';
import { startWebHost } from './server';

const USAGE =
  'Usage: npm run web -- [--port N] [--open] [--no-run]\n' +
  '  --port N  listen on 127.0.0.1:N (default 0: a free port)\n' +
  '  --open    also open the app in the default browser (xdg-open), with a one-time code\n' +
  '            in its address instead of the token\n' +
  '  --no-run  never run the C programs typed in the app (compiling still works);\n' +
  '            without it, anyone with the URL can run code as you\n';

let lab: Lab | null = null;
let host: WebHost | null = null;
// Installed before anything starts, so a failure at any point cleans up and says why.
const shutdown = installShutdown({
  dispose: () => lab?.dispose(),
  beforeExit: () => host?.close(),
});

function parseOptions(): { port: number; open: boolean; run: boolean } {
  let values: { port: string; open: boolean; 'no-run': boolean; help: boolean };
  try {
    values = parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        open: { type: 'boolean', default: false },
        'no-run': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) {
    process.stderr.write(
      `--port must be an integer from 0 to 65535 (0 picks a free port); got ${values.port}\n`,
    );
    process.exit(2);
  }
  return { port, open: values.open, run: !values['no-run'] };
}

async function main(): Promise<void> {
  const options = parseOptions();
  lab = await Lab.start({
    // This file is out/main/web.js in a build: the child is out/main/child.js.
    host: new NodeChildHost(resolveChildEntry(import.meta.dirname)),
    hostKind: 'web',
    registry: new SegmentRegistry(),
    runPrograms: options.run,
  });
  const removed = lab.sweptAtStart?.removed ?? [];
  if (removed.length > 0) {
    process.stdout.write(
      `Removed ${removed.length} segment(s) left by an earlier run that was killed.\n`,
    );
  }
  host = await startWebHost({
    lab,
    rendererDir: join(findProjectRoot(), 'out', 'renderer'),
    port: options.port,
  });
  process.stdout.write(
    `ShmLab is running in web mode. Open this URL in your browser:\n\n  ${host.url}\n\n` +
      'The token in it is a secret for this run: anyone who has the URL can use the Lab, ' +
      'from any number of tabs, until the host stops. Do not share it.\n' +
      'Press Ctrl+C to stop; the segments it created are removed.\n' +
      (options.run
        ? 'C programs typed in the app run as your user (start with --no-run to turn that off).\n'
        : 'Running C programs is turned off (--no-run).\n'),
  );
  // Not host.url: the opener's and the browser's arguments are in /proc for every user to read,
  // so they get a one-time code that only this user's browser can trade for the token.
  if (options.open) process.stdout.write(`${openInBrowser(host.openingUrl())}\n`);
}

main().catch((error: unknown) => shutdown.fail('could not start', error));
