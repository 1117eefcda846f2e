// Undo/redo for the editor as whole-text snapshots (manifests are a few kB). Edits within GROUP_MS of
// each other undo together, like typing a word.

const GROUP_MS = 600;
const LIMIT = 200;

export class UndoHistory {
  private done: string[] = [];
  private undone: string[] = [];
  private lastAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Called before an edit lands, with the text it replaces. */
  record(before: string): void {
    const t = this.now();
    if (this.done.length === 0 || t - this.lastAt > GROUP_MS) {
      this.done.push(before);
      if (this.done.length > LIMIT) this.done.shift();
    }
    this.lastAt = t;
    this.undone = [];
  }

  /** The text to go back to from `current`, or undefined when there is nothing to undo. */
  undo(current: string): string | undefined {
    const prev = this.done.pop();
    if (prev === undefined) return undefined;
    this.undone.push(current);
    this.lastAt = 0;
    return prev;
  }

  redo(current: string): string | undefined {
    const next = this.undone.pop();
    if (next === undefined) return undefined;
    this.done.push(current);
    this.lastAt = 0;
    return next;
  }

  clear(): void {
    this.done = [];
    this.undone = [];
  }
}
