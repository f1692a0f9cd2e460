import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // `@vitalbase/core/<module>` reaches one module of core, so the first load carries only what it
    // uses (core's index also holds the password dictionaries, which the strength meter loads lazily).
    alias: [
      {
        find: /^@vitalbase\/core\/(.+)$/,
        replacement: `${fileURLToPath(new URL('../core/src/', import.meta.url))}$1`,
      },
    ],
  },
  server: { proxy: { '/api': 'http://localhost:8080', '/docs': 'http://localhost:8080' } },
  // The lazily loaded password dictionaries are one large chunk by nature; the first load stays small.
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 2048 },
});
