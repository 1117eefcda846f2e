// The reconcile loop (after controller-runtime): workers take keys from a WorkQueue and call reconcile(key),
// which reads current state, acts, and may ask to be called again later. Errors requeue with back-off; a
// TerminalError is logged and not retried.
import { WorkQueue, type WorkQueueOptions } from './workqueue.js';

export interface ReconcileResult {
  /** Reconcile this key again after this many milliseconds. */
  requeueAfterMs?: number;
}

/** An error retrying cannot fix (bad spec): reported once, not requeued. */
export class TerminalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TerminalError';
  }
}

export interface ControllerLog {
  error(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface ControllerOptions extends WorkQueueOptions {
  name: string;
  workers?: number;
  reconcile: (key: string) => Promise<ReconcileResult | void>;
  log?: ControllerLog;
}

export class Controller {
  readonly queue: WorkQueue;
  readonly name: string;
  private running: Promise<void>[] = [];
  private inFlight = 0;
  reconciles = 0;
  errors = 0;

  constructor(private readonly opts: ControllerOptions) {
    this.name = opts.name;
    this.queue = new WorkQueue(opts);
  }

  enqueue(key: string): void {
    this.queue.add(key);
  }

  start(): void {
    for (let i = 0; i < (this.opts.workers ?? 1); i++) this.running.push(this.worker());
  }

  /** Stops taking work and waits for reconciles in progress. */
  async stop(): Promise<void> {
    this.queue.shutdown();
    await Promise.all(this.running);
    this.running = [];
  }

  /** True when no key is queued, waiting or being reconciled (tests wait for this). */
  get idle(): boolean {
    return this.queue.idle && this.inFlight === 0;
  }

  private async worker(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      this.inFlight++;
      try {
        const result = await this.opts.reconcile(key);
        this.reconciles++;
        this.queue.forget(key);
        if (result?.requeueAfterMs !== undefined) this.queue.addAfter(key, result.requeueAfterMs);
      } catch (err) {
        this.errors++;
        if (err instanceof TerminalError) {
          this.queue.forget(key);
          this.opts.log?.error({ controller: this.name, key, err: err.message }, 'reconcile failed for good');
        } else {
          this.opts.log?.debug({ controller: this.name, key, err: err instanceof Error ? err.message : String(err), retries: this.queue.numRequeues(key) }, 'reconcile failed; will retry');
          this.queue.addRateLimited(key);
        }
      } finally {
        this.inFlight--;
        this.queue.done(key);
      }
    }
  }
}
