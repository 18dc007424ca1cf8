// The code of child A and child B: a real OS process that makes its own
// shmat/shmdt syscalls, reads and writes its own mapping, watches it for
// changes made by anyone, and reads its own /proc to describe itself. Its
// semops, steps and increment loops are in child-sync.ts.
import type { Attachment } from '../../native/index.js';
import { settle, toEnvelope } from '../common/errors';
import { LabError } from '../common/errors';
import type { ChildAnswers, ChildMessage, ChildNotice, ChildRequest } from './child-protocol';
import { parseLabMessage } from './child-protocol';
import { MAX_CHILD_BACKLOG, base64Length, encodeMemoryBytes } from './memory-bytes';
import { inspectSelf, isMappedHere, ownPageTable } from './child-inspect';
import * as sync from './child-sync';
import { native } from './native';

/**
 * The link to the Lab. The Lab's messages come over Electron's utilityProcess parentPort or
 * Node's IPC channel. Ours go the other way as lines on our standard output, which the Lab
 * reads (the report channel, native/index.d.ts): the watcher's thread writes its reports there
 * itself, the moment it finds a change, and JavaScript's replies share the same ordered stream,
 * so a report found before a reply reaches the Lab before it.
 */
interface ParentLink {
  send(message: ChildMessage): void;
  /** Raw messages: each is checked with the protocol's schema before use. */
  onMessage(listener: (message: unknown) => void): void;
}

interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function connectToParent(): ParentLink {
  native.reportChannel.open();
  const send = (message: ChildMessage): void =>
    void native.reportChannel.send(JSON.stringify(message));
  const parentPort = (process as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort !== undefined) {
    return {
      send,
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  }
  if (process.send === undefined) {
    throw new Error('child-main must be started by the Lab (no IPC channel)');
  }
  // Our parent is gone (even after SIGKILL the kernel closes the channel): exit.
  process.on('disconnect', () => process.exit(0));
  return { send, onMessage: (listener) => process.on('message', (message) => listener(message)) };
}

const parent = connectToParent();
// The Lab closed its end of our standard output, or died (even after SIGKILL the kernel closes
// it): nobody is left to answer, so exit. This covers every host, Electron's too, and costs no
// wake-up while the Lab lives (the channel's thread sleeps in poll()).
native.reportChannel.onClosed(() => process.exit(0));
let attachment: Attachment | null = null;
let stopWatching: (() => void) | null = null;

/**
 * Poll the window every 250 µs while changes flow, so a write elsewhere is
 * seen well within a millisecond; fall back to every 25 ms after a second
 * without changes, and to every 100 ms after ten. Writes the Lab makes
 * itself need no poll (the Lab pokes us, see heed()), so idle polling only
 * serves other programs' writes: while the learner is at work, the first of
 * them is on screen within two frames; after ten still seconds, within about
 * a tenth of a second, and the pace is fast again from that change on. A
 * look costs 50-100 µs of wake-up on these machines, whatever it finds: at
 * 40 a second the two children's looks were two thirds of the Lab's idle
 * CPU (0.43 of 0.59 %), at 10 a second 0.18 of 0.40 %. Scrolling the view
 * leaves the resting pace.
 */
const WATCH_OPTIONS = {
  fastIntervalUs: 250,
  idleIntervalUs: 25_000,
  idleAfterMs: 1000,
  restIntervalUs: 100_000,
  restAfterMs: 10_000,
};

function requireAttachment(): Attachment {
  if (attachment === null || !attachment.attached) {
    throw new LabError('E_NOT_ATTACHED', 'this process has no segment attached; run shmat first');
  }
  return attachment;
}

function detach(): void {
  stopWatching?.();
  stopWatching = null;
  attachment?.detach();
  attachment = null;
}

/**
 * Bytes of answers made and not yet handed to the report channel. Requests that arrive
 * together are all handled before the first answer is sent (the answers go out from promise
 * callbacks), so the channel's backlog alone would not see them.
 */
let answering = 0;

/** The bytes an answer to `request` may take on the channel, when it carries memory. */
function answerSize(request: ChildRequest): number {
  return request.op === 'read' || request.op === 'view' ? base64Length(request.length) : 0;
}

/**
 * Why an answer of `size` bytes may not be made now: it would leave more than MAX_CHILD_BACKLOG
 * bytes of answers made and not read by the Lab, which wait in this process until it reads
 * them. This is what bounds what a flood of reads makes a child hold; the Lab keeps below it on
 * its own (CHILD_REQUEST_LIMITS).
 */
function backlogRefusal(request: ChildRequest, size: number): LabError | null {
  const held = native.reportChannel.backlog() + answering;
  if (held + size <= MAX_CHILD_BACKLOG) return null;
  return new LabError(
    'E_BUSY',
    `this process holds ${held} bytes of answers the Lab has not read yet; a ${request.op} answered in ${size} more would pass the ${MAX_CHILD_BACKLOG} it may hold: ask again once they are read`,
  );
}

async function handle(request: ChildRequest): Promise<ChildAnswers[ChildRequest['op']]> {
  switch (request.op) {
    case 'attach': {
      if (attachment?.attached === true) {
        throw new LabError(
          'E_ALREADY_ATTACHED',
          `this process already has segment ${attachment.shmid} attached; detach it first`,
        );
      }
      const options = { readOnly: request.readOnly, round: request.round } as {
        readOnly: boolean;
        round: boolean;
        address?: bigint;
      };
      if (request.address !== null) options.address = BigInt(request.address);
      const attached = native.shmat(request.shmid, options);
      try {
        // Watching starts now, so no change made after this answer is missed; its reports go
        // straight to the channel, held until the answer is out (see the message loop): the
        // Lab must know the attachment before its first report.
        stopWatching = attached.watchToChannel({ ...WATCH_OPTIONS, held: true });
      } catch (error) {
        attached.detach();
        throw error;
      }
      attachment = attached;
      return {
        shmid: attached.shmid,
        address: `0x${attached.address.toString(16)}`,
        size: attached.size,
        readOnly: attached.readOnly,
      };
    }
    case 'detach':
      requireAttachment();
      detach();
      return null;
    case 'write':
      requireAttachment().write(request.offset, Uint8Array.from(request.bytes));
      return null;
    case 'read': {
      const source = requireAttachment();
      // A peek is how the UI looks without touching: it must not allocate
      // pages (demand paging is part of what the learner sees).
      const bytes = request.peek
        ? source.peek(request.offset, request.length)
        : source.read(request.offset, request.length);
      return { bytes: encodeMemoryBytes(bytes) };
    }
    case 'touch':
      return requireAttachment().touch(request.offset);
    case 'view': {
      // One step: the watcher's new window is compared from exactly the bytes answered here.
      const bytes = requireAttachment().view(request.offset, request.length);
      return { bytes: encodeMemoryBytes(bytes) };
    }
    case 'inspect':
      return inspectSelf(attachment?.attached === true ? attachment : null);
    case 'pageTable':
      return ownPageTable(requireAttachment(), request.smaps);
    case 'status': {
      // Asked after a request timed out: what this process has attached, as
      // it knows it and as the kernel's map of this process shows it.
      const current = attachment?.attached === true ? attachment : null;
      if (current === null) return { attachment: null, mapped: false };
      return {
        attachment: {
          shmid: current.shmid,
          address: `0x${current.address.toString(16)}`,
          size: current.size,
          readOnly: current.readOnly,
        },
        mapped: await isMappedHere(current.shmid, current.address),
      };
    }
    case 'semop':
      return sync.semop(request, (message) => parent.send(message));
    case 'cancelSemop':
      return sync.cancelSemop();
    case 'step':
      return sync.step(requireAttachment(), request);
    case 'resetSteps':
      return sync.resetSteps(requireAttachment(), request.offset);
    case 'startIncrements':
      return sync.startIncrements(requireAttachment(), request, (message) => parent.send(message));
    case 'incrementProgress':
      return sync.incrementProgress();
    case 'cancelIncrements':
      return sync.cancelIncrements();
  }
}

/**
 * expect: watches the window closely for a moment (a write elsewhere is on its way).
 * poke: looks at the window now (its changes are sent before look() returns), then says so,
 * so the Lab can answer the write that caused the poke after this process's report. A poke
 * for a mapping this process no longer has is moot, but still answered.
 */
function heed(notice: ChildNotice): void {
  if (notice.op === 'expect') {
    if (attachment?.attached === true) attachment.expect(notice.withinUs);
    return;
  }
  try {
    if (attachment?.attached === true) attachment.look(notice.offset, notice.length);
  } catch {
    // A range past this attachment (the Lab's record was stale): the next poll covers it.
  }
  parent.send({ type: 'looked', seq: notice.seq });
}

parent.onMessage((raw) => {
  const parsed = parseLabMessage(raw);
  if (parsed.ok && 'notice' in parsed) {
    heed(parsed.notice);
    return;
  }
  if (!parsed.ok) {
    const error = { code: 'E_BAD_INPUT', message: `malformed request: ${parsed.problem}` };
    // A request with an id gets its answer; one without cannot be answered, so say so.
    parent.send(
      parsed.id === null
        ? { type: 'refused', error }
        : { type: 'reply', id: parsed.id, result: { ok: false, error } },
    );
    return;
  }
  const { request } = parsed;
  const size = answerSize(request);
  const refusal = size === 0 ? null : backlogRefusal(request, size);
  if (refusal !== null) {
    parent.send({
      type: 'reply',
      id: request.id,
      result: { ok: false, error: toEnvelope(refusal) },
    });
    return;
  }
  answering += size;
  void settle(() => handle(request)).then((result) => {
    parent.send({ type: 'reply', id: request.id, result });
    answering -= size;
    if (request.op === 'attach' && result.ok && attachment?.attached === true)
      attachment.releaseReports();
  });
});

process.on('uncaughtException', (error) => {
  parent.send({ type: 'fatal', error: toEnvelope(error) });
  detach();
  // The channel writes without blocking: give the Lab's end a moment to take the last words.
  native.reportChannel.flush(1000);
  process.exit(70);
});

parent.send({ type: 'ready', pid: process.pid });
