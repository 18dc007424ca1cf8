'use strict';
// Loader and API of the System V shared-memory addon.
//
// Every argument is validated here (with the helpers in checks.js), with a
// message that names the argument and what is allowed, before the native code
// runs; the C++ side re-checks bounds as a backstop and never trusts these checks.

const { constants: bufferConstants } = require('node:buffer');
const path = require('node:path');
const {
  describe,
  typeError,
  rangeError,
  checkInteger,
  checkOptionalBoolean,
  checkOptions,
  checkIpcFlags,
  ipcSetValues,
  detachedError,
} = require('./checks.js');
const { peekPages } = require('./peek.js');
const { semaphoreApi } = require('./semaphores.js');
const increments = require('./increments.js');
// Issue 10: who maps what, over every process (proc-scan.js).
const { procScanApi } = require('./proc-scan.js');
// Issue 11: pseudo-terminals and ftok.
const { ptyApi } = require('./pty.js');

function loadBinding() {
  const candidates = ['build/Release/shmlab.node', 'build/Debug/shmlab.node'];
  const errors = [];
  for (const candidate of candidates) {
    try {
      return require(path.join(__dirname, candidate));
    } catch (error) {
      if (error && error.code !== 'MODULE_NOT_FOUND') throw error;
      errors.push(candidate);
    }
  }
  const error = new Error(
    `The shmlab native addon is not built (looked for ${errors.join(', ')} in ${__dirname}). ` +
      'Run `npm run build:native`; it needs python3, make and a C++20 compiler.',
  );
  error.code = 'E_ADDON_NOT_BUILT';
  throw error;
}

const binding = loadBinding();
const { constants } = binding;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const UINT64_MAX = 2n ** 64n - 1n;

function checkShmid(shmid) {
  return checkInteger('shmid', shmid, 0, INT32_MAX, 'an integer from 0 to 2147483647');
}

/**
 * Creates or opens a segment. `key` is a 32-bit key or IPC_PRIVATE; `flags`
 * combines IPC_CREAT, IPC_EXCL and the permission bits (0 to 0o777).
 */
function shmget(key, size, flags) {
  checkInteger('key', key, INT32_MIN, INT32_MAX, 'a 32-bit integer key or constants.IPC_PRIVATE');
  checkInteger(
    'size',
    size,
    0,
    Number.MAX_SAFE_INTEGER,
    'a whole number of bytes (0 opens an existing segment)',
  );
  checkIpcFlags(flags, constants);
  return binding.shmget(key, size, flags);
}

const kToken = Symbol('shmlab.attachment');

/** One attachment (shmat) of a segment in this process. */
class Attachment {
  #handle;
  /** The current watch's state; the native side keeps at most one watcher per attachment. */
  #watch = null;

  constructor(token, handle) {
    if (token !== kToken) {
      throw typeError(
        'ERR_ILLEGAL_CONSTRUCTOR',
        'Attachment cannot be constructed directly; call shmat()',
      );
    }
    this.#handle = handle;
  }

  get shmid() {
    return this.#handle.shmid;
  }
  get address() {
    return this.#handle.address;
  }
  get size() {
    return this.#handle.size;
  }
  get readOnly() {
    return this.#handle.readOnly;
  }
  get attached() {
    return this.#handle.attached;
  }

