import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;
const at = (path: string): string => resolve(root, path);

// Our folders are not electron-vite's defaults (src/main, src/preload,
// src/renderer), so every entry is given explicitly.
export default defineConfig({
  main: {
    build: {
      outDir: at('out/main'),
      rolldownOptions: {
        input: {
          index: at('src-main/electron/main.ts'),
          child: at('src-main/lab/child-main.ts'),
          web: at('src-main/web/web-main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: at('out/preload'),
      rolldownOptions: {
        input: { index: at('src-main/electron/preload.ts') },
        // A sandboxed preload must be one CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: at('src-renderer'),
    plugins: [react()],
    build: {
      outDir: at('out/renderer'),
      // Minified, the page loads and parses less than half the bytes. SHMLAB_NO_MINIFY=1 keeps
      // function names readable for a CPU profile of the renderer.
      minify: process.env.SHMLAB_NO_MINIFY === undefined,
      rolldownOptions: {
        input: { index: at('src-renderer/index.html') },
      },
    },
  },
});
