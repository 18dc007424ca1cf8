// Messages between the Lab (parent) and a child process, as schemas. Both
// ends are our code, but each end checks what it receives: a message that
// does not fit is refused with a sentence naming what was wrong, and neither
// side crashes on it. The child still lets the addon re-check every argument.
import { z } from 'zod';
import type { ProcessFacts } from '../common/api';
import { MAX_READ_LENGTH, MAX_VIEW_WINDOW, describeIssues } from '../common/schemas';
import { memoryBytes } from './memory-bytes';
import { asChangedReport, asExpectNotice, asWriteRequest } from './child-quick-checks';

/**
 * What a child reads of its own page table for the Lab (pageTable): the pagemap entry of each
 * page of its attachment and, when asked, the attachment's smaps figures (else null).
 */
export type OwnPageTableFacts = Pick<
  ProcessFacts,
  'pageCount' | 'pages' | 'pfnHiddenReason' | 'smaps'
>;

const INT32_MAX = 2 ** 31 - 1;

const count = (name: string, max: number) =>
  z
    .number({ error: `${name} must be a number` })
    .int({ error: `${name} must be a whole number` })
    .min(0, { error: `${name} must be 0 or more` })
    .max(max, { error: `${name} must be at most ${max}` });

const requestId = count('id', Number.MAX_SAFE_INTEGER);
const byte = count('a byte', 255);
const hexAddress = z
  .string({ error: 'address must be a string' })
  .regex(/^0x[0-9a-f]{1,16}$/i, { error: 'address must be 0x followed by 1 to 16 hex digits' });

/** Most operations in one semop request (the Lab's own cap; the kernel's SEMOPM may be larger). */
const SEMOPS_MAX = 32;

/** One struct sembuf, as the addon takes it. */
const semOp = z.strictObject({
  num: count('num', INT32_MAX),
  op: z.number({ error: 'op must be a number' }).int({ error: 'op must be a whole number' }),
  nowait: z.boolean({ error: 'nowait must be true or false' }),
  undo: z.boolean({ error: 'undo must be true or false' }),
});

/** What the Lab may ask a child, one schema per op. */
export const childRequestBody = z.discriminatedUnion(
  'op',
  [
    z.strictObject({
      op: z.literal('attach'),
      shmid: count('shmid', INT32_MAX),
      address: hexAddress.nullable(),
      readOnly: z.boolean({ error: 'readOnly must be true or false' }),
      round: z.boolean({ error: 'round must be true or false' }),
    }),
    z.strictObject({ op: z.literal('detach') }),
    z.strictObject({
      op: z.literal('write'),
      offset: count('offset', Number.MAX_SAFE_INTEGER),
      bytes: z.array(byte, { error: 'bytes must be an array of numbers 0 to 255' }),
    }),
    z.strictObject({
      op: z.literal('read'),
      offset: count('offset', Number.MAX_SAFE_INTEGER),
      length: count('length', Number.MAX_SAFE_INTEGER),
      peek: z.boolean({ error: 'peek must be true or false' }),
    }),
    /** A one-byte load of the page holding `offset`, then a write fault that changes nothing. */
    z.strictObject({
      op: z.literal('touch'),
      offset: count('offset', Number.MAX_SAFE_INTEGER),
    }),
    z.strictObject({ op: z.literal('inspect') }),
    /** The attachment's pagemap and (with `smaps`) smaps figures, under its page table lock. */
    z.strictObject({ op: z.literal('pageTable'), smaps: z.boolean() }),
    z.strictObject({ op: z.literal('status') }),
    /** Sets the watcher's window and answers with its bytes, read in the same step. */
    z.strictObject({
      op: z.literal('view'),
      offset: count('offset', Number.MAX_SAFE_INTEGER),
      length: count('length', MAX_VIEW_WINDOW),
    }),
    /** semop on a thread of the child's own; answered within ~20 ms, done or waiting. */
    z.strictObject({
      op: z.literal('semop'),
      semid: count('semid', INT32_MAX),
      ops: z.array(semOp, { error: 'ops must be a list of operations' }).min(1).max(SEMOPS_MAX),
    }),
    z.strictObject({ op: z.literal('cancelSemop') }),
    /** One instruction of `counter = counter + 1` on the child's own register and mapping. */
    z.strictObject({
      op: z.literal('step'),
      instruction: z.enum(['load', 'add', 'store'], {
        error: 'instruction must be load, add or store',
      }),
      offset: count('offset', Number.MAX_SAFE_INTEGER),
    }),
    z.strictObject({
      op: z.literal('resetSteps'),
      offset: count('offset', Number.MAX_SAFE_INTEGER),
    }),
    /** Starts the increment loop on a thread; its end comes as 'incrementsFinished'. */
    z.strictObject({
      op: z.literal('startIncrements'),
      offset: count('offset', Number.MAX_SAFE_INTEGER),
      times: count('times', Number.MAX_SAFE_INTEGER),
      mode: z.enum(['plain', 'semaphore', 'atomic'], {
        error: 'mode must be plain, semaphore or atomic',
      }),
      semid: count('semid', INT32_MAX).nullable(),
      semnum: count('semnum', INT32_MAX).nullable(),
    }),
    z.strictObject({ op: z.literal('incrementProgress') }),
    z.strictObject({ op: z.literal('cancelIncrements') }),
  ],
  {
    error:
      'op must be one of attach, detach, write, read, touch, inspect, pageTable, status, view, semop, cancelSemop, step, resetSteps, startIncrements, incrementProgress, cancelIncrements',
  },
);

