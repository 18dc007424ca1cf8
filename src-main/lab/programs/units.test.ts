// The small pure parts of the programs section: install hints, the output queue, /proc/<pid>/stat
// and maps parsing, wait statuses, the workspace's kept programs, the supervisor's argv and lines,
// the limits as applied, and the cgroup tables of /proc.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installHintFor, osReleaseIds } from './install-hint';
import { cgroupMounts, ownCgroups } from './run-cgroup';
import { DEFAULT_LIMITS, effectiveLimits } from './run-limits';
import { parseSupervisorLine, supervisorArgv } from './supervisor';
import { OutputQueue } from './output-queue';
import { parseAttachments, parseStat } from './processes';
import { decodeWaitStatus, signalName } from './signals';
import { KEPT_PROGRAMS, Workspace } from './workspace';
import { existsSync } from 'node:fs';

describe('install hints', () => {
  it('reads ID and ID_LIKE, quoted or not', () => {
    expect(osReleaseIds('NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n')).toEqual([
      'ubuntu',
      'debian',
    ]);
    expect(osReleaseIds('ID="rocky"\nID_LIKE="rhel centos fedora"')).toEqual([
      'rocky',
      'rhel',
      'centos',
      'fedora',
    ]);
  });

  it('names the command of each family, with sudo unless root', () => {
    expect(installHintFor(['debian'], true)).toBe('apt-get install gcc');
    expect(installHintFor(['ubuntu', 'debian'], false)).toBe('sudo apt-get install gcc');
    expect(installHintFor(['fedora'], true)).toBe('dnf install gcc');
    expect(installHintFor(['rocky', 'rhel'], true)).toBe('dnf install gcc');
    expect(installHintFor(['arch'], true)).toBe('pacman -S gcc');
    expect(installHintFor(['alpine'], false)).toBe('sudo apk add build-base');
    expect(installHintFor(['gentoo'], true)).toMatch(/^Install a C compiler/);
  });
});

describe('OutputQueue', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('coalesces pushes into one event per interval', () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const queue = new OutputQueue((text) => sent.push(text), 20, 100);
    queue.push('a');
    queue.push('b');
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(20);
    expect(sent).toEqual(['ab']);
  });

  it('drops what exceeds the bound and says how many bytes, without splitting a pair', () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const queue = new OutputQueue((text) => sent.push(text), 20, 4);
    queue.push('abc😀é'); // the emoji straddles the bound: it goes whole into the dropped part
    vi.advanceTimersByTime(20);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^abc\r\n\[ShmLab: 6 bytes of output dropped/);
    queue.push('next');
    queue.flush();
    expect(sent[1]).toBe('next');
  });
});

describe('/proc parsing', () => {
  it('reads pid, state, ppid, pgid, sid, start time and exit code from stat', () => {
    const fields = Array.from({ length: 50 }, (_, index) => String(index + 3));
    fields[0] = 'Z';
    fields[1] = '10';
    fields[2] = '11';
    fields[3] = '12';
    fields[19] = '98765';
    fields[49] = String(5 << 8);
    const text = `4242 (a (weird) name) ${fields.join(' ')}\n`;
    expect(parseStat(text)).toEqual({
      pid: 4242,
      state: 'Z',
      ppid: 10,
      pgid: 11,
      sid: 12,
      command: 'a (weird) name',
      startTime: '98765',
      waitStatus: 5 << 8,
    });
    expect(parseStat('garbage')).toBeNull();
  });

  it('finds System V attachments in maps, read-only ones too, and nothing else', () => {
    const maps = [
      '55d0c0a00000-55d0c0a01000 r--p 00000000 08:01 1234 /usr/bin/prog',
      '7f0000000000-7f0000002000 rw-s 00000000 00:01 32769 /SYSV0000002a (deleted)',
      '7f0000010000-7f0000011000 r--s 00000000 00:01 5 /SYSV00000000 (deleted)',
      '7f0000020000-7f0000021000 rw-s 00000000 00:1a 77 /dev/shm/posix',
      '7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]',
    ].join('\n');
    expect(parseAttachments(maps)).toEqual([
      { shmid: 32769, address: '0x7f0000000000', size: 0x2000, readOnly: false },
      { shmid: 5, address: '0x7f0000010000', size: 0x1000, readOnly: true },
    ]);
  });

  it('decodes wait statuses: exit codes and signals by name', () => {
    expect(decodeWaitStatus(0)).toEqual({ exitCode: 0, signal: null });
    expect(decodeWaitStatus(7 << 8)).toEqual({ exitCode: 7, signal: null });
    expect(decodeWaitStatus(9)).toEqual({ exitCode: null, signal: 'SIGKILL' });
    expect(decodeWaitStatus(2 | 0x80)).toEqual({ exitCode: null, signal: 'SIGINT' }); // core bit
    expect(signalName(24)).toBe('SIGXCPU');
  });
});

