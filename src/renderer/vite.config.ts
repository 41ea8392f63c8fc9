// Builds the renderer (the UI) into dist/renderer: `vite build --config src/renderer/vite.config.ts`.
// The output is loaded by Electron from disk and served by the browser host, so paths are relative
// and nothing is inlined that the strict Content-Security-Policy would refuse.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: path.resolve(here, '../../dist/renderer'),
    emptyOutDir: true,
    // Inlined assets would become data: URLs for scripts/styles, which the CSP refuses.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: true,
    target: 'es2022',
  },
});
