// Which agent tunnels are live: node name → connection. The newest connection of a node wins (an
// agent that reconnects before the server noticed the old socket died must not be refused).
import type { Logger } from 'pino';
import type { TunnelConnection } from '../../../client/tunnel/index.js';

export class TunnelRegistry {
  private readonly byNode = new Map<string, TunnelConnection>();
  private readonly waiters = new Map<string, (() => void)[]>();

  constructor(private readonly log?: Logger) {}

  /** Registers a node's new connection, closing the one it replaces. */
  attach(conn: TunnelConnection): void {
    const node = conn.node;
    const old = this.byNode.get(node);
    this.byNode.set(node, conn);
    if (old && old !== conn) old.close('replaced by a newer connection from the same node', 4000);
    const started = Date.now();
    this.log?.info({ node }, 'agent tunnel connected');
    conn.onClose((reason) => {
      if (this.byNode.get(node) === conn) this.byNode.delete(node);
      this.log?.info({ node, reason, seconds: Math.round((Date.now() - started) / 1000) }, 'agent tunnel closed');
    });
    for (const w of this.waiters.get(node)?.splice(0) ?? []) w();
  }

  get(node: string): TunnelConnection | undefined {
    const c = this.byNode.get(node);
    return c?.isOpen ? c : undefined;
  }

  /** Drops a node's tunnel (unpairing, revocation); its open streams fail. True if there was one. */
  disconnect(node: string, reason = 'disconnected by the control plane'): boolean {
    const c = this.byNode.get(node);
    if (!c) return false;
    this.byNode.delete(node);
    c.close(reason, 4001);
    return true;
  }

  closeAll(reason: string): void {
    for (const node of [...this.byNode.keys()]) this.disconnect(node, reason);
  }

  nodes(): string[] {
    return [...this.byNode.keys()].filter((n) => this.get(n));
  }

  /** Resolves when `node` has a live tunnel (at once if it has one), or rejects after `timeoutMs`. */
  waitFor(node: string, timeoutMs: number): Promise<TunnelConnection> {
    const now = this.get(node);
    if (now) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(node) ?? [];
      this.waiters.set(node, list);
      const timer = setTimeout(() => {
        const i = list.indexOf(done);
        if (i >= 0) list.splice(i, 1);
        reject(new Error(`no tunnel from node "${node}" within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        const c = this.get(node);
        if (c) resolve(c);
        else reject(new Error(`the tunnel of node "${node}" closed at once`));
      };
      list.push(done);
    });
  }
}
