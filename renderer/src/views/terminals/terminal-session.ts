// One terminal tab's connection and its recent output. The session outlives the xterm that shows it: leaving
// the Terminals view keeps shells running, and coming back replays what they printed meanwhile.
import { TerminalSocket, type SocketState, type TerminalSocketOptions } from '../../api/terminal-socket.js';

/** Output kept for replay (xterm keeps its own scrollback while shown). */
const REPLAY_BYTES = 1 << 20;

const encoder = new TextEncoder();

export class TerminalSession {
  private chunks: Uint8Array[] = [];
  private bytes = 0;
  private readonly listeners = new Set<(data: Uint8Array) => void>();
  private readonly socket: TerminalSocket;

  constructor(opts: TerminalSocketOptions, onState: (s: SocketState) => void) {
    this.socket = new TerminalSocket(opts, {
      output: (data) => this.emit(data),
      state: (s) => {
        if (s.phase === 'exited') this.note(s.status.success ? 'process exited' : s.status.exitCode !== undefined ? `process exited with code ${s.status.exitCode}` : s.status.message);
        else if (s.phase === 'closed' && s.reason !== 'closed') this.note(s.reason);
        onState(s);
      },
    });
  }

  get state(): SocketState {
    return this.socket.state;
  }

  start(): Promise<void> {
    return this.socket.open();
  }

  /** A new connection (a new shell: an exec'd process does not survive its connection). */
  reconnect(): Promise<void> {
    this.socket.close();
    this.note('reconnecting');
    return this.socket.open();
  }

  /** What was printed so far (up to the last MiB), for a terminal that starts showing this session. */
  replay(): readonly Uint8Array[] {
    return this.chunks;
  }

  /** Live output from now on; returns the unsubscribe function. */
  subscribe(fn: (data: Uint8Array) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  input(data: string | Uint8Array): void {
    this.socket.input(data);
  }

  resize(cols: number, rows: number): void {
    this.socket.resize(cols, rows);
  }

  close(): void {
    this.socket.close();
    this.listeners.clear();
  }

  private note(text: string): void {
    // Dim, on a line of its own.
    this.emit(encoder.encode(`\r\n\x1b[2m[${text}]\x1b[0m\r\n`));
  }

  private emit(data: Uint8Array): void {
    // The socket's buffer may be reused by the caller: keep a copy.
    const copy = data.slice();
    this.chunks.push(copy);
    this.bytes += copy.length;
    while (this.bytes > REPLAY_BYTES && this.chunks.length > 1) this.bytes -= this.chunks.shift()!.length;
    for (const fn of this.listeners) fn(copy);
  }
}
