// The command line of `npm run bench`: which parts to run.
import { parseArgs } from 'node:util';

/**
 * Every part of the bench, in the order a full run takes them. The timing parts come first: the
 * memory part touches and frees gigabytes, and the machine part makes 1000 segments and
 * processes; the kernel's work after those (reclaim, page-cache churn) is not ours to time.
 */
export const BENCH_PARTS = [
  'lab',
  'ui',
  'facts',
  'load',
  'burst',
  'idle',
  'memory',
  'machine',
] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];

const USAGE =
  `usage: npm run bench [-- --only <part>[,<part>…]]; parts: ${BENCH_PARTS.join(', ')} ` +
  '(--only may be repeated; without it every part runs)';

/** The parts `args` asks for, in run order; throws an Error naming the allowed parts. */
export function parseBenchArgs(args: readonly string[]): BenchPart[] {
  let only: string[] | undefined;
  try {
    ({
      values: { only },
    } = parseArgs({
      args: [...args],
      options: { only: { type: 'string', multiple: true } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`);
  }
  if (only === undefined) return [...BENCH_PARTS];
  const asked = only.flatMap((value) => value.split(',')).map((part) => part.trim());
  const unknown = asked.filter((part) => !(BENCH_PARTS as readonly string[]).includes(part));
  if (unknown.length > 0 || asked.length === 0) {
    throw new Error(`unknown bench part ${JSON.stringify(unknown.join(','))}\n${USAGE}`);
  }
  return BENCH_PARTS.filter((part) => asked.includes(part));
}
