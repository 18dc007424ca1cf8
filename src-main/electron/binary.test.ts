// findElectronBinary against real temporary project folders.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from './binary';

describe('findElectronBinary', () => {
  let project: string;
  let packageDir: string;

  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), 'shmlab-binary-'));
    packageDir = join(project, 'node_modules', 'electron');
    mkdirSync(packageDir, { recursive: true });
  });

  afterEach(() => {
    rmSync(project, { recursive: true, force: true });
  });

  /** Writes path.txt and, when asked, the binary it names under dist/. */
  function install(pathText: string, createBinary: boolean): string {
    writeFileSync(join(packageDir, 'path.txt'), pathText);
    const binary = join(packageDir, 'dist', pathText.trim());
    if (createBinary) {
      mkdirSync(join(binary, '..'), { recursive: true });
      writeFileSync(binary, '#!/bin/sh\n', { mode: 0o755 });
    }
    return binary;
  }

  it('without path.txt: not found, and the reason names path.txt', () => {
    const result = findElectronBinary(project, {});
    expect(result.found).toBe(false);
    if (result.found) return;
    expect(result.reason).toContain('node_modules/electron/path.txt');
  });

  it('with a project that has no electron package at all: not found', () => {
    rmSync(join(project, 'node_modules'), { recursive: true });
    const result = findElectronBinary(project, {});
    expect(result).toEqual({ found: false, reason: expect.stringContaining('path.txt') });
  });

  it('path.txt naming a missing file: not found, and the reason names that path', () => {
    const binary = install('electron', false);
    const result = findElectronBinary(project, {});
    expect(result).toEqual({ found: false, reason: expect.stringContaining(binary) });
  });

  it('path.txt naming an existing file: found at dist/<path.txt>', () => {
    const binary = install('electron\n', true);
    expect(findElectronBinary(project, {})).toEqual({ found: true, path: binary });
    expect(binary).toBe(join(packageDir, 'dist', 'electron'));
  });

  it('path.txt with a nested path (as on macOS): found', () => {
    const binary = install('Electron.app/Contents/MacOS/Electron', true);
    expect(findElectronBinary(project, {})).toEqual({ found: true, path: binary });
  });

  it('an empty path.txt is not taken to mean the dist folder itself', () => {
    mkdirSync(join(packageDir, 'dist'));
    writeFileSync(join(packageDir, 'path.txt'), '\n');
    expect(findElectronBinary(project, {}).found).toBe(false);
  });

  it('path.txt naming a folder: not found', () => {
    mkdirSync(join(packageDir, 'dist', 'electron'), { recursive: true });
    writeFileSync(join(packageDir, 'path.txt'), 'electron');
    const result = findElectronBinary(project, {});
    expect(result).toEqual({
      found: false,
      reason: expect.stringContaining(join(packageDir, 'dist', 'electron')),
    });
  });

  describe('ELECTRON_EXEC_PATH', () => {
    it('an existing file wins over path.txt', () => {
      install('electron', true);
      const override = join(project, 'my-electron');
      writeFileSync(override, '#!/bin/sh\n', { mode: 0o755 });
      expect(findElectronBinary(project, { ELECTRON_EXEC_PATH: override })).toEqual({
        found: true,
        path: override,
      });
    });

    it('a missing file: not found, even with a good path.txt, and the reason names it', () => {
      install('electron', true);
      const override = join(project, 'no-such-electron');
      const result = findElectronBinary(project, { ELECTRON_EXEC_PATH: override });
      expect(result).toEqual({
        found: false,
        reason: expect.stringContaining(`ELECTRON_EXEC_PATH points to ${override}`),
      });
    });

    it('a folder: not found', () => {
      const result = findElectronBinary(project, { ELECTRON_EXEC_PATH: project });
      expect(result).toEqual({ found: false, reason: expect.stringContaining(project) });
    });

    it('an empty value is ignored', () => {
      const binary = install('electron', true);
      expect(findElectronBinary(project, { ELECTRON_EXEC_PATH: '' })).toEqual({
        found: true,
        path: binary,
      });
    });
  });
});
