// `skiff serve` runs the local node agent as a separate, supervised process: it needs root for pod
// networking while the control plane does not, and a crash of one must not take the other down.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, statSync, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { issueClientCert, renderKubeconfig, writeKubeconfig, type ClusterPki } from './pki/index.js';

export interface LocalAgentOptions {
  dataDir: string;
  apiUrl: string;
  pki: ClusterPki;
  nodeName: string;
  log: Logger;
  /** How to run the agent (default: this Node with bin/skiff.js agent). Electron runs its own binary as Node. */
  command?: AgentCommand;
}

/** The agent's program: `execPath [AGENT_NODE_FLAGS] ...args --kubeconfig … --data-dir … --node-name …`. */
export interface AgentCommand {
  execPath: string;
  /** What comes before the agent's flags, e.g. [bin/skiff.js, 'agent'] or [skiff-agent.mjs]. */
  args: string[];
  /** Added to the environment (Electron: ELECTRON_RUN_AS_NODE=1). */
  env?: Record<string, string>;
}

/** What the GUI and the tray show about the local agent (Electron IPC `skiff:local-agent`). */
export interface LocalAgentStatus {
  state: 'starting' | 'running' | 'restarting' | 'not-started' | 'stopped';
  nodeName: string;
  /** Why it is not running, in a sentence a user can act on. */
  message?: string;
  /** The command that runs it by hand (as root). */
  command?: string;
  /** Where its output goes. */
  logFile?: string;
}

export const SKIFF_BIN = fileURLToPath(new URL('../../bin/skiff.js', import.meta.url));
/** The single-file agent devices run (scripts/bundle-agent.js), and the compiled agent it is made from. */
export const AGENT_BUNDLE = fileURLToPath(new URL('../agent-bundle/skiff-agent.mjs', import.meta.url));
const AGENT_ENTRY = fileURLToPath(new URL('../agent/main.js', import.meta.url));

/**
 * How `skiff serve` runs the local agent: the bundle devices and the packaged app run — it loads in less memory
 * (no ssh2; see scripts/bundle-agent.js) — when it was built from the agent compiled here, else `skiff agent`.
 */
export function defaultAgentCommand(): AgentCommand {
  const mtime = (path: string): number => { try { return statSync(path).mtimeMs; } catch { return NaN; } };
  if (mtime(AGENT_BUNDLE) >= mtime(AGENT_ENTRY)) return { execPath: process.execPath, args: [AGENT_BUNDLE] };
  return { execPath: process.execPath, args: [SKIFF_BIN, 'agent'] };
}

/**
 * V8 flags for the agent process: a 1 MiB young generation keeps a small agent small (about 14 MB less
 * resident memory, measured) at the cost of more frequent, cheap scavenges.
 */
export const AGENT_NODE_FLAGS = ['--max-semi-space-size=1'];

export class AgentSupervisor {
  private child: ChildProcess | undefined;
  private stopping = false;
  private restarts = 0;
  private timer: NodeJS.Timeout | undefined;
  private logFile: WriteStream | undefined;
  private current: LocalAgentStatus;
  private readonly listeners: ((s: LocalAgentStatus) => void)[] = [];

  constructor(private readonly o: LocalAgentOptions) {
    this.current = { state: 'starting', nodeName: o.nodeName };
  }

  get status(): LocalAgentStatus {
    return this.current;
  }

  /** Called on every change of `status`. */
  onStatus(listener: (s: LocalAgentStatus) => void): void {
    this.listeners.push(listener);
  }

  private setStatus(s: Omit<LocalAgentStatus, 'nodeName'>): void {
    this.current = { ...s, nodeName: this.o.nodeName };
    for (const l of this.listeners) l(this.current);
  }

  private get command(): AgentCommand {
    return this.o.command ?? defaultAgentCommand();
  }

  private agentArgs(kubeconfig: string): string[] {
    return [...AGENT_NODE_FLAGS, ...this.command.args, '--kubeconfig', kubeconfig, '--data-dir', this.agentDir, '--node-name', this.o.nodeName];
  }

  /** The command line to run the agent by hand, as root. */
  manualCommand(kubeconfig = join(this.agentDir, 'kubeconfig')): string {
    const env = Object.entries(this.command.env ?? {}).map(([k, v]) => `${k}=${shellQuote(v)}`);
    return ['sudo', ...(env.length ? ['env', ...env] : []), ...[this.command.execPath, ...this.agentArgs(kubeconfig)].map(shellQuote)].join(' ');
  }

