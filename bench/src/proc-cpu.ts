/**
 * CPU time of processes from Linux's /proc: what a piece of work cost, whatever else the machine was
 * doing (the 2 cores here are shared, so wall times swing with the neighbours' load; CPU times do not).
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // /proc times are in clock ticks of 1/100 s (USER_HZ) on Linux

/** The fields of /proc/<pid>/stat after "pid (comm) ": state is [0], ppid [1], utime [11], stime [12]. */
function statFields(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  } catch {
    return undefined; // the process ended between the listing and the read
  }
}

export const parentOf = (pid: number) => Number(statFields(pid)?.[1] ?? 0);

/** utime + stime of a process, with (`reaped`) the time of its children it has waited for, in ms. */
function cpuMs(pid: number, reaped: boolean): number {
  const f = statFields(pid);
  if (!f) return 0;
  const own = Number(f[11]) + Number(f[12]);
  return (own + (reaped ? Number(f[13]) + Number(f[14]) : 0)) * TICK_MS;
}

function childrenOf(parent: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => parentOf(pid) === parent);
}

/** A process and all its descendants, including the children they already reaped, in ms. */
export function treeCpuMs(pid: number): number {
  return cpuMs(pid, true) + childrenOf(pid).reduce((t, child) => t + treeCpuMs(child), 0);
}

/** Busy and total CPU time of the whole machine, in ms summed over the cores. */
export function machineMs() {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0) * TICK_MS;
  const idle = (cpu[3]! + cpu[4]!) * TICK_MS; // idle + iowait
  return { busy: total - idle, total };
}
