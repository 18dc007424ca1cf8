// Finds the Electron binary without require('electron'), which would try to
// download it on machines where it is missing.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A folder exists too, but cannot be run: an empty path.txt would name dist/ itself. */
function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

/** Looks for ELECTRON_EXEC_PATH, then node_modules/electron/dist/<path.txt>. */
export function findElectronBinary(
  projectRoot: string,
  env: NodeJS.ProcessEnv = process.env,
): ElectronBinary {
  const override = env.ELECTRON_EXEC_PATH;
  if (override !== undefined && override !== '') {
    return isFile(override)
      ? { found: true, path: override }
      : {
          found: false,
          reason: `ELECTRON_EXEC_PATH points to ${override}, which is not an existing file`,
        };
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
  return isFile(binary)
    ? { found: true, path: binary }
    : { found: false, reason: `the Electron binary is missing at ${binary}` };
}
