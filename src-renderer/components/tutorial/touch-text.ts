// What a touch did (pane 4), told only from what the kernel showed: the page's pagemap entry in
// the touching process before and after, and the other process's entry before.
import type { PageEntry, ProcessName } from '../../../src-main/common/api';
import type { TouchOutcome } from '../../store/outcomes';

const frame = (entry: PageEntry): string =>
  entry.pfn === null ? 'a frame (its number is hidden from this user)' : `frame ${entry.pfn}`;

const present = (entry: PageEntry | null): entry is PageEntry => entry?.present === true;

/** The sentences that say what `touch` did, from the entries it recorded. */
export function touchText(touch: TouchOutcome): string {
  const name: ProcessName = touch.process;
  const other: ProcessName = name === 'A' ? 'B' : 'A';
  const { own, other: theirs } = touch.before;
  const access = touch.wrote
    ? 'loaded a byte, then stored to it without changing it'
    : 'loaded a byte (read-only: no store)';
  const head = `${name} ${access} at offset ${touch.offset} (page ${touch.page}, address ${touch.address}).`;
  if (present(own)) {
    return `${head} Page ${touch.page} was in ${name}’s page table already, at ${frame(own)}: no fault, nothing changed.`;
  }
  if (!present(touch.after)) {
    return `${head} Page ${touch.page} is still not present in ${name}’s page table by its pagemap.`;
  }
  const after = touch.after;
  if (present(theirs) && theirs.pfn !== null && theirs.pfn === after.pfn) {
    return (
      `${head} ${name} had no entry for this page, so its load faulted. The kernel found the ` +
      `frame the segment already had, ${after.pfn}, the one ${other} uses, and mapped it into ` +
      `${name}’s page table: a minor fault, with no memory allocated and nothing copied. The ` +
      `arrows now meet.`
    );
  }
  if (present(theirs)) {
    return (
      `${head} ${name} had no entry for this page, so its load faulted, and the kernel mapped ` +
      `${frame(after)} into ${name}’s page table, the page ${other} also has: a minor fault.`
    );
  }
  return (
    `${head} ${name} had no entry for this page and ${other} had none either, so the load ` +
    `faulted and the kernel mapped ${frame(after)} into ${name}’s page table. When ${other} ` +
    `touches the page, it gets this same frame.`
  );
}
