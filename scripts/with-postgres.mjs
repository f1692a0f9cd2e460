#!/usr/bin/env node
// Runs a command against a throwaway PostgreSQL server:
//   node scripts/with-postgres.mjs <command> [args…]
// initdb in a temporary directory, a server on 127.0.0.1 and a free port with trust auth (local tests
// only), TEST_DATABASE_URL and DATABASE_URL exported to the command, then the server is stopped and its
// directory removed — also when the command fails or we are interrupted. Exits with the command's code.
// PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user via runuser.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const command = process.argv.slice(2);
if (command.length === 0) {
  console.error('usage: node scripts/with-postgres.mjs <command> [args…]');
  process.exit(2);
}

function findBinDir() {
  const candidates = [];
  if (process.env.PG_BIN_DIR) candidates.push(process.env.PG_BIN_DIR);
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // pg_config is not installed: look in Debian's versioned directories below.
  }
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  }
  return candidates.find(
    (dir) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'postgres')),
  );
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const binDir = findBinDir();
if (!binDir) {
  console.error(
    'with-postgres: no PostgreSQL server binaries found (initdb, postgres). Install them (Debian: apt-get install -y postgresql) or set PG_BIN_DIR.',
  );
  process.exit(1);
}

const asRoot = process.getuid?.() === 0;
/** Runs a PostgreSQL tool as the user that owns the data directory. */
function pgTool(tool, args, opts = {}) {
  const bin = path.join(binDir, tool);
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return spawnSync(file, argv, { encoding: 'utf8', ...opts });
}

const baseDir = mkdtempSync(path.join(os.tmpdir(), 'vitalbase-pg-'));
const dataDir = path.join(baseDir, 'data');
if (asRoot) chownSync(baseDir, ...postgresIds());

function postgresIds() {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return [uid, gid];
}

let started = false;
let cleanedUp = false;
// Also on an unexpected crash of this script: never leave a server running behind.
process.on('exit', () => cleanup());
function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  if (started) {
    const stop = pgTool('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30']);
    if (stop.status !== 0) pgTool('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
  }
  rmSync(baseDir, { recursive: true, force: true });
}

function fail(message, detail) {
  console.error(`with-postgres: ${message}`);
  if (detail) console.error(detail);
  cleanup();
  process.exit(1);
}

const init = pgTool('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
if (init.status !== 0) fail('initdb failed', `${init.stdout}\n${init.stderr}`);

// The server settings trade durability for speed: the data is thrown away at the end anyway.
const settings = [
  'listen_addresses=127.0.0.1',
  `unix_socket_directories=${baseDir}`,
  'max_connections=300',
  'fsync=off',
  'synchronous_commit=off',
  'full_page_writes=off',
];
// pg_stat_statements (a contrib module shipped with the server) lets the benchmark read PostgreSQL's time
// per statement (bench/src/hot-paths.ts); loaded where it is installed, ignored otherwise.
if (existsSync(path.join(binDir, '../lib/pg_stat_statements.so'))) {
  settings.push('shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track_planning=on');
}
let port;
for (let attempt = 0; attempt < 5 && !started; attempt++) {
  port = await freePort();
  const options = [`-p ${port}`, ...settings.map((s) => `-c ${s}`)].join(' ');
  const logFile = path.join(baseDir, 'server.log');
  const start = pgTool('pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', options]);
  if (start.status === 0) started = true;
  else if (attempt === 4) {
    const log = existsSync(logFile) ? execFileSync('tail', ['-n', '20', logFile], { encoding: 'utf8' }) : '';
    fail('the server did not start', `${start.stdout}\n${start.stderr}\n${log}`);
  }
}

const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
console.log(`with-postgres: PostgreSQL (${binDir}) on ${url}`);

const binPath = path.join(root, 'node_modules/.bin');
const child = spawn(command[0], command.slice(1), {
  stdio: 'inherit',
  env: {
    ...process.env,
    TEST_DATABASE_URL: url,
    DATABASE_URL: url,
    PATH: `${binPath}${path.delimiter}${process.env.PATH ?? ''}`,
  },
});

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    // Let the command wind down first; the exit handler below then stops the server.
    child.kill(signal);
  });
}

child.on('error', (err) => fail(`could not run ${command[0]}: ${err.message}`));
child.on('exit', (code, signal) => {
  cleanup();
  process.exit(code ?? 128 + (signal ? os.constants.signals[signal] : 1));
});
