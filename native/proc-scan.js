'use strict';
// scanProcMaps: who maps which System V segment and which /dev/shm file, over every process, in
// one pass on a worker thread (native/src/proc-scan.h). The root is checked here with a message
// that says what is allowed; the C++ side checks it again.

const { describe, typeError } = require('./checks.js');

/** Longest path the kernel takes (PATH_MAX, counting the final NUL). */
const PATH_MAX = 4096;

/** @param {object} binding the loaded addon */
function procScanApi(binding) {
  /**
   * Reads <root>/<pid>/maps for every process (and the name and owner of those that map a
   * segment or a /dev/shm file). Resolves with flat columns (index.d.ts: ProcMapsScan); rejects with a coded
   * error when the root itself cannot be listed. Bad arguments throw at once.
   */
  function scanProcMaps(root = '/proc') {
    if (typeof root !== 'string') {
      throw typeError(
        'ERR_INVALID_ARG_TYPE',
        `"root" must be a string such as '/proc'; got ${describe(root)}`,
      );
    }
    if (!root.startsWith('/') || root.includes('\0') || Buffer.byteLength(root) >= PATH_MAX) {
      throw typeError(
        'ERR_INVALID_ARG_VALUE',
        `"root" must be an absolute path without NUL bytes, shorter than ${PATH_MAX} bytes, ` +
          `such as '/proc'; got ${describe(root)}`,
      );
    }
    return binding.scanProcMaps(root);
  }
  return { scanProcMaps };
}

module.exports = { procScanApi };
