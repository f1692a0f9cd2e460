import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const COMPRESSIBLE = /\.(js|css|html|svg|json|webmanifest|txt)$/;

/**
 * Writes `<file>.br` and `<file>.gz` beside every text file of the build, at the highest levels (paid
 * once here, not per request): the server sends them as they are (@fastify/static `preCompressed`).
 * Node's zlib does it; no plugin to keep up to date.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'vitalbase-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
        // .vite/ holds the build's manifest, read by the bundle budget, never served to browsers.
        if (!entry.isFile() || !COMPRESSIBLE.test(entry.name) || entry.parentPath.includes('.vite')) continue;
        const file = path.join(entry.parentPath, entry.name);
        const raw = readFileSync(file);
        const br = brotliCompressSync(raw, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        });
        const gz = gzipSync(raw, { level: 9 });
        // A file too small to shrink is sent as it is.
        if (br.length < raw.length) writeFileSync(`${file}.br`, br);
        if (gz.length < raw.length) writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), precompress()],
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
  build: {
    outDir: 'dist',
    sourcemap: true,
    // The lazily loaded password dictionaries are one large chunk by nature; the bundle budget
    // (scripts/check-bundle-size.mjs, `npm run size`) is what guards the first load.
    chunkSizeWarningLimit: 2048,
    // The chunk graph (entry, its imports, the lazy chunks) for the bundle budget.
    manifest: true,
  },
});
