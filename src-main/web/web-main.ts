// `npm run web`: the Lab and its children under plain Node, the renderer and
// the API served to a browser on 127.0.0.1.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { installShutdown } from '../lab/shutdown';
import { Lab } from '../lab/lab';
import { findProjectRoot } from '../lab/native';
import { NodeChildHost } from '../lab/node-child-host';
import { resolveChildEntry } from '../lab/child-host';
import { SegmentRegistry } from '../lab/registry';
import { startWebHost } from './server';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '0' }, help: { type: 'boolean', default: false } },
});
if (values.help) {
  process.stdout.write('Usage: npm run web -- [--port N]   (default: a free port)\n');
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(
    `--port must be an integer from 0 to 65535 (0 picks a free port); got ${values.port}\n`,
  );
  process.exit(2);
}

const lab = await Lab.start({
  // This file is out/main/web.js in a build: the child is out/main/child.js.
  host: new NodeChildHost(resolveChildEntry(import.meta.dirname)),
  hostKind: 'web',
  registry: new SegmentRegistry(),
});
const removed = lab.sweptAtStart?.removed ?? [];
if (removed.length > 0) {
  process.stdout.write(
    `Removed ${removed.length} segment(s) left by an earlier run that was killed.\n`,
  );
}
const host = await startWebHost({
  lab,
  rendererDir: join(findProjectRoot(), 'out', 'renderer'),
  port,
});
installShutdown(lab, () => host.close());
process.stdout.write(
  `ShmLab is running. Open this URL in your browser (it includes a one-time token):\n\n  ${host.url}\n\nPress Ctrl+C to stop; the segments it created are removed.\n`,
);
