// Finds the Electron binary without require('electron'), which would try to
// download it on machines where it is missing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

/** Looks for ELECTRON_EXEC_PATH, then node_modules/electron/dist/<path.txt>. */
export function findElectronBinary(
  projectRoot: string,
  env: NodeJS.ProcessEnv = process.env,
): ElectronBinary {
  const override = env.ELECTRON_EXEC_PATH;
  if (override !== undefined && override !== '') {
    return existsSync(override)
      ? { found: true, path: override }
      : { found: false, reason: `ELECTRON_EXEC_PATH points to ${override}, which does not exist` };
  }
  const packageDir = join(projectRoot, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      found: false,
      reason:
        'the Electron binary was never downloaded (node_modules/electron/path.txt is missing)',
    };
  }
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary)
    ? { found: true, path: binary }
    : { found: false, reason: `the Electron binary is missing at ${binary}` };
}
