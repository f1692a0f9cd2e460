import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * PostgreSQL's own tools (pg_dump, pg_restore): from PG_BIN_DIR, else Debian's newest versioned
 * directory (a dump must be made by a pg_dump at least as new as the server), else the PATH.
 */
function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const dirs: string[] = [];
  if (process.env.PG_BIN_DIR) dirs.push(process.env.PG_BIN_DIR);
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    dirs.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  }
  const found = dirs.map((d) => path.join(d, name)).find((f) => existsSync(f));
  return found ?? name;
}

/**
 * Runs a PostgreSQL tool against `databaseUrl`. The password goes in the environment (PGPASSWORD), not
 * on the command line where any local user could read it in the process list.
 */
export async function runPgTool(
  name: 'pg_dump' | 'pg_restore',
  databaseUrl: string,
  args: string[],
): Promise<void> {
  // Split by hand: a pg_auto_failover URL lists several hosts (libpq's tools take it as is), which the
  // URL class cannot parse.
  const m = /^(postgres(?:ql)?:\/\/)([^:@/]*)(?::([^@/]*))?@(.*)$/.exec(databaseUrl);
  const password = m?.[3] ? decodeURIComponent(m[3]) : '';
  const dbname = m ? `${m[1]}${m[2]}@${m[4]}` : databaseUrl;
  try {
    await run(pgTool(name), [...args, `--dbname=${dbname}`], {
      env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error(`${name} was not found: install PostgreSQL's client tools or set PG_BIN_DIR`);
    }
    // pg_dump/pg_restore name objects and options, never row values: their message is safe to show.
    throw new Error(`${name} failed: ${(e.stderr ?? e.message).trim().split('\n').slice(-3).join(' ')}`);
  }
}
