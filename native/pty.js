'use strict';
// Pseudo-terminals and ftok (issue 11), validated here with messages that name the argument and
// what is allowed; the C++ side re-checks as a backstop.

const { describe, typeError, rangeError, checkInteger } = require('./checks.js');

const INT32_MAX = 2 ** 31 - 1;
// Linux's PATH_MAX, counting the terminating NUL.
const PATH_MAX = 4096;

/** @param {object} binding the loaded addon */
function ptyApi(binding) {
  /** posix_openpt + grantpt + unlockpt + ptsname_r: a new pty's master fd and slave path. */
  function openPty() {
    return binding.openPty();
  }

  /** TIOCSWINSZ on `fd` (a pty master): `cols` × `rows` cells, each 1 to 65535. */
  function setPtySize(fd, cols, rows) {
    checkInteger('fd', fd, 0, INT32_MAX, 'an open file descriptor (an integer from 0)');
    checkInteger('cols', cols, 1, 65535, 'an integer from 1 to 65535');
    checkInteger('rows', rows, 1, 65535, 'an integer from 1 to 65535');
    binding.setPtySize(fd, cols, rows);
  }

  /** ftok(3): the System V key built from `path`'s inode and device and the low 8 bits of `id`. */
  function ftok(path, id) {
    if (typeof path !== 'string') {
      throw typeError(
        'ERR_INVALID_ARG_TYPE',
        `"path" must be a string naming an existing file; got ${describe(path)}`,
      );
    }
    if (path.length === 0 || path.includes('\0') || Buffer.byteLength(path) >= PATH_MAX) {
      throw rangeError(
        `"path" must be a non-empty path without NUL, shorter than ${PATH_MAX} bytes; ` +
          `got ${describe(path)}`,
      );
    }
    checkInteger(
      'id',
      id,
      1,
      255,
      'an integer from 1 to 255 (ftok uses its low 8 bits; 0 is not allowed)',
    );
    return binding.ftok(path, id);
  }

  return { openPty, setPtySize, ftok };
}

module.exports = { ptyApi };
