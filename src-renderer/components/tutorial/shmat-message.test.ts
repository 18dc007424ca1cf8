import { describe, expect, it } from 'vitest';
import type { ProcessState } from '../../../src-main/common/api';
import type { ShmatSituation } from './shmat-message';
import { shmatMessage } from './shmat-message';

const running: ProcessState = {
  name: 'A',
  pid: 5,
  status: 'running',
  exitCode: null,
  signal: null,
  attachment: null,
};
const attached: ProcessState = {
  ...running,
  attachment: { shmid: 9, address: '0x7f0000000000', size: 4096, readOnly: false },
};
const base: ShmatSituation = {
  name: 'A',
  shmid: 9,
  segmentGone: false,
  state: running,
  ownSuccess: false,
  lastFailed: false,
};

describe('shmatMessage', () => {
  it('shows the pane’s own success alone, never "detach first" above it', () => {
    expect(shmatMessage({ ...base, state: attached, ownSuccess: true })).toEqual({
      kind: 'attached',
    });
  });

  it('says "detach first" only for an attachment this pane did not just make', () => {
    const message = shmatMessage({ ...base, state: attached });
    expect(message.kind).toBe('blocked');
    expect(message.kind === 'blocked' && message.text).toMatch(/already has segment 9 attached/);
  });

  it('says a removed segment is gone instead of letting shmat fail', () => {
    const message = shmatMessage({ ...base, segmentGone: true, lastFailed: true });
    expect(message.kind === 'blocked' && message.text).toMatch(
      /Segment 9 no longer exists.*step 2/,
    );
  });

  it('shows the last failure when nothing stops a new attempt', () => {
    expect(shmatMessage({ ...base, lastFailed: true })).toEqual({ kind: 'failed' });
    expect(shmatMessage(base)).toEqual({ kind: 'none' });
    expect(shmatMessage({ ...base, shmid: null }).kind).toBe('blocked');
    const exited: ProcessState = { ...running, status: 'exited', exitCode: 1 };
    expect(shmatMessage({ ...base, state: exited }).kind).toBe('blocked');
  });
});
