import { isMainThread, type ResourceLimits, Worker, workerData } from 'node:worker_threads';

/**
 * A worker thread whose entry is a feature's own module (export/export-worker.ts,
 * imports/import-worker.ts), marked by `flag` in its workerData. Under the TypeScript loader (tests,
 * `tsx`) the thread registers the loader first; in the built server the module is part of the one
 * bundle (server/dist/index.js, scripts/build.mjs), which the thread loads whole: no entry of its own to
 * build, and only the module whose flag is set starts serving (`isModuleThread`).
 */
export function startModuleThread(moduleUrl: string, flag: string, resourceLimits: ResourceLimits): Worker {
  const options = { workerData: { [flag]: true }, resourceLimits };
  if (!moduleUrl.endsWith('.ts')) return new Worker(new URL(moduleUrl), options);
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

/** True in the thread `startModuleThread` started with this flag. */
export const isModuleThread = (flag: string) =>
  !isMainThread && (workerData as Record<string, unknown> | undefined)?.[flag] === true;

/**
 * No work in flight: the thread no longer keeps the process alive, and ends after `ms` if none comes
 * (`ended` first, so the owner forgets it and the next task starts a new one). Answers the timer, which
 * the next task clears.
 */
export function endWhenIdle(worker: Worker, ms: number, ended: () => void): NodeJS.Timeout {
  worker.unref();
  return setTimeout(() => {
    ended();
    void worker.terminate();
  }, ms).unref();
}
