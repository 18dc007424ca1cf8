// User names for uids, from /etc/passwd, so a message can say whose a
// segment is ("uid 1000 (alice)"). Accounts from LDAP and the like are not
// in the file; the uid alone is shown then.
import { readFileSync } from 'node:fs';

/** The name of `uid` in `passwdText` (the text of /etc/passwd), or null. */
export function userNameIn(passwdText: string, uid: number): string | null {
  for (const line of passwdText.split('\n')) {
    const [name, , id] = line.split(':');
    if (name !== undefined && name !== '' && id !== undefined && Number(id) === uid && id !== '') {
      return name;
    }
  }
  return null;
}

/** The name of `uid` in /etc/passwd, or null when it is not listed or unreadable. */
export function userName(uid: number, passwdFile = '/etc/passwd'): string | null {
  try {
    return userNameIn(readFileSync(passwdFile, 'utf8'), uid);
  } catch {
    return null;
  }
}

/** "uid 1000 (alice)", or "uid 1000" when the name is unknown. */
export function describeUid(uid: number): string {
  const name = userName(uid);
  return name === null ? `uid ${uid}` : `uid ${uid} (${name})`;
}
