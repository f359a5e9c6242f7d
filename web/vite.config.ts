import { defineConfig, loadEnv } from 'vite';

// `npm run dev` serves the app with hot reload and forwards the API to a running
// `kinora serve` (KINORA_API_URL, default http://127.0.0.1:8080). `npm run build`
// writes web/dist, which the server itself serves at `/`.
export default defineConfig(({ mode }) => {
  const api = loadEnv(mode, '.', 'KINORA_').KINORA_API_URL || 'http://127.0.0.1:8080';
  const proxy = { '/v1': api, '/api': api, '/healthz': api };
  return {
    // esbuild compiles TSX with Preact's automatic JSX runtime; no framework plugin needed.
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
    server: { proxy },
    preview: { proxy },
  };
});
