// `npm run build` (with the web app) and `npm start` (when the build is missing or stale): compiles core,
// server and CLI to JavaScript with esbuild, one ES module per package, so production runs plain
// `node` instead of the TypeScript loader (issue #19; start-up figures in bench/RESULTS.md).
//
// Each package is one bundle of its own sources: npm packages stay external (node_modules as
// installed, including the server's own nested ones: server/node_modules, which is why each bundle sits
// in its package's dist/), and a workspace package is imported from its bundle, so core is loaded once.
// The files the server reads at run time beside its modules (migrations, post-migration SQL, policy
// seeds) are copied next to server/dist/index.js, where `import.meta.url` now points. Every file is
// written to a temporary name and renamed, so a server starting during a build never reads half a file.
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** Bundles in dependency order; `assets` are [source dir, dir under dist/] the code reads at run time. */
const packages = [
  { name: 'core', entry: 'core/src/index.ts', out: 'core/dist/index.js' },
  {
    name: 'server',
    entry: 'server/src/index.ts',
    out: 'server/dist/index.js',
    assets: [
      ['server/src/db/migrations', 'migrations'], // db/client.ts migrationsFolder
      ['server/src/db/sql', 'sql'], // db/client.ts postMigrationFolder
      ['server/src/features/policies/seed', 'seed'], // policies/policy-seed.ts
    ],
  },
  { name: 'cli', entry: 'cli/src/index.ts', out: 'cli/dist/vitalbase.js' },
];

/** `@vitalbase/x` → the relative path of x's bundle; any other package → external as written. */
function workspaceImports(outFile) {
  return {
    name: 'workspace-imports',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        const workspace = /^@vitalbase\/([a-z-]+)$/.exec(args.path);
        const target = workspace && packages.find((p) => p.name === workspace[1]);
        if (workspace && !target) return { errors: [{ text: `no bundle for ${args.path}` }] };
        if (!target) return { path: args.path, external: true };
        const relative = path.relative(path.dirname(path.join(root, outFile)), path.join(root, target.out));
        return { path: relative.startsWith('.') ? relative : `./${relative}`, external: true };
      });
    },
  };
}

function writeAtomically(file, contents) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

function copyTree(from, to) {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      copyTree(source, target);
      continue;
    }
    mkdirSync(to, { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    copyFileSync(source, temporary);
    renameSync(temporary, target);
  }
}

export async function buildAll() {
  for (const pkg of packages) {
    const outFile = path.join(root, pkg.out);
    // Loaded here, not at the top: the CLI binary imports this file on every run to check staleness.
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: [path.join(root, pkg.entry)],
      outfile: outFile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Class names stay as written: errors are told apart by name in logs and `err.name`.
      keepNames: true,
      sourcemap: 'linked',
      write: false,
      logLevel: 'warning',
      plugins: [workspaceImports(pkg.out)],
    });
    for (const file of result.outputFiles) writeAtomically(file.path, file.contents);
    for (const [from, to] of pkg.assets ?? [])
      copyTree(path.join(root, from), path.join(path.dirname(outFile), to));
  }
}

/** The newest modification time of the sources a build reads (tests included: cheap, and simple). */
function newestSource() {
  const walk = (dir) => {
    let latest = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      latest = Math.max(latest, entry.isDirectory() ? walk(full) : statSync(full).mtimeMs);
    }
    return latest;
  };
  const files = ['package.json', 'package-lock.json', 'scripts/build.mjs'];
  return Math.max(
    ...packages.map((p) => walk(path.join(root, p.name, 'src'))),
    ...files.map((f) => statSync(path.join(root, f)).mtimeMs),
  );
}

/** True when a bundle is missing or older than a source. */
export function buildIsStale() {
  try {
    const oldestOutput = Math.min(...packages.map((p) => statSync(path.join(root, p.out)).mtimeMs));
    return newestSource() > oldestOutput;
  } catch {
    return true;
  }
}

if (process.argv[1] === import.meta.filename) {
  if (process.argv.includes('--clean'))
    for (const p of packages) rmSync(path.join(root, p.name, 'dist'), { recursive: true, force: true });
  const started = performance.now();
  await buildAll();
  console.log(
    `built ${packages.map((p) => p.out).join(', ')} in ${Math.round(performance.now() - started)} ms`,
  );
}
