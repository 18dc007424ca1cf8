// What the attach form checks as the learner types, and the shmat request it sends. The kernel
// has the last word: these checks only catch input that could not even be sent.
import type { ProcessName, ProcessState } from '../../src-main/common/api';
import { parseAddress } from '../../src-main/common/address';
import { parseIntegerText } from '../../src-main/common/number-text';
import type { CommandInput } from '../../src-main/common/schemas';
import { formatAddress } from '../../src-main/common/address';
import type { SegmentOwnership } from '../store/segment-ownership';
import { kernelAddressText, notRunningText } from './pane-text';

const SHMID_MAX = 2 ** 31 - 1;

/** What the segment id field accepts. */
export const SHMID_ALLOWED = `a segment id from 0 to ${SHMID_MAX}, as shmget returned it or ipcs -m lists it`;

/** Where shmat maps the segment: NULL lets the kernel choose. */
export type AddressMode = 'kernel' | 'requested';

/** A field's parsed value, or a message that says what was wrong and what is allowed. */
export type FieldCheck<T> = { ok: true; value: T } | { ok: false; message: string };

/** Parses a typed segment id (decimal, or 0x/0b/0o as for other integers). */
export function parseShmidText(text: string): FieldCheck<number> {
  const fail = (problem: string): FieldCheck<number> => ({
    ok: false,
    message: `${problem}; allowed: ${SHMID_ALLOWED}`,
  });
  if (text.trim() === '') return fail('The segment id is empty');
  const parsed = parseIntegerText(text);
  if (!parsed.ok) return fail(`"${text.trim()}" is not a segment id: ${parsed.reason}`);
  const { value } = parsed.value;
  if (value < 0n || value > BigInt(SHMID_MAX)) return fail(`${value} is out of range`);
  return { ok: true, value: Number(value) };
}

/** Parses a requested attach address into the `0x…` form the attach command takes. */
export function parseRequestedAddress(text: string): FieldCheck<bigint> {
  const parsed = parseAddress(text);
  if (parsed.ok) return { ok: true, value: parsed.address };
  return { ok: false, message: `${parsed.error.message}; allowed: ${parsed.error.allowed}` };
}

/**
 * A word about a valid requested address that the kernel will treat specially: NULL, or not a
 * multiple of SHMLBA. Explains the rule only; what the kernel does is shown by its answer.
 */
export function addressNote(address: bigint, shmlba: number | null, round: boolean): string | null {
  if (address === 0n) return '0x0 is NULL: the kernel chooses the address, as in the other mode.';
  if (shmlba === null || shmlba <= 0 || address % BigInt(shmlba) === 0n) return null;
  const lba = `SHMLBA (${shmlba} = 0x${shmlba.toString(16)} on this system)`;
  return round
    ? `${formatAddress(address)} is not a multiple of ${lba}; SHM_RND asks the kernel to round it down.`
    : `${formatAddress(address)} is not a multiple of ${lba}; without SHM_RND the kernel refuses it with EINVAL.`;
}

export interface AttachFormInput {
  process: ProcessName;
  state: ProcessState;
  shmidText: string;
  mode: AddressMode;
  addressText: string;
  readOnly: boolean;
  round: boolean;
  shmlba: number | null;
  /** Whose segment the typed id names (from IPC_STAT and the Lab's records). */
  ownership: SegmentOwnership;
  /** The learner's explicit choice to attach a foreign segment read-write. */
  writeForeign: boolean;
}

export interface AttachPlan {
  shmid: FieldCheck<number>;
  /** Null in kernel mode, where the address field is not used. */
  address: FieldCheck<bigint> | null;
  note: string | null;
  /** Why the request cannot be sent now, or null when it can. */
  blocked: string | null;
  request: CommandInput<'attach'> | null;
}

function blockedBy(
  input: AttachFormInput,
  plan: Omit<AttachPlan, 'blocked' | 'request'>,
): string | null {
  const { process, state } = input;
  const notRunning = notRunningText(process, state);
  if (notRunning !== null) return notRunning;
  if (state.attachment !== null) {
    const { shmid, address } = state.attachment;
    return `${process} already has segment ${shmid} attached at ${kernelAddressText(address)}; detach (shmdt) first.`;
  }
  if (!plan.shmid.ok) return 'Enter a valid segment id.';
  if (plan.address !== null && !plan.address.ok) return 'Enter a valid requested address.';
  // The default access depends on whose segment it is; wait for IPC_STAT to say.
  if (input.ownership.kind === 'checking')
    return `Checking segment ${plan.shmid.value} with IPC_STAT…`;
  return null;
}

/** Checks the form and builds the attach request when it can be sent. */
export function planAttach(input: AttachFormInput): AttachPlan {
  const shmid = parseShmidText(input.shmidText);
  const address = input.mode === 'requested' ? parseRequestedAddress(input.addressText) : null;
  const note = address?.ok === true ? addressNote(address.value, input.shmlba, input.round) : null;
  const blocked = blockedBy(input, { shmid, address, note });
  if (blocked !== null || !shmid.ok) return { shmid, address, note, blocked, request: null };
  // Another program's segment opens read-only unless the learner chose write access for it.
  const foreign = input.ownership.kind === 'foreign';
  const request: CommandInput<'attach'> = {
    process: input.process,
    shmid: shmid.value,
    readOnly: foreign ? !input.writeForeign : input.readOnly,
    round: input.round,
  };
  if (foreign && input.writeForeign) request.writeForeign = true;
  if (address?.ok === true) request.address = `0x${address.value.toString(16)}`;
  return { shmid, address, note, blocked, request };
}
