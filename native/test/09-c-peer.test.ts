// A C program and Node share one segment: C creates and removes it, Node reads and writes it.
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { SHM_DEST, adoptSegment, attach, shm, titleWithSkipReason } from './helpers';
import { cPeer, hasCompiler, noCompiler } from './c-peer';
import { lineReader } from './lines';
import { listedShmids } from './proc';

const warningFlags = ['-Wall', '-Wextra', '-Wpedantic'];
const program = cPeer('peer.c', warningFlags);

describe('a C peer', () => {
  it.skipIf(!hasCompiler)(
    titleWithSkipReason(
      `compiles with ${warningFlags.join(' ')} and no warning`,
      !hasCompiler,
      noCompiler,
    ),
    () => {
      expect(program.build()).toMatchObject({ status: 0, stderr: '' });
    },
  );

  it.skipIf(!hasCompiler)(
    titleWithSkipReason(
      'reads what C wrote, and C reads what Node wrote, through their own mappings',
      !hasCompiler,
      noCompiler,
    ),
    async () => {
      expect(program.build()?.status, program.build()?.stderr).toBe(0);
      const peer = program.start();
      let stderr = '';
      peer.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const exited = new Promise<number | null>((resolve) => peer.once('exit', resolve));
      const nextLine = lineReader(peer);

      const shmid = Number(await nextLine());
      expect(Number.isSafeInteger(shmid)).toBe(true);
      adoptSegment(shmid);
      const stat = shm.shmctl(shmid, 'IPC_STAT');
      expect(stat).toMatchObject({ segsz: 64, cpid: peer.pid, nattch: 1 });

      const attachment = attach(shmid);
      const little = endianness() === 'LE';
      const header = attachment.read(0, 64);
      expect(little ? header.readInt32LE(0) : header.readInt32BE(0)).toBe(100);
      expect(header.subarray(4, 4 + 13).toString('latin1')).toBe('hello from C\0');

      const update = Buffer.alloc(4 + 16);
      if (little) update.writeInt32LE(-4242, 0);
      else update.writeInt32BE(-4242, 0);
      update.write('hello from Node\0', 4, 'latin1');
      attachment.write(0, update);
      peer.stdin.write('\n');

      expect(await nextLine()).toBe('value=-4242 text=hello from Node');
      expect(await exited, stderr).toBe(0);
      expect(stderr).toBe('');

      // C detached and removed it; this process's attachment keeps it alive, marked.
      expect(shm.shmctl(shmid, 'IPC_STAT')).toMatchObject({ nattch: 1, mode: SHM_DEST | 0o600 });
      expect(attachment.read(4, 15).toString('latin1')).toBe('hello from Node');
      attachment.detach();
      expect(listedShmids()).not.toContain(shmid);
    },
  );
});
