import { describe, expect, it } from 'vitest';
import { detachText } from './detach-text';

describe('the exit-detaches sentence', () => {
  it('says both readings when it has them', () => {
    const note = { pid: 9, shmid: 5, before: { nattch: 3, at: 1 }, after: { nattch: 2, at: 2 } };
    expect(detachText(note)).toBe('Exit detaches implicitly: segment 5, nattch went from 3 to 2');
  });

  it('says only what was read', () => {
    const base = { pid: 9, shmid: 5, before: null, after: null };
    expect(detachText({ ...base, after: { nattch: 2, at: 2 } })).toBe(
      'Exit detaches implicitly: segment 5, nattch is now 2',
    );
    expect(detachText({ ...base, before: { nattch: 3, at: 1 } })).toMatch(/nattch was 3;/);
    expect(detachText(base)).toBe('Exit detaches implicitly: segment 5');
  });
});
