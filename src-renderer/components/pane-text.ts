// Small pieces of text the process pane repeats: kernel addresses and the one-line status of a
// child process. (Byte counts and offsets: src-main/common/offset-text.ts.)
import type { HexString, ProcessName, ProcessState } from '../../src-main/common/api';
import { toBigIntAddress } from '../../src-main/common/address';
import { formatAddress } from '../../src-main/common/address';

/**
 * An address as a process reported it, in the app's one notation. Should a report ever hold
 * something that is not an address, it is shown as it came rather than hidden or guessed at.
 */
export function kernelAddressText(address: HexString): string {
  try {
    return formatAddress(toBigIntAddress(address));
  } catch {
    return address;
  }
}

/** `running`, `starting`, `exited with code 1`, `killed by SIGKILL`. */
export function statusText(state: ProcessState): string {
  if (state.status !== 'exited') return state.status;
  if (state.signal !== null) return `killed by ${state.signal}`;
  if (state.exitCode !== null) return `exited with code ${state.exitCode}`;
  return 'exited';
}

/** The pane header's line after the process name: `pid 4242 · running`. */
export function statusLine(state: ProcessState): string {
  const status = statusText(state);
  return state.pid === null ? status : `pid ${state.pid} · ${status}`;
}

/** Why a command cannot go to the process now, or null while it runs. */
export function notRunningText(name: ProcessName, state: ProcessState): string | null {
  if (state.status === 'running') return null;
  if (state.status === 'starting') return `Process ${name} is still starting.`;
  return `Process ${name} is not running (${statusText(state)}); respawn it first.`;
}
