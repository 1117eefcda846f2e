// Quitting flushes the store: the first quit request is held (preventDefault) until the agent and the
// control plane have stopped, then the app exits for real; requests meanwhile are held too. A stop that
// hangs is given up on after a while, so the app can always be closed.
export interface QuitDeps {
  /** Stops the agent, then the control plane (its stop() closes the store). */
  stop(): Promise<void>;
  /** Ends the process without another quit request (Electron's app.exit). */
  exit(code: number): void;
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  timeoutMs?: number;
}

export interface QuitHandler {
  /** For app.on('before-quit') and the signal handlers (pass no event there). */
  onQuitRequest(event?: { preventDefault(): void }): void;
  readonly quitting: boolean;
}

export function gracefulQuit(deps: QuitDeps): QuitHandler {
  let quitting = false;
  return {
    get quitting() {
      return quitting;
    },
    onQuitRequest(event) {
      event?.preventDefault();
      if (quitting) return;
      quitting = true;
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`shutdown took more than ${deps.timeoutMs ?? 30_000} ms`)), deps.timeoutMs ?? 30_000);
      });
      Promise.race([deps.stop(), timeout]).then(() => {
        clearTimeout(timer);
        deps.log.info({ ms: Date.now() - started }, 'Skiff quit');
        deps.exit(0);
      }, (err: unknown) => {
        clearTimeout(timer);
        deps.log.error({ err, ms: Date.now() - started }, 'shutdown failed');
        deps.exit(1);
      });
    },
  };
}