describe('Workspace', () => {
  it('keeps the last few programs (and those in use), deletes the rest and its folder', () => {
    const workspace = new Workspace();
    const made = Array.from({ length: KEPT_PROGRAMS + 2 }, () => workspace.newProgram('int x;\n'));
    const release = workspace.use(made[0]!.id);
    for (const files of made) workspace.keep(files);
    expect(workspace.program(made[0]!.id)).toBe(made[0]); // in use: kept
    expect(() => workspace.program(made[1]!.id)).toThrow(
      expect.objectContaining({ code: 'E_NO_SUCH_PROGRAM' }),
    );
    expect(existsSync(made[1]!.source)).toBe(false);
    expect(workspace.program(made.at(-1)!.id).id).toBe(`p${KEPT_PROGRAMS + 2}`);
    release();
    const dir = workspace.dir;
    workspace.dispose();
    expect(existsSync(dir)).toBe(false);
  });
});

describe('launch', () => {
  it('gives the supervisor the limits and the slave, then the program and its args untouched', () => {
    const argv = supervisorArgv({
      slavePath: '/dev/pts/9',
      cpuSeconds: 2,
      dataBytes: 1024 * 1024 + 5,
      nproc: 300,
      cgroup: null,
      program: '/tmp/x/p1',
      args: ['a b', '$HOME', '--'],
    });
    expect(argv).toEqual([
      '--lab',
      String(process.pid),
      '--pty',
      '/dev/pts/9',
      '--cpu',
      '2',
      '--data-kib',
      '1024',
      '--nproc',
      '300',
      '--',
      '/tmp/x/p1',
      'a b',
      '$HOME',
      '--',
    ]);
    expect(effectiveLimits({ cpuSeconds: 2, dataBytes: 1024 * 1024 + 5 })).toEqual({
      cpuSeconds: 2,
      dataBytes: 1024 * 1024,
      processes: DEFAULT_LIMITS.processes,
      wallSeconds: DEFAULT_LIMITS.wallSeconds,
    });
    expect(effectiveLimits({ processes: 0.5, wallSeconds: 2.9 })).toMatchObject({
      processes: 1,
      wallSeconds: 2,
    });
  });

  it('reads every line the supervisor writes, and nothing else', () => {
    expect(parseSupervisorLine('started 42 seccomp=on')).toEqual({
      kind: 'started',
      pid: 42,
      seccomp: 'on',
    });
    expect(parseSupervisorLine('failed exec ENOENT 2')).toEqual({
      kind: 'failed',
      stage: 'exec',
      code: 'ENOENT',
      errno: 2,
    });
    expect(parseSupervisorLine('exit 43 9')).toEqual({ kind: 'exit', pid: 43, waitStatus: 9 });
    expect(parseSupervisorLine('segment 7 -1 44')).toEqual({
      kind: 'segment',
      shmid: 7,
      key: -1,
      cpid: 44,
    });
    expect(parseSupervisorLine('set 8 1234 45')).toEqual({
      kind: 'set',
      semid: 8,
      key: 1234,
      pid: 45,
    });
    expect(parseSupervisorLine('over')).toEqual({ kind: 'over' });
    expect(parseSupervisorLine('exit 43')).toBeNull();
    expect(parseSupervisorLine('segment 7 x 44')).toBeNull();
  });

  it('finds the cgroup mounts and the Lab’s own cgroups', () => {
    const mountinfo = [
      '38 30 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids',
      '36 30 0:33 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer',
      '40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
    ].join('\n');
    expect(cgroupMounts(mountinfo)).toEqual({
      v2: '/sys/fs/cgroup/unified',
      v1Pids: '/sys/fs/cgroup/pids',
    });
    expect(
      ownCgroups('9:name=systemd:/\n8:pids:/a/b\n6:freezer:/\n0::/user.slice/x.scope\n'),
    ).toEqual({ v2: '/user.slice/x.scope', v1Pids: '/a/b' });
    expect(cgroupMounts('')).toEqual({ v2: null, v1Pids: null });
  });
});
