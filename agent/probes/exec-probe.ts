// The exec handler (pkg/probe/exec): runs the command in the container; exit code 0 is success. The command's
// $(VAR) references expand from the container's env as upstream's ExpandContainerCommandOnlyStatic does.
import type { EnvVar } from 'kubernetes-types/core/v1.js';
import type { ContainerRuntime } from '../runtime/types.js';
import { capOutput, goQuote } from './address.js';
import type { ProbeClock } from './clock.js';
import { ProbeError, type HandlerResult } from './types.js';

export type ExecRunner = Pick<ContainerRuntime, 'execSync'>;

const TIMED_OUT = Symbol('timed out');

export async function execProbe(runtime: ExecRunner, containerId: string, command: string[] | undefined, env: EnvVar[] | undefined, timeoutMs: number, clock: ProbeClock): Promise<HandlerResult> {
  if (!command?.length) throw new ProbeError('exec probe has no command');
  const cmd = expandCommand(command, env ?? []);
  const timedOut = `command ${goQuote(cmd.join(' '))} timed out`;
  let cancel = (): void => {};
  // The engine enforces the timeout too; this guard keeps a hung engine call from stalling the worker.
  const guard = new Promise<typeof TIMED_OUT>((resolve) => { cancel = clock.setTimeout(() => resolve(TIMED_OUT), timeoutMs); });
  try {
    const res = await Promise.race([runtime.execSync(containerId, cmd, timeoutMs), guard]);
    if (res === TIMED_OUT) return { outcome: 'failure', output: timedOut };
    return { outcome: res.exitCode === 0 ? 'success' : 'failure', output: capOutput(res.output) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // DockerRuntime.execSync rejects with "command timed out after N ms" when its own timer fires.
    if (/timed out/i.test(message)) return { outcome: 'failure', output: timedOut };
    throw new ProbeError(`exec in container failed: ${message}`);
  } finally {
    cancel();
  }
}

/** Kubernetes' $(VAR) expansion: known names are replaced, unknown ones kept, `$$` escapes a `$`. */
export function expandCommand(command: string[], env: EnvVar[]): string[] {
  const vars = new Map(env.map((e) => [e.name, e.value ?? '']));
  return command.map((arg) => {
    let out = '';
    for (let i = 0; i < arg.length; i++) {
      const c = arg[i];
      if (c !== '$' || i + 1 >= arg.length) {
        out += c;
        continue;
      }
      const next = arg[i + 1];
      if (next === '$') {
        out += '$';
        i++;
      } else if (next === '(') {
        const end = arg.indexOf(')', i + 2);
        if (end < 0) {
          out += arg.slice(i);
          break;
        }
        const name = arg.slice(i + 2, end);
        out += vars.has(name) ? vars.get(name) : `$(${name})`;
        i = end;
      } else {
        out += c;
      }
    }
    return out;
  });
}
