// Events the agent records about its pods and its node (source component "kubelet", as kubectl describe
// shows them), written through the API. Repeats fold into one Event whose count grows.
import { findResource } from '../api/resources/registry.js';
import type { KubeObject } from '../api/types/meta.js';
import type { Transport } from '../client/transport.js';

const EVENTS = findResource('', 'v1', 'events')!;

export class AgentEventRecorder {
  private readonly seen = new Map<string, { name: string; namespace: string; count: number }>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly transport: Transport, private readonly host: string, private readonly component = 'kubelet') {}

  record(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.queue = this.queue.then(() => this.write(obj, type, reason, message)).catch(() => {});
  }

  flush(): Promise<void> {
    return this.queue;
  }

  private async write(obj: KubeObject, type: string, reason: string, message: string): Promise<void> {
    const m = obj.metadata;
    const namespace = m.namespace || 'default';
    const key = [m.uid, type, reason, message].join('\x00');
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const known = this.seen.get(key);
    if (known) {
      known.count++;
      try {
        await this.transport.patch(EVENTS, known.namespace, known.name, 'merge', { count: known.count, lastTimestamp: now });
        return;
      } catch {
        this.seen.delete(key);
      }
    }
    const name = `${m.name}.${Date.now().toString(16)}${Math.floor(Math.random() * 0xfffff).toString(16)}`;
    await this.transport.create(EVENTS, namespace, {
      apiVersion: 'v1', kind: 'Event', metadata: { name, namespace },
      involvedObject: { kind: obj.kind, namespace: m.namespace, name: m.name, uid: m.uid, apiVersion: obj.apiVersion, resourceVersion: m.resourceVersion },
      reason, message, type, count: 1, firstTimestamp: now, lastTimestamp: now,
      source: { component: this.component, host: this.host }, reportingComponent: this.component, reportingInstance: this.host,
    });
    if (this.seen.size > 2048) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(key, { name, namespace, count: 1 });
  }
}
