// A clock the test moves by hand. After each move it tells its listeners (the CronJob controller re-checks
// every CronJob), so schedules minutes or days away are tested without waiting for them.
import type { CronClock } from '../../../main/controllers/cronjob/cronjob-controller.js';

export class FakeClock implements CronClock {
  private ms: number;
  private readonly listeners: (() => void)[] = [];

  constructor(start: Date) {
    this.ms = start.getTime();
  }

  readonly now = (): Date => new Date(this.ms);

  onJump(fn: () => void): void {
    this.listeners.push(fn);
  }

  set(at: Date | number): void {
    this.ms = typeof at === 'number' ? at : at.getTime();
    for (const fn of this.listeners) fn();
  }

  advance(ms: number): void {
    this.set(this.ms + ms);
  }
}

/** The first whole minute strictly after `ms`. */
export const nextMinute = (ms: number): number => (Math.floor(ms / 60_000) + 1) * 60_000;
