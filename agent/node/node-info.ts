// What the agent reports about its machine: capacity, addresses and nodeInfo, read from the OS.
import { readFile, statfs } from 'node:fs/promises';
import { arch, cpus, hostname, networkInterfaces, release, totalmem } from 'node:os';
import { nodeNameFromHostname } from '../../api/workloads/node-name.js';

export interface MachineFacts {
  hostname: string;
  cpus: number;
  memoryBytes: number;
  ephemeralStorageBytes: number;
  internalIPs: string[];
  kernelVersion: string;
  osImage: string;
  machineID: string;
  bootID: string;
  architecture: string;
}

async function readTrim(path: string): Promise<string> {
  return (await readFile(path, 'utf8').catch(() => '')).trim();
}

export function goArch(a = arch()): string {
  return a === 'x64' ? 'amd64' : a === 'ia32' ? '386' : a;
}

/** The node name a host gets by default: its hostname, lower-cased, as a DNS-1123 subdomain. */
export function defaultNodeName(): string {
  return nodeNameFromHostname(hostname());
}

export async function machineFacts(dataDir: string): Promise<MachineFacts> {
  const osRelease = await readTrim('/etc/os-release');
  const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(osRelease)?.[1] ?? 'Linux';
  const fs = await statfs(dataDir).catch(() => undefined);
  const ips: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) ips.push(a.address);
  }
  return {
    hostname: hostname(),
    cpus: cpus().length,
    memoryBytes: totalmem(),
    ephemeralStorageBytes: fs ? fs.blocks * fs.bsize : 0,
    internalIPs: ips,
    kernelVersion: release(),
    osImage: pretty,
    machineID: await readTrim('/etc/machine-id'),
    bootID: await readTrim('/proc/sys/kernel/random/boot_id'),
    architecture: goArch(),
  };
}
