import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A pg_auto_failover formation on this machine for the failover test (issue #19): a monitor and two
 * PostgreSQL nodes run by `pg_autoctl … --run`, on 127.0.0.1 and free ports, in one temporary
 * directory (their data, pg_autoctl's configuration and state through XDG_*), removed by `destroy()`
 * with every process. As root, pg_autoctl runs as the `postgres` user (PostgreSQL refuses root).
 */

/** Where pg_autoctl is, or undefined when it is not installed. */
export function findPgAutoctl(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v pg_autoctl'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The PostgreSQL binaries pg_autoctl should use (it looks for pg_ctl on PATH, which may be a lone link). */
function postgresBinDir(): string | undefined {
  if (!existsSync('/usr/lib/postgresql')) return undefined;
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => `/usr/lib/postgresql/${v}/bin`).find((d) => existsSync(path.join(d, 'pg_ctl')));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface NodeState {
  name: string;
  port: number;
  reported: string;
  goal: string;
}

interface Service {
  name: string;
  pgdata: string;
  port: number;
  child: ChildProcess;
  log: () => string;
}

const asRoot = process.getuid?.() === 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Formation {
  readonly baseDir: string;
  private readonly services: Service[] = [];
  private readonly env: NodeJS.ProcessEnv;
  private monitorPort = 0;

  constructor() {
    this.baseDir = mkdtempSync(path.join(tmpdir(), 'vitalbase-ha-'));
    const binDir = postgresBinDir();
    this.env = {
      ...process.env,
      PATH: `${binDir ? `${binDir}:` : ''}${process.env.PATH ?? ''}`,
      // pg_autoctl keeps its configuration and state under these: inside baseDir, removed with it.
      XDG_CONFIG_HOME: path.join(this.baseDir, 'config'),
      XDG_DATA_HOME: path.join(this.baseDir, 'share'),
      XDG_RUNTIME_DIR: path.join(this.baseDir, 'run'),
    };
    for (const dir of ['config', 'share', 'run']) mkdirSync(path.join(this.baseDir, dir));
    if (asRoot) {
      const [uid, gid] = ['-u', '-g'].map((f) =>
        Number(execFileSync('id', [f, 'postgres'], { encoding: 'utf8' }).trim()),
      );
      for (const dir of ['', 'config', 'share', 'run']) chownSync(path.join(this.baseDir, dir), uid!, gid!);
    }
  }

  get monitorUrl(): string {
    return `postgres://autoctl_node@127.0.0.1:${this.monitorPort}/pg_auto_failover?sslmode=disable`;
  }

  private command(args: string[]): [string, string[]] {
    return asRoot ? ['runuser', ['-u', 'postgres', '--', 'pg_autoctl', ...args]] : ['pg_autoctl', args];
  }

  /** Runs a pg_autoctl command to its end; answers its standard output. */
  autoctl(args: string[]): string {
    const [file, argv] = this.command(args);
    return execFileSync(file, argv, { env: this.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  private start(name: string, port: number, args: string[]) {
    const pgdata = path.join(this.baseDir, name);
    const [file, argv] = this.command([
      ...args,
      '--pgdata',
      pgdata,
      '--pgport',
      String(port),
      '--hostname',
      '127.0.0.1',
      '--auth',
      'trust',
      '--no-ssl',
      '--run',
    ]);
    // Its own process group, so destroy() reaches pg_autoctl's sub-processes and PostgreSQL too.
    const child = spawn(file, argv, { env: this.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout?.on('data', (d: Buffer) => {
      log += d;
    });
    child.stderr?.on('data', (d: Buffer) => {
      log += d;
    });
    this.services.push({ name, pgdata, port, child, log: () => log });
  }

  /** The last lines of every service's log, for a failure message. */
  logs(lines = 15): string {
    return this.services
      .map(
        (s) => `--- ${s.name} (port ${s.port}) ---\n${s.log().trim().split('\n').slice(-lines).join('\n')}`,
      )
      .join('\n');
  }

  private async until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      const exited = this.services.find((s) => s.child.exitCode !== null);
      if (exited)
        throw new Error(`pg_autoctl ${exited.name} exited while waiting for ${what}\n${this.logs()}`);
      try {
        const value = await check();
        if (value !== undefined) return value;
      } catch (err) {
        last = err;
      }
      await sleep(500);
    }
    throw new Error(
      `timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}\n${this.logs()}`,
    );
  }

  async startMonitor(timeoutMs: number) {
    this.monitorPort = await freePort();
    this.start('monitor', this.monitorPort, ['create', 'monitor']);
    await this.until(async () => ((await this.nodes()) ? true : undefined), 'the monitor', timeoutMs);
  }

  /** Starts a node; answers once the monitor reports it in `state` (e.g. single, secondary). */
  async startNode(name: string) {
    const port = await freePort();
    this.start(name, port, ['create', 'postgres', '--dbname', 'vitalbase', '--monitor', this.monitorUrl]);
    return port;
  }

  async waitForStates(want: Record<number, string>, what: string, timeoutMs: number) {
    return this.until(
      async () => {
        const nodes = await this.nodes();
        const ok = Object.entries(want).every(([port, state]) =>
          nodes.some((n) => n.port === Number(port) && n.reported === state && n.goal === state),
        );
        return ok ? nodes : undefined;
      },
      what,
      timeoutMs,
    );
  }

  async waitForNodes(count: number, timeoutMs: number) {
    return this.until(
      async () => ((await this.nodes()).length >= count ? true : undefined),
      `${count} nodes registered on the monitor`,
      timeoutMs,
    );
  }

  /** The nodes as the monitor sees them. */
  async nodes(): Promise<NodeState[]> {
    const client = new pg.Client({ connectionString: this.monitorUrl, connectionTimeoutMillis: 3000 });
    await client.connect();
    try {
      const { rows } = await client.query<NodeState>(
        `SELECT nodename AS name, nodeport AS port, reportedstate::text AS reported, goalstate::text AS goal
           FROM pgautofailover.node ORDER BY nodeid`,
      );
      return rows;
    } finally {
      await client.end();
    }
  }

  /**
   * The multi-host URI pg_autoctl prints for the formation (every registered node), with the `postgres`
   * role when it names none. Its `sslmode=prefer` is kept: the server's pool treats it as libpq does
   * (TLS if offered, else plain; db/postgres-hosts.ts), and the nodes run without SSL.
   */
  applicationUri(): string {
    const monitor = this.services.find((s) => s.name === 'monitor')!;
    const uri = this.autoctl(['show', 'uri', '--formation', 'default', '--pgdata', monitor.pgdata]).trim();
    return uri.replace(/^postgres(ql)?:\/\/(?![^/]*@)/, 'postgres://postgres@');
  }

  /** The process id of a node's postmaster (first line of postmaster.pid). */
  postmasterPid(port: number): number {
    const node = this.services.find((s) => s.port === port);
    if (!node) throw new Error(`no node on port ${port}`);
    return Number(readFileSync(path.join(node.pgdata, 'postmaster.pid'), 'utf8').split('\n')[0]);
  }

  /** Stops every process (pg_autoctl and PostgreSQL) and removes the directory. Safe to call twice. */
  async destroy() {
    for (const s of this.services) {
      if (s.child.exitCode === null && s.child.pid) {
        try {
          process.kill(-s.child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    }
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && this.services.some((s) => s.child.exitCode === null)) await sleep(200);
    for (const s of this.services) {
      if (s.child.exitCode === null && s.child.pid) {
        try {
          process.kill(-s.child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      // A postmaster left behind (started apart from the group): ended by its pid file, only if that
      // process is still this node's postmaster (a stale file's pid may belong to someone else now).
      try {
        const pid = this.postmasterPid(s.port);
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(s.pgdata)) process.kill(pid, 'SIGKILL');
      } catch {
        // no pid file, or no such process
      }
    }
    rmSync(this.baseDir, { recursive: true, force: true });
  }
}
