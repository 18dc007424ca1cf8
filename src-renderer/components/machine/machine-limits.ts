// The machine's System V limits (/proc/sys/kernel) against what is in use now, each as a ratio
// a bar can draw. SHMMAX and SHMALL come as decimal strings (their defaults are near 2^64), so
// the arithmetic is done in BigInt and only the ratio becomes a float.
import type { MachineSnapshot } from '../../../src-main/common/api';
import { plural } from './machine-format';

/** One limit and how much of it is used. */
export interface LimitUsage {
  /** The kernel's name of the limit ('SHMMNI'). */
  name: string;
  /** What it limits, in words. */
  meaning: string;
  used: bigint;
  limit: bigint;
  /** used / limit, from 0 to 1 (more only if the limit was lowered below what exists). */
  ratio: number;
  /** '3 of 4096 segments'. */
  text: string;
}

function usage(
  name: string,
  meaning: string,
  used: bigint,
  limit: bigint,
  unit: string,
): LimitUsage {
  // 2^64-scale limits lose digits as floats, but a ratio does not need them.
  const ratio = limit === 0n ? 0 : Number(used) / Number(limit);
  return {
    name,
    meaning,
    used,
    limit,
    ratio,
    // Digits as the kernel prints them (no separators), so they compare with ipcs -l at a glance.
    text: `${used} of ${limit} ${unit}`,
  };
}

const biggest = (values: readonly number[]): bigint => BigInt(Math.max(0, ...values));

/** Every limit the view shows, in the order ipcs -l lists them. */
export function limitUsages(snapshot: MachineSnapshot): LimitUsage[] {
  const { limits, segments, semaphoreSets, messageQueues } = snapshot;
  return [
    usage(
      'SHMMNI',
      'segments on the machine',
      BigInt(segments.length),
      BigInt(limits.shmmni),
      'segments',
    ),
    usage(
      'SHMALL',
      `pages (of ${limits.pageSize} B) all segments take, system-wide`,
      BigInt(limits.shmPagesUsed),
      BigInt(limits.shmall),
      'pages',
    ),
    usage(
      'SHMMAX',
      'bytes of the largest segment, against the most one segment may have',
      biggest(segments.map((s) => s.size)),
      BigInt(limits.shmmax),
      'bytes',
    ),
    usage(
      'SEMMNI',
      'semaphore sets on the machine',
      BigInt(semaphoreSets.length),
      BigInt(limits.semmni),
      'sets',
    ),
    usage(
      'SEMMNS',
      'semaphores in all sets',
      BigInt(limits.semsUsed),
      BigInt(limits.semmns),
      'semaphores',
    ),
    usage(
      'SEMMSL',
      'semaphores of the largest set, against the most one set may have',
      biggest(semaphoreSets.map((s) => s.nsems)),
      BigInt(limits.semmsl),
      'semaphores',
    ),
    usage(
      'MSGMNI',
      'message queues on the machine',
      BigInt(messageQueues.length),
      BigInt(limits.msgmni),
      'queues',
    ),
    usage(
      'MSGMNB',
      'bytes in the fullest queue, against the most one queue may hold',
      biggest(messageQueues.map((q) => q.cbytes)),
      BigInt(limits.msgmnb),
      'bytes',
    ),
  ];
}

/** A ratio as a percentage a reader can trust: '0 %', '< 0.01 %', '12.5 %'. */
export function percentText(ratio: number): string {
  if (ratio === 0) return '0 %';
  const percent = ratio * 100;
  if (percent < 0.01) return '< 0.01 %';
  if (percent < 10) return `${Number(percent.toFixed(2))} %`;
  return `${Number(percent.toFixed(1))} %`;
}

/** The heading's summary: '12 segments, 3 semaphore sets, 0 message queues, 2 POSIX objects'. */
export function countsText(snapshot: MachineSnapshot): string {
  return [
    plural(snapshot.segments.length, 'segment'),
    plural(snapshot.semaphoreSets.length, 'semaphore set'),
    plural(snapshot.messageQueues.length, 'message queue'),
    plural(snapshot.posix.length, 'POSIX object'),
  ].join(', ');
}
