// Cross-node pod traffic without an overlay (flannel's host-gw): for every other Node whose address is on
// a directly connected network, a route to its podCIDR via that address. Routes follow the Nodes as they
// come, change and go, and are removed when the agent stops.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { findResource } from '../../api/resources/registry.js';
import type { KubeObject } from '../../api/types/meta.js';
import { Informer } from '../../client/informer.js';
import type { Transport } from '../../client/transport.js';
import type { Logger } from '../logger.js';

const run = promisify(execFile);
const NODES = findResource('', 'v1', 'nodes')!;

interface Route { cidr: string; via: string }

function routeOf(node: KubeObject): Route | undefined {
  const cidr = (node.spec as { podCIDR?: string } | undefined)?.podCIDR;
  const via = (node.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  return cidr && via ? { cidr, via } : undefined;
}

export class NodeRoutes {
  private readonly nodes: Informer;
  private readonly installed = new Map<string, Route>();
  private syncing: Promise<void> = Promise.resolve();

  constructor(transport: Transport, private readonly nodeName: string, private readonly log: Logger) {
    this.nodes = new Informer(transport, NODES, { log });
    const kick = (): void => { this.syncing = this.syncing.then(() => this.sync()).catch((err: unknown) => this.log.warn({ err: String(err) }, 'route sync failed')); };
    this.nodes.addEventHandler({ onAdd: kick, onUpdate: kick, onDelete: kick });
  }

  start(): void {
    this.nodes.start();
  }

  async stop(): Promise<void> {
    this.nodes.stop();
    await this.syncing;
    for (const [name, r] of this.installed) await this.remove(name, r);
  }

  /** Whether `ip` is reachable without a gateway (same link), so it can be a next hop. */
  private async direct(ip: string): Promise<boolean> {
    try {
      const { stdout } = await run('ip', ['-4', 'route', 'get', ip]);
      return !/\svia\s/.test(stdout) && !/^local\s/.test(stdout);
    } catch {
      return false;
    }
  }

  private async sync(): Promise<void> {
    const wanted = new Map<string, Route>();
    for (const n of this.nodes.list()) {
      if (n.metadata.name === this.nodeName) continue;
      const r = routeOf(n);
      if (r && (await this.direct(r.via))) wanted.set(n.metadata.name!, r);
    }
    for (const [name, r] of this.installed) {
      const w = wanted.get(name);
      if (!w || w.cidr !== r.cidr || w.via !== r.via) await this.remove(name, r);
    }
    for (const [name, r] of wanted) {
      const have = this.installed.get(name);
      if (have && have.cidr === r.cidr && have.via === r.via) continue;
      try {
        await run('ip', ['-4', 'route', 'replace', r.cidr, 'via', r.via]);
        this.installed.set(name, r);
        this.log.info({ node: name, podCidr: r.cidr, via: r.via }, 'route to node pods');
      } catch (err) {
        this.log.warn({ node: name, err: (err as { stderr?: string }).stderr?.trim() ?? String(err) }, 'cannot route to node pods');
      }
    }
  }

  private async remove(name: string, r: Route): Promise<void> {
    this.installed.delete(name);
    await run('ip', ['-4', 'route', 'del', r.cidr, 'via', r.via]).catch(() => undefined);
  }
}
