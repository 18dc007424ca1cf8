// Requests the host must refuse with an error answer, never a crash: unknown
// commands, inputs outside the schemas, and frames that are not requests at
// all. Each says what answer it expects, so a wrong one is counted.
import { MAX_READ_LENGTH } from '../../src-main/common/schemas';
import { MAX_MESSAGE_BYTES } from '../../src-main/web/server';
import type { Random } from './random';

/** What the host must do with an invalid frame. */
export type InvalidExpectation =
  /** Answer the frame's id with this code. */
  | { answer: 'E_BAD_INPUT' | 'E_UNKNOWN_COMMAND'; id: 'own' }
  /** Answer with id null (it could not read an id), code E_BAD_INPUT. */
  | { answer: 'E_BAD_INPUT'; id: null }
  /** Close the socket with 1009 (message too big). */
  | { close: 1009 };

/** A frame to send as it is. `text` holds "<id>" where the tab's next id goes. */
export interface InvalidAction {
  kind: 'invalid';
  label: string;
  frame: { text: string } | { bytes: number[]; binary: boolean };
  expect: InvalidExpectation;
}

const ID = '<id>';

const request = (command: unknown, input: unknown): string =>
  JSON.stringify({ id: 0, command, input }).replace('"id":0', `"id":${ID}`);

const badInputs: readonly [string, unknown][] = [
  ['createSegment', { key: 0, size: 0 }],
  ['createSegment', { key: 0, size: 2 ** 31 }],
  ['createSegment', { key: 0, size: '4096' }],
  ['createSegment', { key: 0, size: 4096, extra: true }],
  ['attach', { process: 'C', shmid: 1 }],
  ['attach', { process: 'A', shmid: -1 }],
  ['attach', { process: 'A', shmid: 1, address: '0xzz' }],
  ['write', { process: 'A', offset: 0, type: 'u33', value: '1' }],
  ['write', { process: 'A', offset: 0, type: 'u8', value: '256' }],
  ['write', { process: 'A', offset: 0, type: 'u32', value: 'abc' }],
  ['write', { process: 'A', offset: -4, type: 'u32', value: '1' }],
  ['read', { process: 'B', offset: 0, length: MAX_READ_LENGTH + 1 }],
  ['read', { process: 'B', offset: 1.5, length: 4 }],
  ['race', { offset: 2, times: 10 }],
  ['race', { offset: 0, times: 0 }],
  ['semop', { process: 'A', semid: 0, ops: [] }],
  ['semop', { process: 'A', semid: 0, ops: [{ semnum: 99, op: 1 }] }],
  ['createSemaphore', { key: 0, nsems: 0 }],
  ['killProcess', { process: 'A', signal: 'SIGSTOP' }],
  ['runProgram', { programId: 'not-an-id' }],
  ['compileProgram', { source: 'int main(void){}\u0000' }],
  ['programInput', { runId: 0, data: 'x' }],
  ['ftok', { path: '', projectId: 1 }],
  ['ftok', { path: '/tmp', projectId: 0 }],
  ['getState', {}],
  ['detach', null],
  ['viewMemory', { process: 'A', offset: 0, length: 70_000 }],
];

const unknownCommands: readonly unknown[] = ['shmctl', 'getstate', '', 42, null, '__proto__'];

/** Bytes that are not UTF-8 (a lone continuation byte and an overlong NUL). */
const NOT_UTF8 = [0x7b, 0x80, 0xc0, 0x80, 0x7d];

/** One invalid frame; `huge` allows the rare one over the host's message limit. */
export function nextInvalid(random: Random): InvalidAction {
  const what = random.weighted({ badInput: 6, unknown: 2, malformed: 2, tooBig: 0.1 });
  if (what === 'badInput') {
    const [command, input] = random.pick(badInputs);
    return {
      kind: 'invalid',
      label: `bad input to ${command}`,
      frame: { text: request(command, input) },
      expect: { answer: 'E_BAD_INPUT', id: 'own' },
    };
  }
  if (what === 'unknown') {
    return {
      kind: 'invalid',
      label: 'unknown command',
      frame: { text: request(random.pick(unknownCommands), undefined) },
      expect: { answer: 'E_UNKNOWN_COMMAND', id: 'own' },
    };
  }
  if (what === 'tooBig') {
    return {
      kind: 'invalid',
      label: 'a message over the limit',
      frame: { text: request('getState', 'x'.repeat(MAX_MESSAGE_BYTES + 1)) },
      expect: { close: 1009 },
    };
  }
  const malformed = random.pick([
    { label: 'not JSON', frame: { text: '{"id": 1, command' } },
    { label: 'a JSON array', frame: { text: '[1, 2, 3]' } },
    { label: 'an id that is a string', frame: { text: '{"id": "7", "command": "getState"}' } },
    { label: 'a binary frame', frame: { bytes: [1, 2, 3, 4], binary: true } },
    { label: 'text that is not UTF-8', frame: { bytes: NOT_UTF8, binary: false } },
  ]);
  return { kind: 'invalid', ...malformed, expect: { answer: 'E_BAD_INPUT', id: null } };
}