export type ChildRequestBody = z.infer<typeof childRequestBody>;
export type ChildOp = ChildRequestBody['op'];

export type ChildRequest = ChildRequestBody & { id: number };

/**
 * What the Lab tells a child without a reply (no id):
 * - 'expect': the Lab is sending a write to another process of the segment this one has
 *   attached; its watcher polls its window closely for up to `withinUs` (see
 *   Attachment.expect), so the change is seen as soon as it lands;
 * - 'poke': the Lab's own process just wrote [offset, offset + length): look now. The child
 *   reports what it saw, then says it has looked ('looked' with the same seq); the Lab waits
 *   for that only briefly.
 */
export const childNotice = z.discriminatedUnion(
  'op',
  [
    z.strictObject({
      op: z.literal('poke'),
      offset: count('offset', Number.MAX_SAFE_INTEGER),
      length: count('length', Number.MAX_SAFE_INTEGER),
      seq: count('seq', Number.MAX_SAFE_INTEGER),
    }),
    z.strictObject({ op: z.literal('expect'), withinUs: count('withinUs', 20_000) }),
  ],
  { error: 'a notice op must be poke or expect' },
);
export type ChildNotice = z.infer<typeof childNotice>;

/** A request as the child checked it: usable, or why not (with its id when it had one). */
export type ParsedRequest =
  { ok: true; request: ChildRequest } | { ok: false; id: number | null; problem: string };

/** A message from the Lab as the child checked it: a notice, or a request (see parseChildRequest). */
export type ParsedLabMessage = ParsedRequest | { ok: true; notice: ChildNotice };

/**
 * Checks a raw message from the Lab: a notice has no id and is never answered. A write and an
 * expect that plainly fit are checked by hand (child-quick-checks.ts), the rest by the schemas.
 */
export function parseLabMessage(raw: unknown): ParsedLabMessage {
  const isNotice =
    typeof raw === 'object' &&
    raw !== null &&
    !('id' in raw) &&
    'op' in raw &&
    (raw.op === 'poke' || raw.op === 'expect');
  if (!isNotice) {
    const write = asWriteRequest(raw);
    return write === null ? parseChildRequest(raw) : { ok: true, request: write };
  }
  const expecting = asExpectNotice(raw);
  if (expecting !== null) return { ok: true, notice: expecting };
  const parsed = childNotice.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, id: null, problem: `notice: ${describeIssues(parsed.error)}` };
  }
  return { ok: true, notice: parsed.data };
}

/**
 * The id of a request, read before its op. Made once: building a schema costs far more than
 * using one (zod compiles each new object schema).
 */
const requestHead = z.looseObject({ id: requestId });

/** Checks a raw message from the Lab: an id to answer to, then the op and its fields. */
export function parseChildRequest(raw: unknown): ParsedRequest {
  const head = requestHead.safeParse(raw);
  if (!head.success) {
    return {
      ok: false,
      id: null,
      problem: `request without a usable id: ${describeIssues(head.error)}`,
    };
  }
  const { id, ...body } = head.data;
  const parsed = childRequestBody.safeParse(body);
  if (!parsed.success) return { ok: false, id, problem: describeIssues(parsed.error) };
  return { ok: true, request: { ...parsed.data, id } };
}

const attachmentReply = z.strictObject({
  shmid: count('shmid', INT32_MAX),
  address: hexAddress,
  size: count('size', Number.MAX_SAFE_INTEGER),
  readOnly: z.boolean(),
});

/** What the child knows of its attachment, checked against its own /proc/self/maps. */
const statusReply = z.strictObject({
  attachment: attachmentReply.nullable(),
  /** Whether /proc/self/maps shows that attachment's /SYSV region at its address. */
  mapped: z.boolean(),
});

/** A thread as read from /proc/self/task/<tid> (see proc/task-stat.ts). */
const threadState = z.strictObject({
  pid: count('pid', INT32_MAX),
  tid: count('tid', INT32_MAX),
  state: z.string(),
  stateText: z.string(),
  wchan: z.string().nullable(),
});

/** The child's register after a step (null: empty) and the counter it reads from its mapping. */
const stepReply = z.strictObject({
  register: count('register', 0xffff_ffff).nullable(),
  counter: count('counter', 0xffff_ffff),
});

