// `npm start` runs this first: builds the web app (ensure-web-build.mjs) and the compiled core, server
// and CLI (build.mjs) when missing or older than their sources, so `npm ci && npm start` works on a
// fresh clone with no separate build step, and the server then runs as plain JavaScript.
import './ensure-web-build.mjs';
import { buildAll, buildIsStale } from './build.mjs';

if (buildIsStale()) {
  console.log('Building the server and the CLI (core, server and cli dist/)…');
  await buildAll();
}
