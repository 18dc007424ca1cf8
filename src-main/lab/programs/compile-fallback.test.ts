// Where unprivileged user namespaces are off (a sysctl, or AppArmor on Ubuntu 24.04), the
// namespace sandbox cannot be made and compiles fall back to Landlock. The test makes such a
// place for real: a user namespace whose max_user_namespaces is 0, entered with no capabilities,
// runs a process that compiles a source naming a 0600 file outside its folder.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skippableTitle } from '../../proc/fixtures/ipc-peer';
import { findOnPath } from './compiler';
import { NO_CC, hasCompiler } from './program-harness';

const unshare = findOnPath('unshare', process.env.PATH ?? '');
const setpriv = findOnPath('setpriv', process.env.PATH ?? '');
const canNest =
  unshare !== null && spawnSync(unshare, ['-Ur', 'true'], { stdio: 'ignore' }).status === 0;
const reason = !hasCompiler
  ? NO_CC
  : !canNest || setpriv === null
    ? 'needs util-linux unshare and setpriv, and user namespaces, to make a place without them'
    : '';

const secretDir = mkdtempSync(join(tmpdir(), 'shmlab-fallback-secret-'));
afterAll(() => rmSync(secretDir, { recursive: true, force: true }));

describe.skipIf(reason !== '')(
  skippableTitle('without user namespaces', reason !== '', reason),
  () => {
    it('compiles under Landlock, and the 0600 file stays unread', () => {
      const secret = join(secretDir, 'secret.txt');
      writeFileSync(secret, 'fallback secret 7d1c\n');
      chmodSync(secret, 0o600);
      const child = join(import.meta.dirname, 'fixtures', 'compile-fallback-child.ts');
      const script =
        'echo 0 > /proc/sys/user/max_user_namespaces && ' +
        'exec "$0" --bounding-set=-all --inh-caps=-all "$1" --import tsx "$2" "$3"';
      const run = spawnSync(
        unshare ?? 'unshare',
        ['-Ur', '/bin/sh', '-c', script, setpriv ?? 'setpriv', process.execPath, child, secret],
        { encoding: 'utf8', timeout: 120_000 },
      );
      expect(run.status).toBe(0);
      const answer = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as {
        ok?: boolean;
        output?: string;
        confinement?: string;
        code?: string;
      };
      expect(answer.confinement).toMatch(/^Landlock/);
      expect(answer.ok).toBe(false);
      expect(answer.output).toContain('Permission denied');
      expect(answer.output).not.toContain('fallback secret');
    });
  },
);
