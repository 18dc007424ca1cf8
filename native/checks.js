'use strict';
// Argument checks for index.js: each error names the argument and what is allowed, with a
// stable code (Node's ERR_* codes, or ours), before anything reaches the native code.

/** A short, safe description of a value for an error message. */
function describe(value) {
  if (value === null) return 'null';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  return typeof value;
}

function typeError(code, message) {
  const error = new TypeError(message);
  error.code = code;
  return error;
}

function rangeError(message) {
  const error = new RangeError(message);
  error.code = 'ERR_OUT_OF_RANGE';
  return error;
}

/** Checks that `value` is an integer in [min, max]; `allowed` describes the range. */
function checkInteger(name, value, min, max, allowed) {
  if (typeof value !== 'number') {
    throw typeError('ERR_INVALID_ARG_TYPE', `"${name}" must be ${allowed}; got ${describe(value)}`);
  }
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw rangeError(`"${name}" must be ${allowed}; got ${describe(value)}`);
  }
  return value;
}

function checkOptionalBoolean(name, value) {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') {
    throw typeError(
      'ERR_INVALID_ARG_TYPE',
      `"${name}" must be true or false; got ${describe(value)}`,
    );
  }
  return value;
}

function checkOptions(name, options, allowedKeys) {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw typeError(
      'ERR_INVALID_ARG_TYPE',
      `"${name}" must be an object; got ${describe(options)}`,
    );
  }
  for (const key of Object.keys(options)) {
    if (!allowedKeys.includes(key)) {
      throw typeError(
        'ERR_INVALID_ARG_VALUE',
        `"${name}" has an unknown property "${key}"; allowed: ${allowedKeys.join(', ')}`,
      );
    }
  }
  return options;
}

const INT32_MAX = 2 ** 31 - 1;

/** Checks the flags of shmget or semget: IPC_CREAT, IPC_EXCL and permission bits, nothing else. */
function checkIpcFlags(flags, constants) {
  const known = constants.IPC_CREAT | constants.IPC_EXCL | 0o777;
  checkInteger(
    'flags',
    flags,
    0,
    INT32_MAX,
    'a combination of IPC_CREAT, IPC_EXCL and permission bits 0o000 to 0o777',
  );
  if ((flags & ~known) !== 0) {
    throw rangeError(
      `"flags" must combine only IPC_CREAT (0o${constants.IPC_CREAT.toString(8)}), ` +
        `IPC_EXCL (0o${constants.IPC_EXCL.toString(8)}) and permission bits 0o000 to 0o777; ` +
        `got 0o${flags.toString(8)}`,
    );
  }
}

function checkId(name, value) {
  if (value === undefined) return -1;
  return checkInteger(name, value, 0, 2 ** 32 - 2, 'an integer from 0 to 4294967294');
}

/**
 * The uid, gid and mode an IPC_SET writes, checked from `settings` ({ uid?, gid?, mode? }).
 * The kernel sets all three together, so one the caller left out keeps what the kernel holds
 * now, from `readCurrent()` (a stat that needs no read permission: an owner that set mode 0
 * must still be able to restore it). Given all three, nothing is read.
 */
function ipcSetValues(settings, readCurrent) {
  const opts = checkOptions('settings', settings, ['uid', 'gid', 'mode']);
  let mode =
    opts.mode === undefined
      ? -1
      : checkInteger('settings.mode', opts.mode, 0, 0o777, 'permission bits from 0o000 to 0o777');
  let uid = checkId('settings.uid', opts.uid);
  let gid = checkId('settings.gid', opts.gid);
  if (uid === -1 || gid === -1 || mode === -1) {
    const current = readCurrent();
    if (uid === -1) uid = current.uid;
    if (gid === -1) gid = current.gid;
    if (mode === -1) mode = current.mode & 0o777;
  }
  return { uid, gid, mode };
}

function detachedError(operation) {
  const error = new Error(`cannot ${operation}: the attachment was detached (shmdt)`);
  error.code = 'E_DETACHED';
  return error;
}

module.exports = {
  describe,
  typeError,
  rangeError,
  checkInteger,
  checkOptionalBoolean,
  checkOptions,
  checkIpcFlags,
  ipcSetValues,
  detachedError,
};
