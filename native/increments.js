'use strict';
// Attachment.fetchAdd and Attachment.startIncrements: argument checks, then the native calls.

const { describe, typeError, rangeError, checkInteger, checkOptions } = require('./checks.js');

const MODES = ['plain', 'semaphore', 'atomic'];

/** Checks `offset` as the offset of an aligned u32 inside a segment of `size` bytes. */
function checkWordOffset(offset, size) {
  const last = size < 4 ? -1 : Math.floor((size - 4) / 4) * 4;
  checkInteger('offset', offset, 0, Number.MAX_SAFE_INTEGER, `a multiple of 4 from 0 to ${last}`);
  if (offset % 4 !== 0 || offset + 4 > size) {
    throw rangeError(
      `"offset" must be a multiple of 4 with the whole u32 inside the segment (${size} bytes): ` +
        `0 to ${last}; got ${offset}`,
    );
  }
}

function readOnlyError() {
  return typeError('E_READ_ONLY', 'cannot write: the segment was attached read-only (SHM_RDONLY)');
}

/** Attachment.fetchAdd on the native `handle` (attached; the caller checked). */
function fetchAdd(handle, offset, delta) {
  if (handle.readOnly) throw readOnlyError();
  checkWordOffset(offset, handle.size);
  checkInteger(
    'delta',
    delta,
    Number.MIN_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER,
    'a whole number (taken modulo 2^32)',
  );
  // Modulo 2^32 as the CPU's 32-bit add does it: -1 adds 0xffffffff.
  const unsigned = ((delta % 2 ** 32) + 2 ** 32) % 2 ** 32;
  return handle.fetchAdd(offset, unsigned);
}

/** Attachment.startIncrements on the native `handle` (attached; the caller checked). */
function startIncrements(handle, options) {
  if (options === undefined) {
    throw typeError('ERR_INVALID_ARG_TYPE', '"options" must be an object; got undefined');
  }
  const opts = checkOptions('options', options, ['offset', 'times', 'mode', 'semid', 'semnum']);
  if (!MODES.includes(opts.mode)) {
    throw typeError(
      'ERR_INVALID_ARG_VALUE',
      `"options.mode" must be one of ${MODES.join(', ')}; got ${describe(opts.mode)}`,
    );
  }
  if (handle.readOnly) throw readOnlyError();
  checkWordOffset(opts.offset, handle.size);
  checkInteger('options.times', opts.times, 1, 100_000_000, 'an integer from 1 to 100000000');
  let semid = -1;
  let semnum = -1;
  if (opts.mode === 'semaphore') {
    semid = checkInteger(
      'options.semid',
      opts.semid,
      0,
      2 ** 31 - 1,
      "an integer from 0 to 2147483647 (mode 'semaphore' needs the set that guards the counter)",
    );
    semnum = checkInteger(
      'options.semnum',
      opts.semnum,
      0,
      65535,
      "an integer from 0 to nsems - 1 (mode 'semaphore' needs the semaphore that guards it)",
    );
  }
  let settle;
  const finished = new Promise((resolve, reject) => {
    settle = (error, done, elapsedNs, cancelled) => {
      // The native side holds this callback until the run ends, and the callback holds the
      // handle: an attachment nobody else references is not collected (and detached, which
      // would cancel the run) while its run goes on.
      void handle;
      if (error) reject(error);
      else resolve(Object.freeze({ done, elapsedNs, cancelled }));
    };
  });
  // As for startSemop: a run nobody awaits is no unhandled rejection; awaiting still throws.
  finished.catch(() => {});
  const controls = handle.startIncrements(
    opts.offset,
    opts.times,
    opts.mode,
    semid,
    semnum,
    settle,
  );
  return Object.freeze({
    finished,
    progress: () => controls.progress(),
    cancel: () => controls.cancel(),
  });
}

module.exports = { fetchAdd, startIncrements };
