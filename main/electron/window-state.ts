// The main window's size, place and maximized state, kept across runs in a small JSON file. A saved place
// that no display shows any more (a monitor unplugged) is dropped, so the window never opens off-screen.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isObject } from '../../api/types/meta.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent: let the window manager place (centre) it. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };
export const MIN_WINDOW_SIZE = { width: 720, height: 480 };
/** How much of the title bar must be on a display for the saved place to be kept. */
const VISIBLE_MIN = 64;

/** A state read from disk, or undefined when it is not one (hand-edited, truncated, older format). */
export function parseWindowState(value: unknown): WindowState | undefined {
  if (!isObject(value)) return undefined;
  const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (!num(value.width) || !num(value.height)) return undefined;
  const state: WindowState = { width: Math.round(value.width), height: Math.round(value.height), maximized: value.maximized === true };
  if (num(value.x) && num(value.y)) {
    state.x = Math.round(value.x);
    state.y = Math.round(value.y);
  }
  return state;
}

/**
 * Fits a saved state to the displays there are now: at least the minimum size, at most the largest work
 * area, and its place kept only when enough of its top edge is on some display.
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Rect[]): WindowState {
  if (workAreas.length === 0) return { ...state };
  const maxW = Math.max(...workAreas.map((a) => a.width));
  const maxH = Math.max(...workAreas.map((a) => a.height));
  const width = clamp(state.width, Math.min(MIN_WINDOW_SIZE.width, maxW), maxW);
  const height = clamp(state.height, Math.min(MIN_WINDOW_SIZE.height, maxH), maxH);
  const out: WindowState = { width, height, maximized: state.maximized };
  if (state.x !== undefined && state.y !== undefined) {
    const titleBar: Rect = { x: state.x, y: state.y, width, height: Math.min(height, 32) };
    if (workAreas.some((a) => overlapWidth(titleBar, a) >= Math.min(VISIBLE_MIN, width) && state.y! >= a.y && state.y! < a.y + a.height)) {
      out.x = state.x;
      out.y = state.y;
    }
  }
  return out;
}

/** The file the state lives in (the app's userData directory). */
export class WindowStateFile {
  constructor(private readonly path: string) {}

  /** The saved state, or the default when there is none or it cannot be read. */
  async load(): Promise<WindowState> {
    try {
      return parseWindowState(JSON.parse(await readFile(this.path, 'utf8'))) ?? { ...DEFAULT_WINDOW_STATE };
    } catch {
      return { ...DEFAULT_WINDOW_STATE };
    }
  }

  /** Atomic (write, then rename): a crash mid-write leaves the previous state. */
  async save(state: WindowState): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(state)}\n`, { mode: 0o600 });
    await rename(tmp, this.path);
  }
}

function clamp(v: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, v));
}

function overlapWidth(a: Rect, b: Rect): number {
  return Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
}
