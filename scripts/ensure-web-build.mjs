// `npm start` runs this first: builds the web app when web/dist is missing or older than its sources,
// so `npm ci && npm start` works on a fresh clone with no separate build step.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'web/dist/index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

const sources = [path.join(root, 'web/src'), path.join(root, 'core/src'), path.join(root, 'web/public')];
const files = ['web/index.html', 'web/vite.config.ts'].map((f) => statSync(path.join(root, f)).mtimeMs);
const stale =
  !existsSync(dist) || Math.max(...sources.filter(existsSync).map(newest), ...files) > statSync(dist).mtimeMs;
if (stale) {
  console.log('Building the web app (web/dist)…');
  // A production build even when called from a test runner that set NODE_ENV=test.
  execSync('npm run build -w web', {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
