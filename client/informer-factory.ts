// One informer per resource type, shared by every controller that watches it (client-go's
// SharedInformerFactory), so the control plane keeps one cache and one watch per kind.
import type { ResourceType } from '../api/resources/registry.js';
import { Informer, type InformerOptions } from './informer.js';
import type { Transport } from './transport.js';

export class InformerFactory {
  private readonly informers = new Map<string, Informer>();
  private started = false;

  constructor(readonly transport: Transport, private readonly defaults: Pick<InformerOptions, 'resyncMs' | 'log'> = {}) {}

  informerFor(rt: ResourceType): Informer {
    const key = `${rt.group}/${rt.version}/${rt.resource}`;
    let inf = this.informers.get(key);
    if (!inf) {
      inf = new Informer(this.transport, rt, { ...this.defaults });
      this.informers.set(key, inf);
      if (this.started) inf.start();
    }
    return inf;
  }

  start(): void {
    this.started = true;
    for (const inf of this.informers.values()) inf.start();
  }

  async waitForSync(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync()));
  }

  stop(): void {
    this.started = false;
    for (const inf of this.informers.values()) inf.stop();
  }
}
