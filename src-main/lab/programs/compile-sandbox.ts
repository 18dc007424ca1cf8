// Compiles run in a sandbox where the compiler (cc1, as, ld and all) can read only the system's
// folders and the program's own folder (issue 21, item 10: `#include "/etc/shadow"` printed the
// file's lines in the compiler's messages). The sandbox is a small C program of ours, built with
// the machine's cc into the programs folder on first use; it tries, in order:
//  - namespace: a mount namespace (in a user namespace) whose root holds nothing but /usr, the
//    other system folders and the program's folder: nothing else exists for the compiler;
//  - landlock: the kernel refuses to open anything else (for distributions that turn
//    unprivileged user namespaces off; Linux 5.13 and later).
// Where neither works, compiles are refused with the reason: a compile that can read any file
// the Lab can is what the issue forbids.
import { realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LabError } from '../../common/errors';
import { collect } from './compile-collect';
import type { CompileLimits } from './compile-limits';
import { COMPILE_SANDBOX_C } from './compile-sandbox-source';

export type SandboxMode = 'namespace' | 'landlock';

/** The modes tried, best first. */
export const SANDBOX_MODES: readonly SandboxMode[] = ['namespace', 'landlock'];

/** The folders the helper lets the compiler read besides the program's (compile-sandbox.c). */
export const SYSTEM_ROOTS: readonly string[] = [
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/etc/alternatives',
];

/** A sandbox that works here for one programs folder. */
export interface Sandbox {
  helper: string;
  mode: SandboxMode;
  folder: string;
}

const DESCRIPTIONS: Record<SandboxMode, string> = {
  namespace: "a mount namespace where only the system folders and this program's folder exist",
  landlock:
    "Landlock, which lets it open only the system folders and this program's folder (it can " +
    'still tell whether other paths exist)',
};

/** How a sandbox in `mode` confines the compiler, in words. */
export function sandboxText(mode: SandboxMode): string {
  return DESCRIPTIONS[mode];
}

/** Whether `path` is one of the system folders or inside one. */
export function inSystemRoots(path: string): boolean {
  return SYSTEM_ROOTS.some((root) => path === root || path.startsWith(`${root}/`));
}

/**
 * Folders the compiler `cc` needs beyond the system's: its own folder when it sits elsewhere
 * (a link in ~/bin), and the installation a link leads to (a compiler under /opt).
 */
export function compilerRoots(cc: string): string[] {
  const roots = new Set<string>();
  if (!inSystemRoots(dirname(cc))) roots.add(dirname(cc));
  let real = cc;
  try {
    real = realpathSync(cc);
  } catch {
    // A compiler that is not there fails on its own, with its own message.
  }
  // /opt/gcc-13/bin/gcc: the installation is /opt/gcc-13 (cc1 in libexec, headers in include).
  if (!inSystemRoots(real)) roots.add(dirname(dirname(real)));
  return [...roots].filter((root) => root !== '/');
}

/** The argv that runs `command` in `sandbox` under `limits`. */
export function sandboxArgv(
  sandbox: Sandbox,
  limits: CompileLimits,
  command: readonly string[],
): string[] {
  return [
    sandbox.helper,
    sandbox.mode,
    sandbox.folder,
    String(limits.addressSpaceBytes),
    String(limits.cpuSeconds),
    String(limits.fileSizeBytes),
    ...compilerRoots(command[0] ?? ''),
    '--',
    ...command,
  ];
}

const prepared = new Map<string, Promise<Sandbox>>();

/**
 * The sandbox for `folder`: the helper built there with `cc` (once per folder), and the first of
 * `modes` in which `cc --version` runs. E_UNAVAILABLE, with each mode's reason, when none does.
 */
export function prepareSandbox(options: {
  folder: string;
  cc: string;
  env: NodeJS.ProcessEnv;
  limits: CompileLimits;
  modes?: readonly SandboxMode[];
}): Promise<Sandbox> {
  const modes = options.modes ?? SANDBOX_MODES;
  const key = [options.folder, options.cc, ...modes].join('\0');
  let sandbox = prepared.get(key);
  if (sandbox === undefined) {
    sandbox = build(options.folder, options.cc, options.env).then((helper) =>
      choose(helper, options, modes),
    );
    // A failure is not kept: the next compile tries again (the machine may have changed).
    sandbox.catch(() => prepared.delete(key));
    prepared.set(key, sandbox);
  }
  return sandbox;
}

async function build(folder: string, cc: string, env: NodeJS.ProcessEnv): Promise<string> {
  const source = join(folder, '.compile-sandbox.c');
  const helper = join(folder, '.compile-sandbox');
  writeFileSync(source, COMPILE_SANDBOX_C, { mode: 0o600 });
  const run = await collect([cc, '-std=gnu17', '-O2', '-o', helper, source], {
    cwd: folder,
    env,
    timeoutMs: 60_000,
    cap: 64 * 1024,
  });
  if (run.exitCode !== 0) {
    throw new LabError(
      'E_UNAVAILABLE',
      `the compile sandbox could not be built with ${cc}, so nothing is compiled: ` +
        `${(run.stderr || run.stdout).trim().slice(0, 2000) || `exit ${run.exitCode ?? run.signal}`}`,
    );
  }
  return helper;
}

async function choose(
  helper: string,
  options: { folder: string; cc: string; env: NodeJS.ProcessEnv; limits: CompileLimits },
  modes: readonly SandboxMode[],
): Promise<Sandbox> {
  const reasons: string[] = [];
  for (const mode of modes) {
    const sandbox = { helper, mode, folder: options.folder };
    const run = await collect(sandboxArgv(sandbox, options.limits, [options.cc, '--version']), {
      cwd: options.folder,
      env: options.env,
      timeoutMs: 10_000,
      cap: 16 * 1024,
    });
    if (run.exitCode === 0) return sandbox;
    const why = run.stderr.trim().split('\n')[0] ?? '';
    reasons.push(`${mode}: ${why || `exit ${run.exitCode ?? run.signal}`}`);
  }
  throw new LabError(
    'E_UNAVAILABLE',
    "ShmLab compiles only in a sandbox that keeps the compiler out of every file but this program's " +
      `folder and the system's, and none works on this machine (${reasons.join('; ')}). ` +
      'Allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1 or ' +
      'user.max_user_namespaces, or an AppArmor profile allowing userns for ShmLab), or use a ' +
      'kernel with Landlock (Linux 5.13 or later, landlock in its lsm= list)',
  );
}
