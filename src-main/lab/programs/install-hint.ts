// How to get a C compiler on this machine, from /etc/os-release: the one command for the
// distributions we can name, a general sentence otherwise.
import { readFileSync } from 'node:fs';

const GENERAL =
  "Install a C compiler with your system's package manager (the package is usually called gcc " +
  'or clang), so that `cc` is on the PATH, then restart ShmLab.';

/** The ID and ID_LIKE words of an os-release file's text, lowercased. */
export function osReleaseIds(text: string): string[] {
  const ids: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^(ID|ID_LIKE)=(.*)$/.exec(line.trim());
    if (match === null) continue;
    const value = (match[2] ?? '').replace(/^["']|["']$/g, '');
    ids.push(...value.toLowerCase().split(/\s+/).filter(Boolean));
  }
  return ids;
}

/**
 * The install command for a distribution with these os-release ids; `sudo ` in front unless the
 * Lab runs as root.
 */
export function installHintFor(ids: readonly string[], root = process.getuid?.() === 0): string {
  const has = (...names: string[]): boolean => names.some((name) => ids.includes(name));
  const sudo = root ? '' : 'sudo ';
  if (has('debian', 'ubuntu')) return `${sudo}apt-get install gcc`;
  if (has('fedora', 'rhel', 'centos')) return `${sudo}dnf install gcc`;
  if (has('arch')) return `${sudo}pacman -S gcc`;
  if (has('alpine')) return `${sudo}apk add build-base`;
  return GENERAL;
}

/** The hint for this machine (os-release in /etc, else /usr/lib, as systemd documents). */
export function installHint(files = ['/etc/os-release', '/usr/lib/os-release']): string {
  for (const file of files) {
    try {
      return installHintFor(osReleaseIds(readFileSync(file, 'utf8')));
    } catch {
      // Not there: try the next place.
    }
  }
  return GENERAL;
}