  get agentDir(): string {
    return join(this.o.dataDir, 'agent');
  }

  /**
   * Writes the agent's kubeconfig with a fresh certificate (CN=system:node:NAME, O=system:nodes): cheap,
   * and it follows the API's current address and CA.
   */
  private async kubeconfig(): Promise<string> {
    await mkdir(this.agentDir, { recursive: true, mode: 0o700 });
    const path = join(this.agentDir, 'kubeconfig');
    const user = `system:node:${this.o.nodeName}`;
    const cert = await issueClientCert(this.o.pki.ca, { commonName: user, organizations: ['system:nodes'] });
    await writeKubeconfig(path, renderKubeconfig({ server: this.o.apiUrl, caCertPem: this.o.pki.caCertPem, clientCertPem: cert.certPem, clientKeyPem: cert.keyPem, user }));
    return path;
  }

  /** Starts the agent, or explains why it cannot run here; resolves once it was launched (or skipped). */
  async start(): Promise<boolean> {
    if (typeof process.getuid === 'function' && process.getuid() !== 0) {
      const kubeconfig = await this.kubeconfig();
      const command = this.manualCommand(kubeconfig);
      this.o.log.warn(`the local node agent needs root (pod networking): pods will stay Pending. Run Skiff as root, or run the agent separately: ${command}`);
      this.setStatus({
        state: 'not-started', command,
        message: `The local node agent was not started: it needs root for pod networking (the CNI bridge and iptables rules), and Skiff runs as an ordinary user. Pods stay Pending until a node runs them: run the agent as root with the command below, or pair another device.`,
      });
      return false;
    }
    const kubeconfig = await this.kubeconfig();
    this.logFile = createWriteStream(join(this.o.dataDir, 'agent.log'), { flags: 'a' });
    await writeFile(join(this.agentDir, 'node-name'), this.o.nodeName);
    this.launch(kubeconfig);
    return true;
  }

  private launch(kubeconfig: string): void {
    if (this.stopping) return;
    const { execPath, env } = this.command;
    const logFile = join(this.o.dataDir, 'agent.log');
    const child = spawn(execPath, this.agentArgs(kubeconfig), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.child = child;
    const started = Date.now();
    child.stdout?.pipe(this.logFile!, { end: false });
    child.stderr?.pipe(this.logFile!, { end: false });
    child.once('spawn', () => {
      this.o.log.info({ pid: child.pid, node: this.o.nodeName, log: logFile }, 'local agent started');
      this.setStatus({ state: 'running', logFile });
    });
    let ended = false;
    const onEnd = (code: number | null, signal: NodeJS.Signals | null, failure?: string): void => {
      if (ended) return;
      ended = true;
      this.child = undefined;
      if (this.stopping) return;
      // Back-off like a kubelet restart loop: 1 s doubling to 1 min; a run of 5 min resets it.
      if (Date.now() - started > 300_000) this.restarts = 0;
      const delay = Math.min(60_000, 1000 * 2 ** this.restarts++);
      this.o.log.warn({ code, signal, err: failure, retryInMs: delay }, 'local agent exited; restarting');
      const why = failure ? `could not be started (${failure})` : `exited (${signal ?? `code ${code}`})`;
      this.setStatus({ state: 'restarting', logFile, command: this.manualCommand(kubeconfig), message: `The local node agent ${why}; it restarts in ${Math.round(delay / 1000)} s. Its log is ${logFile}.` });
      this.timer = setTimeout(() => this.launch(kubeconfig), delay);
    };
    child.once('exit', (code, signal) => onEnd(code, signal));
    // A failed spawn (ENOENT, EACCES) emits 'error' and no 'exit'.
    child.on('error', (err) => { if (child.pid === undefined) onEnd(null, null, err.message); });
  }

  /** Stops the agent (SIGTERM; its pods keep running, as a kubelet's do). */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    const child = this.child;
    if (child) {
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        // 'exit' unless the spawn failed (then only 'close'); a grandchild may hold the pipes past 'exit'.
        const done = (): void => { clearTimeout(kill); resolve(); };
        child.once('exit', done);
        child.once('close', done);
        child.kill('SIGTERM');
      });
    }
    this.logFile?.end();
    if (this.current.state !== 'not-started') this.setStatus({ state: 'stopped' });
  }
}

/** Quotes a word for a POSIX shell (for the commands shown to users). */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
