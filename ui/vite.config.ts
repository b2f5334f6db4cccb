import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Tauri serves ui/dist from its own protocol root and drives `npm run dev` on a fixed port.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebKitGTK and WKWebView on the oldest supported systems.
    target: ['es2021', 'safari15'],
    sourcemap: false,
  },
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    globals: false,
    restoreMocks: true,
    // A file's first test compiles the whole App on import: seconds on a busy 2-core machine.
    testTimeout: 20_000,
    env: { TZ: 'UTC' },
  },
});
