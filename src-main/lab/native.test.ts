import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectRoot, native } from './native';

describe('native loader', () => {
  it('finds the project root from a nested folder', () => {
    const root = findProjectRoot(import.meta.dirname);
    expect(existsSync(join(root, 'native', 'binding.gyp'))).toBe(true);
    expect(findProjectRoot(join(root, 'native', 'src'))).toBe(root);
  });

  it('throws when no ShmLab package.json is above the start folder', () => {
    expect(() => findProjectRoot('/proc/self')).toThrow(/no ShmLab package.json/);
  });

  it('loads the addon with the kernel constants', () => {
    expect(native.constants.IPC_CREAT).toBe(0o1000);
    expect(native.constants.pageSize % 4096).toBe(0);
  });
});
