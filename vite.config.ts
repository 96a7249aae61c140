import { defineConfig } from 'vite';

/**
 * One build for every web UI: each page is an entry, shared code is split into common
 * chunks, and the server serves `dist/web` at /kiosk, /display, /counter and /rate.
 */
export default defineConfig({
  root: '.',
  base: '/',
  publicDir: false,
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        kiosk: 'kiosk/index.html',
        display: 'display/index.html',
        counter: 'counter/index.html',
        rate: 'counter/rate/index.html',
        admin: 'admin/index.html',
      },
    },
  },
});
