/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

// Empties dist/ of the previous build but keeps dist/.gitkeep, which is
// committed so that the Go embed (//go:embed all:dist) compiles without a build.
function cleanDist(): Plugin {
  return {
    name: 'playbook-clean-dist',
    apply: 'build',
    buildStart() {
      for (const name of ['assets', 'index.html', '.vite', 'favicon.svg']) {
        rmSync(resolve(import.meta.dirname, 'dist', name), { recursive: true, force: true });
      }
    },
  };
}

// The backend (go run ./cmd/playbook serve) listens on 127.0.0.1:8080 in
// development; Vite proxies the API and the websocket to it.
const backend = process.env.PLAYBOOK_BACKEND || 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react(), cleanDist()],
  build: {
    outDir: 'dist',
    // Keep dist/.gitkeep (committed so //go:embed compiles without a build).
    emptyOutDir: false,
    manifest: true,
    // No inline scripts: the server's CSP is script-src 'self'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/ws': { target: backend, ws: true, changeOrigin: false },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
