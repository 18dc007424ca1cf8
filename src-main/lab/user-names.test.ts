import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeUid, userName, userNameIn } from './user-names';

describe('user names from /etc/passwd', () => {
  const text =
    'root:x:0:0:root:/root:/bin/bash\n# comment\nalice:x:1000:1000::/home/alice:/bin/sh\n';

  it('finds the name of a listed uid, and null for others', () => {
    expect(userNameIn(text, 1000)).toBe('alice');
    expect(userNameIn(text, 0)).toBe('root');
    expect(userNameIn(text, 4242)).toBeNull();
    expect(userNameIn('', 0)).toBeNull();
  });

  it('reads the real file: the name /etc/passwd gives our uid', () => {
    const uid = process.getuid!();
    const listed = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((line) => line.split(':')[2] === String(uid))
      ?.split(':')[0];
    expect(userName(uid)).toBe(listed ?? null);
    expect(describeUid(uid)).toBe(listed === undefined ? `uid ${uid}` : `uid ${uid} (${listed})`);
    expect(userName(0, '/nonexistent/passwd')).toBeNull();
  });
});