/**
 * The value each op resolves to. `inspect` is checked for its outline only:
 * its many /proc fields come from our own readers in the child.
 */
export const childReplySchemas = {
  attach: attachmentReply,
  detach: z.null(),
  write: z.null(),
  read: z.strictObject({ bytes: memoryBytes(MAX_READ_LENGTH) }),
  touch: z.strictObject({ value: byte, wrote: z.boolean() }),
  inspect: z.custom<Omit<ProcessFacts, 'state'>>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      Array.isArray((value as { maps?: unknown }).maps) &&
      Array.isArray((value as { pages?: unknown }).pages),
    { error: 'inspect must answer an object with maps and pages arrays' },
  ),
  pageTable: z.custom<OwnPageTableFacts>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      Array.isArray((value as { pages?: unknown }).pages),
    { error: 'pageTable must answer an object with a pages array' },
  ),
  status: statusReply,
  view: z.strictObject({ bytes: memoryBytes(MAX_VIEW_WINDOW) }),
  semop: z.strictObject({
    status: z.enum(['done', 'waiting']),
    tid: count('tid', INT32_MAX),
    thread: threadState.nullable(),
  }),
  cancelSemop: z.null(),
  step: stepReply,
  resetSteps: stepReply,
  startIncrements: z.null(),
  incrementProgress: z.strictObject({ done: count('done', Number.MAX_SAFE_INTEGER) }),
  cancelIncrements: z.strictObject({ cancelled: z.boolean() }),
} as const satisfies Record<ChildOp, z.ZodType>;

/** What each request resolves to in the Lab, once checked (memory bytes decoded). */
export type ChildReplies = { [K in ChildOp]: z.output<(typeof childReplySchemas)[K]> };

/** What the child answers to each request, as it goes on the wire (memory bytes in base64). */
export type ChildAnswers = { [K in ChildOp]: z.input<(typeof childReplySchemas)[K]> };

const errorEnvelope = z.object({
  code: z.string(),
  message: z.string(),
  syscall: z.string().optional(),
});

const changedRange = z.strictObject({
  offset: count('offset', Number.MAX_SAFE_INTEGER),
  bytes: z.array(byte),
});
export type ChangedRange = z.infer<typeof changedRange>;

/** Everything a child may send to the Lab. */
export const childMessage = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('ready'), pid: count('pid', INT32_MAX) }),
    z.strictObject({
      type: z.literal('reply'),
      id: requestId,
      result: z.union([
        z.strictObject({ ok: z.literal(true), value: z.unknown() }),
        z.strictObject({ ok: z.literal(false), error: errorEnvelope }),
      ]),
    }),
    /**
     * What the child's watcher saw: ranges of its window with the bytes it read, and other pages
     * of the segment (indices) that changed or got a frame.
     */
    z.strictObject({
      type: z.literal('changed'),
      shmid: count('shmid', INT32_MAX),
      changes: z.array(changedRange),
      pages: z.array(count('page', Number.MAX_SAFE_INTEGER)),
    }),
    /** The child looked after the poke `seq`; what it saw was reported before this. */
    z.strictObject({ type: z.literal('looked'), seq: count('seq', Number.MAX_SAFE_INTEGER) }),
    z.strictObject({ type: z.literal('fatal'), error: errorEnvelope }),
    /** A semop the child answered 'waiting' to has returned (sent after that answer). */
    z.strictObject({
      type: z.literal('semopFinished'),
      outcome: z.enum(['done', 'cancelled', 'failed']),
      error: errorEnvelope.nullable(),
    }),
    /** The increment loop ended: all done, cancelled, or a semop failed (error, with `done`). */
    z.strictObject({
      type: z.literal('incrementsFinished'),
      done: count('done', Number.MAX_SAFE_INTEGER),
      elapsedNs: count('elapsedNs', Number.MAX_SAFE_INTEGER).nullable(),
      cancelled: z.boolean(),
      error: errorEnvelope.nullable(),
    }),
    /** The child could not read a request at all (no usable id to reply to). */
    z.strictObject({ type: z.literal('refused'), error: errorEnvelope }),
  ],
  {
    error:
      'type must be one of ready, reply, changed, looked, fatal, refused, semopFinished, incrementsFinished',
  },
);

export type ChildMessage = z.infer<typeof childMessage>;

/**
 * What a child sent, checked against `childMessage` (whose issues name what was wrong); a
 * watcher report that plainly fits is checked by hand (child-quick-checks.ts).
 */
export function parseChildMessage(
  raw: unknown,
): { success: true; data: ChildMessage } | { success: false; error: z.ZodError } {
  const report = asChangedReport(raw);
  if (report !== null) return { success: true, data: report };
  return childMessage.safeParse(raw);
}

/** The messages of the synchronisation lab that arrive without a request (see SlotListeners). */
export type SyncMessage = Extract<ChildMessage, { type: 'semopFinished' | 'incrementsFinished' }>;
