import { describe, expect, it } from 'vitest';
import type { ProcessState } from '../../src-main/common/api';
import { kernelAddressText, notRunningText, statusLine, statusText } from './pane-text';

const running: ProcessState = {
  name: 'A',
  pid: 4242,
  status: 'running',
  exitCode: null,
  signal: null,
  attachment: null,
};

describe('kernelAddressText', () => {
  it('pads addresses to the app notation', () => {
    expect(kernelAddressText('0x7F3A1442E000')).toBe('0x7f3a1442e000');
    expect(kernelAddressText('0x401000')).toBe('0x000000401000');
  });

  it('shows a malformed report as it came', () => {
    expect(kernelAddressText('nowhere')).toBe('nowhere');
  });
});

describe('statusText and statusLine', () => {
  it('shows pid and status while running', () => {
    expect(statusLine(running)).toBe('pid 4242 · running');
  });

  it('omits the pid before the child has one', () => {
    expect(statusLine({ ...running, pid: null, status: 'starting' })).toBe('starting');
  });

  it('names the exit code or the signal', () => {
    expect(statusText({ ...running, status: 'exited', exitCode: 1 })).toBe('exited with code 1');
    expect(statusText({ ...running, status: 'exited', signal: 'SIGKILL' })).toBe(
      'killed by SIGKILL',
    );
    expect(statusText({ ...running, status: 'exited' })).toBe('exited');
  });
});

describe('notRunningText', () => {
  it('is null while running and says why otherwise', () => {
    expect(notRunningText('A', running)).toBeNull();
    expect(notRunningText('A', { ...running, status: 'starting' })).toBe(
      'Process A is still starting.',
    );
    expect(notRunningText('B', { ...running, status: 'exited', exitCode: 1 })).toBe(
      'Process B is not running (exited with code 1); respawn it first.',
    );
  });
});
