'use strict';
// peek: reading a segment without making the kernel allocate its pages, and without showing
// zeros for pages that are in swap.

/**
 * Reads [offset, offset + length) through `handle` (a native AttachmentHandle whose range checks
 * already passed) and says where each page was: 'memory', 'swap' or 'untouched'.
 */
function peekPages(handle, offset, length, pageSize) {
  // mincore() cannot tell a page that was never touched from one in swap:
  // for shared memory both are "not resident" (pagemap shows a swap entry
  // only if this process's own page table held it, and /proc/sysvipc/shm
  // has only a total per segment). Reading every such page would tell, but
  // reading a page that was never touched allocates it, which is the one
  // thing peek must not do. MADV_WILLNEED on a shared-memory mapping starts
  // reading back exactly the pages that are in swap and leaves the others
  // alone, so a second mincore() separates the two: resident now means it
  // was in swap (its bytes are real and are read), still not resident means
  // it never had a page (its bytes are zeros). A page would be misread only
  // if it went out to swap in the microseconds between those two calls.
  const before = handle.residency(offset, length);
  let after = before;
  if (before.includes(0)) {
    handle.prefetch(offset, length);
    after = handle.residency(offset, length);
  }
  // Not handle.read(): that is the learner's own load, which maps each page it reads into this
  // process's page table. peekRead leaves the page table as it was (src/traceless.h), so a peek
  // never shows up in the picture as a touch.
  const bytes = handle.peekRead(offset, length);
  const firstPage = Math.floor(offset / pageSize);
  const pages = [];
  for (let at = offset; at < offset + length;) {
    const index = Math.floor(at / pageSize) - firstPage;
    const end = Math.min(offset + length, (firstPage + index + 1) * pageSize);
    if (after[index] === 1) {
      pages.push(before[index] === 1 ? 'memory' : 'swap');
    } else {
      // A page that got a frame since `after` was taken is still called untouched: its bytes are
      // the zeros it held then, so a page's name and its bytes always agree.
      bytes.fill(0, at - offset, end - offset);
      pages.push('untouched');
    }
    at = end;
  }
  return { bytes, firstPage, pages };
}

module.exports = { peekPages };
