// The node's own counters from procfs: CPU time spent busy (/proc/stat) and memory in use
// (/proc/meminfo: MemTotal − MemAvailable, the working set the kubelet's summary reports for a node).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface HostCounters {
  /** Cumulative busy CPU time of all cores since boot. */
  cpuUsageNanos: number;
  memoryWorkingSetBytes: number;
}

/** Linux reports /proc/stat in USER_HZ ticks, 100 per second on every architecture it ships for. */
const NANOS_PER_TICK = 1e9 / 100;

/**
 * Busy time from the aggregate `cpu` line: user + nice + system + irq + softirq. idle and iowait are
 * not work; steal is time the hypervisor gave to others; guest time is already inside user.
 */
export function parseProcStat(text: string): number {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l));
  if (!line) throw new Error('/proc/stat has no aggregate cpu line');
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  if (f.length < 7 || f.slice(0, 7).some((n) => !Number.isFinite(n))) throw new Error(`/proc/stat: cannot read the cpu line "${line}"`);
  const [user, nice, system, , , irq, softirq] = f;
  return (user + nice + system + irq + softirq) * NANOS_PER_TICK;
}

/** MemTotal − MemAvailable, in bytes. */
export function parseMeminfo(text: string): number {
  const kib = (key: string): number => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(text);
    if (!m) throw new Error(`/proc/meminfo has no ${key}`);
    return Number(m[1]);
  };
  return Math.max(0, kib('MemTotal') - kib('MemAvailable')) * 1024;
}

/** Reads both counters; undefined where procfs is missing or unreadable (not Linux). */
export async function readHostCounters(procDir = '/proc'): Promise<HostCounters | undefined> {
  try {
    const [stat, meminfo] = await Promise.all([readFile(join(procDir, 'stat'), 'utf8'), readFile(join(procDir, 'meminfo'), 'utf8')]);
    return { cpuUsageNanos: parseProcStat(stat), memoryWorkingSetBytes: parseMeminfo(meminfo) };
  } catch {
    return undefined;
  }
}
