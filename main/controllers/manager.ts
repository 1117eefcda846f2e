// Runs the control plane's controllers over one set of shared informers (kube-controller-manager's role).
import type { Logger } from 'pino';
import { InformerFactory } from '../../client/informer-factory.js';
import { EventRecorder } from '../registry/events.js';
import type { ResourceRegistry } from '../registry/resource-registry.js';
import { DEFAULT_CONTROLLER_CONFIG, type ControllerConfig, type ControllerContext, type ControllerFactory, type RunnableController } from './context.js';
import { InProcessTransport } from './inprocess-transport.js';

export interface ManagerOptions {
  registry: ResourceRegistry;
  log: Logger;
  controllers: readonly ControllerFactory[];
  config?: Partial<ControllerConfig>;
  clock?: () => Date;
  /** Field manager of the controllers' writes. */
  fieldManager?: string;
}

export class ControllerManager {
  readonly informers: InformerFactory;
  readonly controllers: RunnableController[];
  private readonly recorders = new Map<string, EventRecorder>();

  constructor(private readonly opts: ManagerOptions) {
    const transport = new InProcessTransport(opts.registry, opts.fieldManager ?? 'kube-controller-manager');
    this.informers = new InformerFactory(transport, { log: opts.log });
    const ctx: ControllerContext = {
      transport,
      informers: this.informers,
      events: (component) => this.recorder(component),
      clock: opts.clock ?? (() => new Date()),
      log: opts.log,
      config: { ...DEFAULT_CONTROLLER_CONFIG, ...opts.config },
    };
    this.controllers = opts.controllers.map((f) => f(ctx));
  }

  private recorder(component: string): EventRecorder {
    let r = this.recorders.get(component);
    if (!r) {
      r = new EventRecorder(this.opts.registry, component, (err) => this.opts.log.debug({ err, component }, 'event not recorded'));
      this.recorders.set(component, r);
    }
    return r;
  }

  async start(): Promise<void> {
    this.informers.start();
    await this.informers.waitForSync();
    for (const c of this.controllers) c.start();
    this.opts.log.info({ controllers: this.controllers.map((c) => c.name) }, 'controllers started');
  }

  async stop(): Promise<void> {
    await Promise.all(this.controllers.map((c) => c.stop()));
    this.informers.stop();
    await Promise.all([...this.recorders.values()].map((r) => r.flush()));
  }

  /** True when every controller's queue is empty and nothing is being reconciled. */
  get idle(): boolean {
    return this.controllers.every((c) => c.idle);
  }
}
