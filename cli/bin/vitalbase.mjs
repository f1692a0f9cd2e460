#!/usr/bin/env node
// Runs the compiled CLI (cli/dist, from scripts/build.mjs), as `npm start` does: plain JavaScript, no
// TypeScript loader. A missing or stale build (sources newer than it) is built first (under a second),
// so the command always runs the sources as they are. Messages go to stderr: stdout is the command's.
import { buildAll, buildIsStale } from '../../scripts/build.mjs';

if (buildIsStale()) {
  process.stderr.write('Building the CLI and the server (scripts/build.mjs)…\n');
  await buildAll();
}
// Stack traces name the TypeScript files and lines (the bundles carry linked source maps).
process.setSourceMapsEnabled(true);
await import('../dist/vitalbase.js');
