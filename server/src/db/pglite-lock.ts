import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * One process at a time on an embedded database's directory. PGlite opens a directory another process
 * is using without complaint (its postmaster.pid is not checked), and two engines writing the same files
 * corrupt them: a CLI command run while the server serves, or a restore under a running server. The
 * lock names the process holding it; a lock left by a process that is gone (a crash, kill -9) is taken
 * over.
 */
export class DataDirInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database in ${dataDir} is open in another process (pid ${pid}): stop the Vitalbase ` +
        `server (or the other command) first. If no such process runs, delete ${lockFile(dataDir)}.`,
    );
  }
}

const lockFile = (dataDir: string) => path.join(dataDir, 'pglite.lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else, still a holder.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock of `dataDir` for this process, or throws DataDirInUse; answers its release. */
export function lockDataDir(dataDir: string): () => void {
  const file = lockFile(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
    if (holder === process.pid) return () => {}; // this process holds it already (the demo, tests)
    if (Number.isInteger(holder) && holder > 0 && alive(holder)) throw new DataDirInUse(dataDir, holder);
    rmSync(file, { force: true }); // left by a process that is gone
  }
  throw new DataDirInUse(dataDir, Number.NaN);
}
