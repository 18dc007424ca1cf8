'use strict';
// System V semaphores: semget, semop, startSemop, semctl and semLimits, validated here with
// messages that name the argument and what is allowed; the C++ side re-checks as a backstop.

const {
  describe,
  typeError,
  rangeError,
  checkInteger,
  checkOptions,
  checkIpcFlags,
  ipcSetValues,
} = require('./checks.js');

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** @param {object} binding the loaded addon */
function semaphoreApi(binding) {
  const { constants } = binding;

  function checkSemid(semid) {
    return checkInteger('semid', semid, 0, INT32_MAX, 'an integer from 0 to 2147483647');
  }

  function checkSemnum(name, semnum) {
    return checkInteger(name, semnum, 0, 65535, 'an integer from 0 to nsems - 1 (at most 65535)');
  }

  /**
   * Creates or opens a set of `nsems` semaphores (0 opens an existing set). `flags` combines
   * IPC_CREAT, IPC_EXCL and the permission bits.
   */
  function semget(key, nsems, flags) {
    checkInteger('key', key, INT32_MIN, INT32_MAX, 'a 32-bit integer key or constants.IPC_PRIVATE');
    const { SEMMSL } = binding.semLimits();
    checkInteger(
      'nsems',
      nsems,
      0,
      SEMMSL,
      `an integer from 0 to SEMMSL (${SEMMSL}); 0 opens an existing set`,
    );
    checkIpcFlags(flags, constants);
    return binding.semget(key, nsems, flags);
  }

  /** Checks `ops` and flattens it to [num, op, flags…] for the binding. */
  function flattenOps(ops) {
    if (!Array.isArray(ops)) {
      throw typeError(
        'ERR_INVALID_ARG_TYPE',
        `"ops" must be an array of { num, op, nowait?, undo? }; got ${describe(ops)}`,
      );
    }
    const { SEMOPM } = binding.semLimits();
    if (ops.length < 1 || ops.length > SEMOPM) {
      throw rangeError(
        `"ops" must hold 1 to SEMOPM (${SEMOPM}) operations, the most one semop may make; ` +
          `got ${ops.length}`,
      );
    }
    const flat = [];
    ops.forEach((op, i) => {
      const name = `ops[${i}]`;
      if (op === undefined) {
        throw typeError('ERR_INVALID_ARG_TYPE', `"${name}" must be an object; got undefined`);
      }
      const checked = checkOptions(name, op, ['num', 'op', 'nowait', 'undo']);
      checkSemnum(`${name}.num`, checked.num);
      checkInteger(
        `${name}.op`,
        checked.op,
        -32768,
        32767,
        'an integer from -32768 to 32767 (negative: wait and take, 0: wait for zero, positive: add)',
      );
      let flags = 0;
      for (const [key, bit] of [
        ['nowait', constants.IPC_NOWAIT],
        ['undo', constants.SEM_UNDO],
      ]) {
        const value = checked[key];
        if (value === undefined) continue;
        if (typeof value !== 'boolean') {
          throw typeError(
            'ERR_INVALID_ARG_TYPE',
            `"${name}.${key}" must be true or false; got ${describe(value)}`,
          );
        }
        if (value) flags |= bit;
      }
      flat.push(checked.num, checked.op, flags);
    });
    return flat;
  }

  /**
   * semop on this thread. Every operation must carry nowait, since a wait would block the event
   * loop: ERR_WOULD_BLOCK otherwise (startSemop is the way to wait).
   */
  function semop(semid, ops) {
    checkSemid(semid);
    const flat = flattenOps(ops);
    const waits = ops.findIndex((op) => op.nowait !== true);
    if (waits !== -1) {
      throw typeError(
        'ERR_WOULD_BLOCK',
        `"ops[${waits}]" has no nowait: true; semop on this thread could wait and block the ` +
          'event loop. Add nowait: true (EAGAIN instead of waiting), or call startSemop()',
      );
    }
    binding.semop(semid, flat);
  }

  /** semop (or semtimedop with timeoutMs) on a thread of its own; never blocks the caller. */
  function startSemop(semid, ops, options) {
    checkSemid(semid);
    const flat = flattenOps(ops);
    const opts = checkOptions('options', options, ['timeoutMs']);
    const timeoutMs =
      opts.timeoutMs === undefined
        ? -1
        : checkInteger(
            'options.timeoutMs',
            opts.timeoutMs,
            0,
            INT32_MAX,
            'an integer from 0 to 2147483647 milliseconds',
          );
    let settle;
    const done = new Promise((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve());
    });
    // A wait nobody awaits (cancelled and forgotten) must not end the process as an unhandled
    // rejection; whoever awaits `done` still gets the error.
    done.catch(() => {});
    const handle = new binding.SemWaitHandle(semid, flat, timeoutMs, (error) => settle(error));
    return Object.freeze({
      tid: handle.tid,
      done,
      cancel: () => handle.cancel(),
    });
  }

  const VALUE_COMMANDS = ['GETVAL', 'GETPID', 'GETNCNT', 'GETZCNT'];
  const SET_COMMANDS = ['GETALL', 'SETALL', 'IPC_STAT', 'IPC_SET', 'IPC_RMID'];
  const COMMANDS = [...VALUE_COMMANDS, 'SETVAL', ...SET_COMMANDS];

  function semctlSet(semid, settings) {
    if (settings === undefined) {
      throw typeError('ERR_INVALID_ARG_TYPE', '"settings" must be an object; got undefined');
    }
    const { uid, gid, mode } = ipcSetValues(settings, () => binding.semctlStatAny(semid));
    binding.semctlSet(semid, uid, gid, mode);
  }

  /** semctl(semid, semnum, command, argument): see index.d.ts for each command. */
  function semctl(semid, semnum, command, argument) {
    checkSemid(semid);
    if (!COMMANDS.includes(command)) {
      throw typeError(
        'ERR_INVALID_ARG_VALUE',
        `"command" must be one of ${COMMANDS.join(', ')}; got ${describe(command)}`,
      );
    }
    if (SET_COMMANDS.includes(command)) {
      // These act on the whole set; semnum is ignored by the kernel, so only 0 is accepted.
      checkInteger('semnum', semnum, 0, 0, `0 (${command} acts on the whole set)`);
    } else {
      checkSemnum('semnum', semnum);
    }
    if (VALUE_COMMANDS.includes(command)) return binding.semctlValue(semid, semnum, command);
    const { SEMVMX } = binding.semLimits();
    const valueRange = `an integer from 0 to SEMVMX (${SEMVMX})`;
    switch (command) {
      case 'SETVAL':
        checkInteger('value', argument, 0, SEMVMX, valueRange);
        return binding.semctlSetval(semid, semnum, argument);
      case 'GETALL':
        return binding.semctlGetall(semid);
      case 'SETALL':
        if (!Array.isArray(argument)) {
          throw typeError(
            'ERR_INVALID_ARG_TYPE',
            `"values" must be an array of nsems integers; got ${describe(argument)}`,
          );
        }
        argument.forEach((value, i) => checkInteger(`values[${i}]`, value, 0, SEMVMX, valueRange));
        return binding.semctlSetall(semid, argument);
      case 'IPC_STAT':
        return binding.semctlStat(semid);
      case 'IPC_SET':
        return semctlSet(semid, argument);
      default:
        return binding.semctlRmid(semid);
    }
  }

  /** The kernel's semaphore limits, from semctl(IPC_INFO). */
  function semLimits() {
    return binding.semLimits();
  }

  return { semget, semop, startSemop, semctl, semLimits };
}

module.exports = { semaphoreApi };
