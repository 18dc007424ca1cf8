// What `npm start` runs: the desktop app when Electron can open a window
// here, web mode otherwise (or when asked for), with the reason in one sentence.
import type { ElectronBinary } from './binary';

export type LaunchPlan =
  | { mode: 'electron'; binary: string }
  /** `why` is null when web mode was asked for. */
  | { mode: 'web'; why: string | null };

/** Decides between the desktop window and web mode, when web mode was not asked for. */
export function planLaunch(electron: ElectronBinary, env: NodeJS.ProcessEnv): LaunchPlan {
  if (!electron.found) return { mode: 'web', why: electron.reason };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return {
      mode: 'web',
      why: 'there is no graphical session for its window (neither DISPLAY nor WAYLAND_DISPLAY is set)',
    };
  }
  return { mode: 'electron', binary: electron.path };
}

/** The one sentence `npm start` prints before falling back to web mode. */
export function fallbackSentence(why: string): string {
  return `ShmLab cannot open its desktop window: ${why}; starting web mode instead.`;
}
