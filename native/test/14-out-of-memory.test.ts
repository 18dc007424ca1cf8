// No C++ exception aborts the process: allocations sized by a segment that is larger than the
// machine's memory fail as coded JS errors (ENOMEM or Node's own buffer codes). Watching needs no
// such allocation any more (its memory follows the window and the pages the segment has), so a
// watch of that segment works.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { forkFixture, nextMessage } from './children';
import { IPC_CREAT, IPC_EXCL, IPC_PRIVATE, adoptSegment, titleWithSkipReason } from './helpers';
import { sysvipcRow } from './proc';

/** SHM_NORESERVE (linux/shm.h): no swap space is reserved, so the size may exceed memory. */
const SHM_NORESERVE = 0o10000;
/**
 * 32 TiB fits the address space (a process may map 128 TiB without asking for high addresses on
 * x86-64 and arm64) but not memory: under overcommit policy 0 (heuristic) or 2 (strict) the kernel
 * refuses any single allocation larger than RAM plus swap, so a buffer sized by the segment fails
 * to allocate before a byte of it is touched.
 */
const HUGE = 32 * 2 ** 40;
const overcommit = readFileSync('/proc/sys/vm/overcommit_memory', 'utf8').trim();
// Policy 1 grants any allocation that fits the address space: a buffer as large as the segment
// would then be zero-filled page by page until the OOM killer stepped in.
const whyNot =
  overcommit === '1' ? 'vm.overcommit_memory is 1, so a 32 TiB allocation would not fail' : null;

interface Outcome {
  ok: boolean;
  code?: string;
  message?: string;
  length?: number | null;
}
type Results = Record<'watch' | 'residency' | 'read' | 'peek', Outcome>;

type Report = { results: Results } | { attach: Outcome };
const isReport = (message: unknown): message is Report =>
  typeof message === 'object' && message !== null && ('results' in message || 'attach' in message);

/** The raw shmget: index.js only takes IPC_CREAT, IPC_EXCL and permission bits. */
const binding = createRequire(import.meta.url)('../build/Release/shmlab.node') as {
  shmget(key: number, size: number, flags: number): number;
};

describe('out of memory', () => {
  const title =
    'residency or read of a 32 TiB segment fails with a code, a watch works; the process lives';
  it.skipIf(whyNot !== null)(
    titleWithSkipReason(title, whyNot !== null, whyNot ?? ''),
    async (context) => {
      let shmid: number;
      try {
        shmid = binding.shmget(IPC_PRIVATE, HUGE, IPC_CREAT | IPC_EXCL | SHM_NORESERVE | 0o600);
      } catch (error) {
        return context.skip(`this kernel refuses a 32 TiB segment: ${String(error)}`);
      }
      adoptSegment(shmid);
      const fixture = forkFixture('huge-child.cjs', [String(shmid)]);
      const report = await nextMessage(fixture, isReport);
      if ('attach' in report) {
        return context.skip(
          `a 32 TiB segment does not fit this address space: ${report.attach.code}`,
        );
      }
      const { results } = report;
      expect(results.watch).toMatchObject({ ok: true });
      // One byte per page is still more than a Buffer may hold: Node says so, before allocating.
      expect(results.residency).toMatchObject({ ok: false, code: 'ERR_BUFFER_TOO_LARGE' });
      expect(results.read).toMatchObject({ ok: false, code: 'ERR_OUT_OF_RANGE' });
      // The attachment is still fine after all that.
      expect(results.peek).toEqual({ ok: true, length: 64 });
      fixture.child.disconnect();
      expect(await fixture.exit()).toEqual({ code: 0, signal: null });
      // Nothing was touched: the segment still has no page in memory.
      expect(sysvipcRow(shmid)?.rss).toBe(0);
    },
  );
});
