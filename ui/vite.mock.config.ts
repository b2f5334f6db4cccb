// The app over a fake backend, for screenshots and design work in a plain browser:
// `npx vite build -c vite.mock.config.ts` writes dist-mock/ (never shipped).
import { defineConfig, mergeConfig } from 'vite';
import base from './vite.config';

export default mergeConfig(
  base,
  defineConfig({
    build: {
      outDir: 'dist-mock',
      rollupOptions: { input: 'mock.html' },
    },
    server: { port: 1421 },
  }),
);
