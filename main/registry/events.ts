// Records core/v1 Events for what the control plane does, as client-go's recorder does: similar events
// are folded into one whose count and lastTimestamp grow, and recording never blocks or fails the caller.
import { findResource } from '../../api/resources/registry.js';
import type { KubeObject } from '../../api/types/meta.js';
import { systemContext } from './context.js';
import type { ResourceRegistry } from './resource-registry.js';
import { rfc3339 } from './system-fields.js';

export type EventType = 'Normal' | 'Warning';

export interface EventSink {
  record(involved: KubeObject, type: EventType, reason: string, message: string): void;
}

const EVENTS = findResource('', 'v1', 'events')!;
const MAX_TRACKED = 4096;

export class EventRecorder implements EventSink {
  /** correlation key → event name and namespace of the event that similar ones fold into */
  private readonly seen = new Map<string, { name: string; namespace: string }>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly registry: ResourceRegistry,
    private readonly component: string,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  record(involved: KubeObject, type: EventType, reason: string, message: string): void {
    this.queue = this.queue.then(() => this.write(involved, type, reason, message)).catch(this.onError);
  }

  /** Resolves once every event recorded so far is written (tests, shutdown). */
  flush(): Promise<void> {
    return this.queue;
  }

  private async write(involved: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const m = involved.metadata;
    const namespace = m.namespace || 'default';
    const key = [m.uid, involved.kind, namespace, m.name, type, reason, message, this.component].join('\x00');
    const now = this.registry.deps.clock();
    const ctx = systemContext(this.component);
    const known = this.seen.get(key);
    if (known) {
      const existing = this.registry.tryGet(EVENTS, known.namespace, known.name);
      if (existing) {
        await this.registry.guaranteedUpdate(EVENTS, known.namespace, known.name, ctx, false, (current) => {
          if (!current) return { create: structuredClone(existing) };
          const next = structuredClone(current);
          next.count = ((current.count as number | undefined) ?? 1) + 1;
          next.lastTimestamp = rfc3339(now);
          return { next };
        });
        return;
      }
    }
    const name = `${m.name}.${(BigInt(now.getTime()) * 1_000_000n + BigInt(Math.floor(Math.random() * 1_000_000))).toString(16)}`;
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: { kind: involved.kind, namespace: m.namespace, name: m.name, uid: m.uid, apiVersion: involved.apiVersion, resourceVersion: m.resourceVersion },
      reason,
      message,
      source: { component: this.component },
      firstTimestamp: rfc3339(now),
      lastTimestamp: rfc3339(now),
      count: 1,
      type,
      eventTime: null,
      reportingComponent: this.component,
      reportingInstance: '',
    };
    if (!this.registry.tryGet(findResource('', 'v1', 'namespaces')!, undefined, namespace)) return;
    await this.registry.createDecoded(EVENTS, event, ctx);
    if (this.seen.size >= MAX_TRACKED) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(key, { name, namespace });
  }
}


