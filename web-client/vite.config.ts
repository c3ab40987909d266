// Vite builds the client into dist/ (index.html + hashed assets, no inline scripts or styles,
// so a strict Content-Security-Policy works); Vitest runs the client's unit tests, which live in
// tests/unit/web-client/ (tests mirror the tree) but resolve packages from this folder.
import { loadEnv } from 'vite';
import { defineConfig } from 'vitest/config';

const nodeModules = decodeURIComponent(new URL('./node_modules/', import.meta.url).pathname);

export default defineConfig(({ mode }) => {
  // SAMRAD_DEV_SERVER (environment or .env) points `npm run dev` at a running server.
  const devServer = loadEnv(mode, '.', 'SAMRAD_')['SAMRAD_DEV_SERVER'] ?? 'http://127.0.0.1:8080';
  return {
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: true,
      // The polyfill is for browsers without <link rel="modulepreload">; all targets have it.
      modulePreload: { polyfill: false },
      // Never inline assets as data: URLs (a strict CSP would block them).
      assetsInlineLimit: 0,
    },
    server: {
      // `npm run dev` serves the client with hot reload and forwards the API to a running server.
      proxy: {
        '/api': { target: devServer, changeOrigin: false },
        '/ws': { target: devServer, ws: true, changeOrigin: false },
      },
    },
    resolve: {
      alias: [{ find: /^(ajv|markdown-it)(\/.*)?$/, replacement: `${nodeModules}$1$2` }],
    },
    test: {
      dir: '../tests/unit/web-client',
      include: ['**/*.test.ts'],
      environment: 'node',
    },
  };
});
