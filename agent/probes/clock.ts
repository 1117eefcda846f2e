// Time as the probes see it: injected so unit tests can step timers by hand instead of sleeping.

export interface ProbeClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once after `ms`; returns a function that cancels it. */
  setTimeout(fn: () => void, ms: number): () => void;
  /** A number in [0, 1), for the first-run jitter. */
  random(): number;
}

export const systemClock: ProbeClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // Probe timers never keep the agent (or a test) alive on their own.
    t.unref();
    return () => clearTimeout(t);
  },
  random: () => Math.random(),
};
