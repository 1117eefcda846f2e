// The container runtime on the Docker engine, through dockerode. A pod is a pause container with its
// own (empty) network namespace, plus app containers joined to its network, IPC and UTS namespaces.
import { PassThrough, type Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { LABEL, MANAGED_BY, type ContainerRole } from './labels.js';
import { ensurePauseImage, PAUSE_COMMAND, PAUSE_IMAGE } from './pause-image.js';
import { ImagePullError, type ContainerInfo, type ContainerRuntime, type ContainerSpec, type ExecSession, type LogOptions, type RuntimeEvent, type SandboxSpec } from './types.js';

export class DockerRuntime implements ContainerRuntime {
  readonly name = 'docker' as const;
  private pause: Promise<string> | undefined;
  private readonly inspected = new Map<string, { listedState: string; info: ContainerInfo }>();

  constructor(private readonly docker: Dockerode, private readonly nodeName: string) {}

  async version(): Promise<string> {
    return (await this.docker.version()).Version;
  }

  ensurePauseImage(): Promise<string> {
    this.pause ??= ensurePauseImage(this.docker).catch((err: unknown) => {
      this.pause = undefined;
      throw err;
    });
    return this.pause;
  }

  async ensureImage(image: string, policy: 'Always' | 'IfNotPresent' | 'Never'): Promise<string> {
    const present = await this.docker.getImage(image).inspect().catch(() => undefined);
    if (present && policy !== 'Always') return present.Id;
    if (policy === 'Never') {
      throw new ImagePullError(image, `Container image "${image}" is not present with pull policy of Never`, 'ErrImageNeverPull');
    }
    try {
      const stream = await this.docker.pull(image);
      await new Promise<void>((resolve, reject) => this.docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
    } catch (err) {
      // Always with a local copy and no registry: use what is there, as the kubelet does when the pull fails? No:
      // the kubelet fails the pull. Keep the engine's message for the user.
      if (present && policy === 'Always' && process.env.SKIFF_ALLOW_LOCAL_ON_PULL_FAILURE === '1') return present.Id;
      const msg = (err as { json?: { message?: string }; message?: string }).json?.message ?? (err as Error).message;
      throw new ImagePullError(image, `failed to pull image "${image}": ${msg}`, 'ErrImagePull');
    }
    return (await this.docker.getImage(image).inspect()).Id;
  }

  private labels(pod: ContainerSpec['pod'], name: string, role: ContainerRole, extra: Record<string, string> = {}): Record<string, string> {
    return {
      ...extra,
      [LABEL.managedBy]: MANAGED_BY,
      [LABEL.node]: this.nodeName,
      [LABEL.podUid]: pod.uid,
      [LABEL.podName]: pod.name,
      [LABEL.podNamespace]: pod.namespace,
      [LABEL.containerName]: name,
      [LABEL.role]: role,
    };
  }

  async runSandbox(spec: SandboxSpec): Promise<ContainerInfo> {
    const image = await this.ensurePauseImage();
    const c = await this.docker.createContainer({
      name: `k8s_POD_${spec.pod.name}_${spec.pod.namespace}_${spec.pod.uid}_${Date.now().toString(36)}`,
      Image: image,
      Cmd: PAUSE_COMMAND,
      Hostname: spec.hostNetwork ? undefined : spec.hostname.slice(0, 63),
      Labels: this.labels(spec.pod, 'POD', 'sandbox', spec.labels),
      HostConfig: {
        NetworkMode: spec.hostNetwork ? 'host' : 'none',
        IpcMode: 'shareable',
        RestartPolicy: { Name: 'no' },
        Init: false,
      },
    });
    await c.start();
    const info = await this.inspect(c.id);
    if (!info) throw new Error(`sandbox ${c.id} vanished right after starting`);
    return info;
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    const host: Dockerode.HostConfig = {
      NetworkMode: `container:${spec.sandboxId}`,
      IpcMode: `container:${spec.sandboxId}`,
      PidMode: spec.sharePid ? `container:${spec.sandboxId}` : undefined,
      Binds: spec.mounts.map((m) => `${m.hostPath}:${m.containerPath}${m.readOnly ? ':ro' : ''}`),
      Tmpfs: Object.fromEntries(Object.entries(spec.tmpfs).map(([path, size]) => [path, size > 0 ? `size=${size}` : ''])),
      Privileged: spec.privileged,
      ReadonlyRootfs: spec.readOnlyRootFilesystem,
      CapAdd: spec.capAdd.length ? spec.capAdd : undefined,
      CapDrop: spec.capDrop.length ? spec.capDrop : undefined,
      NanoCpus: spec.cpuLimitMillis ? spec.cpuLimitMillis * 1_000_000 : undefined,
      CpuShares: spec.cpuRequestMillis ? Math.max(2, Math.floor((spec.cpuRequestMillis * 1024) / 1000)) : undefined,
      Memory: spec.memoryLimitBytes,
      RestartPolicy: { Name: 'no' },
    };
    const c = await this.docker.createContainer({
      name: `k8s_${spec.name}_${spec.pod.name}_${spec.pod.namespace}_${spec.pod.uid}_${spec.restartCount}`,
      Image: spec.image,
      Entrypoint: spec.command,
      Cmd: spec.args,
      WorkingDir: spec.workingDir,
      Env: spec.env.map((e) => `${e.name}=${e.value}`),
      Tty: spec.tty,
      OpenStdin: spec.stdin,
      StdinOnce: spec.stdinOnce,
      AttachStdin: false,
      User: spec.user,
      Labels: this.labels(spec.pod, spec.name, spec.role, {
        [LABEL.restartCount]: String(spec.restartCount),
        [LABEL.specHash]: spec.specHash,
        [LABEL.terminationGrace]: String(spec.terminationGraceSeconds),
      }),
      HostConfig: host,
    });
    return c.id;
  }

  async startContainer(id: string): Promise<void> {
    await this.docker.getContainer(id).start();
  }

  async stopContainer(id: string, graceSeconds: number): Promise<void> {
    try {
      await this.docker.getContainer(id).stop({ t: Math.max(0, Math.round(graceSeconds)) });
    } catch (err) {
      if (!isGone(err) && (err as { statusCode?: number }).statusCode !== 304) throw err;
    }
  }

  async removeContainer(id: string): Promise<void> {
    this.inspected.delete(id);
    try {
      await this.docker.getContainer(id).remove({ force: true, v: true });
    } catch (err) {
      if (!isGone(err) && (err as { statusCode?: number }).statusCode !== 409) throw err;
    }
  }

  async inspect(id: string): Promise<ContainerInfo | undefined> {
    let d: Dockerode.ContainerInspectInfo;
    try {
      d = await this.docker.getContainer(id).inspect();
    } catch (err) {
      if (isGone(err)) return undefined;
      throw err;
    }
    const l = d.Config.Labels ?? {};
    const s = d.State;
    return {
      id: d.Id,
      pod: { uid: l[LABEL.podUid] ?? '', name: l[LABEL.podName] ?? '', namespace: l[LABEL.podNamespace] ?? '' },
      name: l[LABEL.containerName] ?? '',
      role: (l[LABEL.role] ?? 'app') as ContainerRole,
      restartCount: Number(l[LABEL.restartCount] ?? 0),
      specHash: l[LABEL.specHash] ?? '',
      state: s.Running ? 'running' : s.Status === 'created' ? 'created' : s.Status === 'exited' || s.Status === 'dead' ? 'exited' : 'unknown',
      exitCode: s.Running ? undefined : s.ExitCode,
      oomKilled: s.OOMKilled,
      error: s.Error || undefined,
      createdAt: d.Created,
      startedAt: validTime(s.StartedAt),
      finishedAt: validTime(s.FinishedAt),
      image: d.Config.Image,
      imageId: d.Image,
      pid: s.Pid || undefined,
    };
  }

  async list(podUid?: string): Promise<ContainerInfo[]> {
    const label = [`${LABEL.managedBy}=${MANAGED_BY}`, `${LABEL.node}=${this.nodeName}`];
    if (podUid) label.push(`${LABEL.podUid}=${podUid}`);
    const found = await this.docker.listContainers({ all: true, filters: { label } });
    // A container's details change only with its state (created → running → exited): inspect on change.
    const infos = await Promise.all(found.map(async (c) => {
      const cached = this.inspected.get(c.Id);
      if (cached && c.State === cached.listedState) return cached.info;
      const info = await this.inspect(c.Id);
      if (info) this.inspected.set(c.Id, { listedState: c.State, info });
      return info;
    }));
    if (!podUid) for (const id of this.inspected.keys()) if (!found.some((c) => c.Id === id)) this.inspected.delete(id);
    return infos.filter((i): i is ContainerInfo => i !== undefined);
  }

  events(onEvent: (e: RuntimeEvent) => void, onError: (err: unknown) => void): () => void {
    let stream: NodeJS.ReadableStream | undefined;
    let stopped = false;
    const filters = { type: ['container'], event: ['start', 'die', 'oom', 'destroy'], label: [`${LABEL.node}=${this.nodeName}`] };
    this.docker.getEvents({ filters: JSON.stringify(filters) }).then((s) => {
      if (stopped) return (s as unknown as { destroy?: () => void }).destroy?.();
      stream = s;
      let buf = '';
      s.on('data', (d: Buffer) => {
        buf += d.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          try {
            const e = JSON.parse(line) as { status?: string; Action?: string; id?: string; Actor?: { ID?: string; Attributes?: Record<string, string> } };
            const kind = (e.Action ?? e.status ?? '') as RuntimeEvent['kind'];
            const attrs = e.Actor?.Attributes ?? {};
            onEvent({ kind, containerId: e.Actor?.ID ?? e.id ?? '', podUid: attrs[LABEL.podUid] ?? '', role: attrs[LABEL.role] as ContainerRole | undefined });
          } catch {
            // ignore a malformed line
          }
        }
      });
      s.on('error', (err: unknown) => { if (!stopped) onError(err); });
      s.on('end', () => { if (!stopped) onError(new Error('docker event stream ended')); });
    }, onError);
    return () => {
      stopped = true;
      (stream as unknown as { destroy?: () => void } | undefined)?.destroy?.();
    };
  }

  async logs(id: string, opts: LogOptions): Promise<Readable> {
    const c = this.docker.getContainer(id);
    const info = await c.inspect();
    const params = {
      stdout: true,
      stderr: true,
      timestamps: opts.timestamps,
      tail: opts.tailLines !== undefined ? opts.tailLines : ('all' as unknown as number),
      since: opts.sinceSeconds ? Math.floor(Date.now() / 1000) - opts.sinceSeconds : 0,
    };
    const out = new PassThrough();
    const raw = (opts.follow
      ? await c.logs({ ...params, follow: true } as Dockerode.ContainerLogsOptions & { follow: true })
      : await c.logs({ ...params, follow: false } as Dockerode.ContainerLogsOptions & { follow: false })) as unknown as NodeJS.ReadableStream | Buffer;
    if (Buffer.isBuffer(raw)) {
      out.end(info.Config.Tty ? raw : demuxBuffer(raw));
    } else if (info.Config.Tty) {
      raw.pipe(out);
    } else {
      this.docker.modem.demuxStream(raw, out, out);
      raw.on('end', () => out.end());
      out.on('close', () => (raw as unknown as { destroy?: () => void }).destroy?.());
    }
    return limitBytes(out, opts.limitBytes);
  }

  async exec(id: string, command: string[], opts: { tty: boolean; stdin: boolean }): Promise<ExecSession> {
    const exec = await this.docker.getContainer(id).exec({ Cmd: command, AttachStdin: opts.stdin, AttachStdout: true, AttachStderr: true, Tty: opts.tty });
    const stream = (await exec.start({ hijack: true, stdin: opts.stdin, Tty: opts.tty })) as unknown as ExecSession['stream'];
    const stdout = new PassThrough(), stderr = new PassThrough();
    if (opts.tty) stream.pipe(stdout);
    else this.docker.modem.demuxStream(stream, stdout, stderr);
    const exitCode = new Promise<number>((resolve) => {
      stream.on('end', () => {
        stdout.end();
        stderr.end();
        exec.inspect().then((i) => resolve(i.ExitCode ?? 0), () => resolve(-1));
      });
    });
    return { stream, stdout, stderr, resize: async (w, h) => { await exec.resize({ w, h }); }, exitCode };
  }

  async execSync(id: string, command: string[], timeoutMs: number): Promise<{ exitCode: number; output: string }> {
    const s = await this.exec(id, command, { tty: false, stdin: false });
    let output = '';
    const collect = (d: Buffer): void => { if (output.length < 10_240) output += d.toString(); };
    s.stdout.on('data', collect);
    s.stderr.on('data', collect);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((_, reject) => { timer = setTimeout(() => reject(new Error(`command timed out after ${timeoutMs} ms`)), timeoutMs); });
    try {
      const exitCode = await Promise.race([s.exitCode, timeout]);
      return { exitCode, output };
    } finally {
      clearTimeout(timer);
      s.stream.destroy();
    }
  }

  async stats(id: string): Promise<{ cpuUsageNanos: number; memoryWorkingSetBytes: number } | undefined> {
    try {
      const s = (await this.docker.getContainer(id).stats({ stream: false })) as unknown as {
        cpu_stats?: { cpu_usage?: { total_usage?: number } };
        memory_stats?: { usage?: number; stats?: Record<string, number> };
      };
      const usage = s.memory_stats?.usage ?? 0;
      const inactive = s.memory_stats?.stats?.inactive_file ?? s.memory_stats?.stats?.total_inactive_file ?? 0;
      return { cpuUsageNanos: s.cpu_stats?.cpu_usage?.total_usage ?? 0, memoryWorkingSetBytes: Math.max(0, usage - inactive) };
    } catch (err) {
      if (isGone(err)) return undefined;
      throw err;
    }
  }
}

export { PAUSE_IMAGE };

function isGone(err: unknown): boolean {
  return (err as { statusCode?: number }).statusCode === 404;
}

function validTime(t: string | undefined): string | undefined {
  return t && !t.startsWith('0001-') ? t : undefined;
}

/** Docker's multiplexed log format (8-byte frame headers) → plain bytes, stdout and stderr interleaved. */
function demuxBuffer(buf: Buffer): Buffer {
  const parts: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const len = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + len));
    i += 8 + len;
  }
  return Buffer.concat(parts);
}

function limitBytes(stream: PassThrough, limit: number | undefined): Readable {
  if (!limit) return stream;
  const out = new PassThrough();
  let sent = 0;
  stream.on('data', (d: Buffer) => {
    if (sent >= limit) return;
    const chunk = d.subarray(0, limit - sent);
    sent += chunk.length;
    out.write(chunk);
    if (sent >= limit) {
      out.end();
      stream.destroy();
    }
  });
  stream.on('end', () => out.end());
  return out;
}