  #checkRange(offset, length, lengthName) {
    const size = this.#handle.size;
    checkInteger('offset', offset, 0, Number.MAX_SAFE_INTEGER, `an integer from 0 to ${size}`);
    checkInteger(lengthName, length, 0, Number.MAX_SAFE_INTEGER, `an integer from 0 to ${size}`);
    if (offset + length > size) {
      throw rangeError(
        `offset + ${lengthName} (${offset} + ${length} = ${offset + length}) must not exceed ` +
          `the segment size (${size} bytes)`,
      );
    }
  }

  /** Checks a range that will come back as one Buffer, which has a size limit of its own. */
  #checkBufferRange(offset, length) {
    this.#checkRange(offset, length, 'length');
    if (length > bufferConstants.MAX_LENGTH) {
      throw rangeError(
        `"length" must be at most ${bufferConstants.MAX_LENGTH} bytes, the largest Buffer ` +
          `this runtime can make; got ${length}: read a large segment in parts`,
      );
    }
  }

  /** Copies `length` bytes at `offset` out of the mapping. */
  read(offset, length) {
    if (!this.#handle.attached) throw detachedError('read');
    this.#checkBufferRange(offset, length);
    return this.#handle.read(offset, length);
  }

  /** Copies `data` into the mapping at `offset`. */
  write(offset, data) {
    if (!this.#handle.attached) throw detachedError('write');
    if (this.#handle.readOnly) {
      throw typeError(
        'E_READ_ONLY',
        'cannot write: the segment was attached read-only (SHM_RDONLY)',
      );
    }
    if (!(data instanceof Uint8Array)) {
      throw typeError(
        'ERR_INVALID_ARG_TYPE',
        `"data" must be a Uint8Array or Buffer; got ${describe(data)}`,
      );
    }
    this.#checkRange(offset, data.byteLength, 'data.byteLength');
    this.#handle.write(offset, data);
  }

  /**
   * One byte per page of the segment: 1 when the segment has the page in
   * memory (touched by any process), 0 when it was never touched or is
   * swapped out. Looks with mincore(), without touching anything.
   */
  residency() {
    if (!this.#handle.attached) throw detachedError('residency');
    return this.#handle.residency(0, this.#handle.size);
  }

  /**
   * The learner touches the page holding `offset` as a C program would: a one-byte load (a read
   * fault: the kernel maps the segment's frame here, or gives the segment a new one), then,
   * unless attached read-only, a write that changes no byte (an atomic fetch-or of 0). Returns
   * the byte read and whether the write was made.
   */
  touch(offset) {
    if (!this.#handle.attached) throw detachedError('touch');
    const size = this.#handle.size;
    checkInteger('offset', offset, 0, size - 1, `an integer from 0 to ${size - 1}`);
    return this.#handle.touch(offset);
  }

  /**
   * This process's own page table for the attachment, read under the lock every access and
   * every look takes: /proc/self/pagemap's entry of each page (8 bytes, the machine's order)
   * and, when `withSmaps`, the text of /proc/self/smaps. A look leaves no entry behind, but one
   * lives for microseconds while it reads; a page table read here never catches it. `pages`:
   * the entries of the first that many pages only (all by default).
   */
  pageTable(withSmaps, pages) {
    if (!this.#handle.attached) throw detachedError('pageTable');
    if (pages !== undefined) {
      const all = Math.ceil(this.#handle.size / constants.pageSize);
      checkInteger('pages', pages, 0, all, `an integer from 0 to ${all}`);
    }
    if (typeof withSmaps !== 'boolean') {
      throw typeError(
        'ERR_INVALID_ARG_TYPE',
        `"withSmaps" must be a boolean; got ${describe(withSmaps)}`,
      );
    }
    return this.#handle.pageTable(withSmaps, pages);
  }

  /**
   * Like read(), but never makes the kernel allocate a page: pages the
   * segment never had read as zeros, which is what they hold. Pages in swap
   * are read back, never shown as zeros. Leaves no trace in this process's
   * page table (read() is the learner's load, which does). See peekPages().
   */
  peek(offset, length) {
    return this.peekPages(offset, length).bytes;
  }

  /**
   * peek(), plus where each page of the range was: 'memory', 'swap' (read
   * back from swap for this peek) or 'untouched' (never had a page; its bytes
   * are zeros).
   */
  peekPages(offset, length) {
    if (!this.#handle.attached) throw detachedError('peek');
    this.#checkBufferRange(offset, length);
    return peekPages(this.#handle, offset, length, constants.pageSize);
  }

  /**
   * The window the watcher reports byte for byte from now on (at most
   * constants.MAX_WATCH_WINDOW bytes; the first ones of the segment until
   * this is called), and its bytes read as peek() reads. The watcher compares
   * later reads with exactly these bytes, so no change falls in between.
   * Changes elsewhere arrive as page numbers. Kept across watch() calls.
   */
  view(offset, length) {
    if (!this.#handle.attached) throw detachedError('view');
    this.#checkRange(offset, length, 'length');
    if (length > constants.MAX_WATCH_WINDOW) {
      throw rangeError(
        `"length" must be at most ${constants.MAX_WATCH_WINDOW} bytes, the largest window ` +
          `watched byte for byte; got ${length}`,
      );
    }
    return this.#handle.view(offset, length);
  }

  /**
   * Asks the watcher to look now rather than at its next poll: the window at
   * once, and the pages of [offset, offset + length) (a write just made, at
   * most 64 pages of it) without waiting for the sweep. The bytes are still
   * read from this mapping. Does nothing while not watching.
   */
  poke(offset = 0, length = 0) {
    if (!this.#handle.attached) throw detachedError('poke');
    this.#checkRange(offset, length, 'length');
    this.#handle.poke(offset, length);
  }

  /**
   * poke(), except that the window is scanned now, on this thread, and the changes found are
   * handed to the watch listener before look() returns (the pages of the range are still
   * checked by the sweep's thread). Does nothing while not watching.
   */
  look(offset = 0, length = 0) {
    if (!this.#handle.attached) throw detachedError('look');
    this.#checkRange(offset, length, 'length');
    this.#handle.look(offset, length);
  }

  /**
   * Says a write by another process is on its way: for up to `withinUs` microseconds (at most
   * constants.MAX_EXPECT_US), or until the window changes, the watcher polls the window every
   * few tens of microseconds. Does nothing while not watching.
   */
  expect(withinUs) {
    if (!this.#handle.attached) throw detachedError('expect');
    if (!Number.isSafeInteger(withinUs) || withinUs < 0 || withinUs > constants.MAX_EXPECT_US) {
      throw rangeError(
        `"withinUs" must be a whole number of microseconds from 0 to ${constants.MAX_EXPECT_US}; got ${withinUs}`,
      );
    }
    this.#handle.expect(withinUs);
  }

  /**
   * Atomically adds `delta` (modulo 2^32) to the aligned u32 at `offset` and returns the value
   * it held before (__atomic_fetch_add).
   */
  fetchAdd(offset, delta) {
    if (!this.#handle.attached) throw detachedError('fetchAdd');
    return increments.fetchAdd(this.#handle, offset, delta);
  }

  /** Runs `times` increments of the u32 at `offset` on a thread of its own (index.d.ts). */
  startIncrements(options) {
    if (!this.#handle.attached) throw detachedError('startIncrements');
    return increments.startIncrements(this.#handle, options);
  }

  /**
   * shmdt(). Detaching twice is harmless. An increment run still going is cancelled first and
   * waited for (its `finished` resolves with cancelled: true), so no loop writes to a mapping
   * that is gone.
   */
  detach() {
    this.#handle.detach();
  }

  /**
   * Watches the mapping for changes made by anyone and calls `listener` with
   * the changed ranges of the window (see view()) and the bytes read from
   * this mapping, and the indices of other pages that changed or got a frame.
   * Returns a function that stops watching; detach() stops it too, and so
   * does a later watch(), which replaces this one.
   */
  watch(listener, options) {
    if (!this.#handle.attached) throw detachedError('watch');
    if (typeof listener !== 'function') {
      throw typeError(
        'ERR_INVALID_ARG_TYPE',
        `"listener" must be a function; got ${describe(listener)}`,
      );
    }
    return this.#startWatch(listener, options);
  }

  /**
   * watch(), with each report written as a line on the process's report channel (see
   * reportChannel) by the watcher thread that found the change, without waking JavaScript:
   * {"type":"changed","shmid":…,"changes":[{"offset":…,"bytes":[…]}],"pages":[…]}.
   * With options.held, it watches from now on but keeps its reports until releaseReports().
   */
  watchToChannel(options) {
    if (!this.#handle.attached) throw detachedError('watchToChannel');
    return this.#startWatch(null, options);
  }

  /** A watchToChannel({ held: true }) watcher sends what it kept, and reports from now on. */
  releaseReports() {
    if (!this.#handle.attached) throw detachedError('releaseReports');
    this.#handle.releaseReports();
  }

  #startWatch(listener, options) {
    const opts = checkOptions('options', options, [
      'fastIntervalUs',
      'idleIntervalUs',
      'idleAfterMs',
      'restIntervalUs',
      'restAfterMs',
      ...(listener === null ? ['held'] : []),
    ]);
    const held = checkOptionalBoolean('options.held', opts.held);
    const fast = opts.fastIntervalUs ?? 500;
    const idle = opts.idleIntervalUs ?? 8000;
    const idleAfter = opts.idleAfterMs ?? 1000;
    checkInteger(
      'options.fastIntervalUs',
      fast,
      50,
      1_000_000,
      'an integer from 50 to 1000000 microseconds',
    );
    checkInteger(
      'options.idleIntervalUs',
      idle,
      50,
      1_000_000,
      'an integer from 50 to 1000000 microseconds',
    );
    checkInteger(
      'options.idleAfterMs',
      idleAfter,
      0,
      60_000,
      'an integer from 0 to 60000 milliseconds',
    );
    // The resting pace is off unless asked for: then idle stays idle.
    const rest = opts.restIntervalUs ?? idle;
    const restAfter = opts.restAfterMs ?? idleAfter;
    checkInteger(
      'options.restIntervalUs',
      rest,
      50,
      1_000_000,
      'an integer from 50 to 1000000 microseconds',
    );
    checkInteger(
      'options.restAfterMs',
      restAfter,
      idleAfter,
      3_600_000,
      `an integer from options.idleAfterMs (${idleAfter}) to 3600000 milliseconds`,
    );
    const watch = { active: true };
    // The native side stops any earlier watcher before it starts this one (even when starting
    // fails), and the earlier stop function must not stop this one.
    if (this.#watch) this.#watch.active = false;
    this.#watch = null;
    // Batches already queued when watching stops are dropped, not delivered.
    this.#handle.watch(
      listener === null ? null : (changes, pages) => watch.active && listener(changes, pages),
      fast,
      idle,
      idleAfter,
      listener === null,
      held,
      rest,
      restAfter,
    );
    this.#watch = watch;
    return () => {
      if (!watch.active) return;
      watch.active = false;
      this.#handle.unwatch();
    };
  }
}

/**
 * The process's one ordered channel to whoever started it: lines on what was its standard
 * output (fd 1 then goes to standard error). JavaScript sends its messages here and watchers
 * started with watchToChannel write their reports here, in the order they happen.
 */
const reportChannel = {
  /** Takes standard output as the channel; later calls do nothing. */
  open() {
    binding.openReportChannel();
  },
  /** Sends one line (no newline in it); false when the reader is gone. Never blocks. */
  send(line) {
    if (typeof line !== 'string') {
      throw typeError('ERR_INVALID_ARG_TYPE', `"line" must be a string; got ${describe(line)}`);
    }
    return binding.sendReport(line);
  },
  /** Waits up to timeoutMs for everything sent to reach the pipe; true when it did. */
  flush(timeoutMs) {
    checkInteger('timeoutMs', timeoutMs, 0, 60_000, 'an integer from 0 to 60000 milliseconds');
    return binding.flushReports(timeoutMs);
  },
  /** Bytes sent and not yet taken by the pipe. */
  backlog() {
    return binding.reportBacklog();
  },
  /** Calls listener() once the reader is gone (it closed its end, or died). */
  onClosed(listener) {
    if (typeof listener !== 'function') {
      throw typeError(
        'ERR_INVALID_ARG_TYPE',
        `"listener" must be a function; got ${describe(listener)}`,
      );
    }
    binding.onReportChannelClosed(() => listener());
  },
};

/**
 * Attaches a segment. `address` is shmaddr (0n or omitted: the kernel
 * chooses), `round` is SHM_RND, `readOnly` is SHM_RDONLY.
 */
function shmat(shmid, options) {
  checkShmid(shmid);
  const opts = checkOptions('options', options, ['address', 'readOnly', 'round']);
  let address = 0n;
  if (opts.address !== undefined) {
    if (typeof opts.address !== 'bigint') {
      throw typeError(
        'ERR_INVALID_ARG_TYPE',
        `"options.address" must be a bigint such as 0x7f0000000000n; got ${describe(opts.address)}`,
      );
    }
    if (opts.address < 0n || opts.address > UINT64_MAX) {
      throw rangeError(`"options.address" must be from 0n to 2n ** 64n - 1n; got ${opts.address}n`);
    }
    address = opts.address;
  }
  const readOnly = checkOptionalBoolean('options.readOnly', opts.readOnly);
  const round = checkOptionalBoolean('options.round', opts.round);
  return new Attachment(kToken, new binding.AttachmentHandle(shmid, address, readOnly, round));
}

const SHMCTL_COMMANDS = ['IPC_STAT', 'IPC_SET', 'IPC_RMID'];

/** shmctl(shmid, 'IPC_STAT' | 'IPC_RMID' | 'IPC_SET', { uid?, gid?, mode? }). */
function shmctl(shmid, command, settings) {
  checkShmid(shmid);
  if (!SHMCTL_COMMANDS.includes(command)) {
    throw typeError(
      'ERR_INVALID_ARG_VALUE',
      `"command" must be one of ${SHMCTL_COMMANDS.join(', ')}; got ${describe(command)}`,
    );
  }
  if (command === 'IPC_STAT') return binding.shmctlStat(shmid);
  if (command === 'IPC_RMID') return binding.shmctlRmid(shmid);
  const { uid, gid, mode } = ipcSetValues(settings, () => binding.shmctlStatAny(shmid));
  return binding.shmctlSet(shmid, uid, gid, mode);
}

/** The kernel's limits, from shmctl(IPC_INFO). */
function limits() {
  return binding.limits();
}

const { semget, semop, startSemop, semctl, semLimits } = semaphoreApi(binding);
// Issue 11: pseudo-terminals and ftok.
const { openPty, setPtySize, ftok } = ptyApi(binding);

// Issue 10: the machine view's scan of every process's maps.
const { scanProcMaps } = procScanApi(binding);

module.exports = {
  shmget,
  shmat,
  shmctl,
  limits,
  semget,
  semop,
  startSemop,
  semctl,
  semLimits,
  scanProcMaps,
  // Issue 11: pseudo-terminals and ftok.
  openPty,
  setPtySize,
  ftok,
  constants,
  Attachment,
  reportChannel,
};
