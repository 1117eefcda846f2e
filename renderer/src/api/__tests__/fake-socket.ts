// A fake browser WebSocket for terminal tests: records what is sent; the test plays the server.

export class FakeSocket {
  static last: FakeSocket;
  binaryType = 'blob';
  readyState = 0;
  sent: Uint8Array[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: ArrayBuffer }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;

  constructor(readonly url: string, readonly protocols: string[]) {
    FakeSocket.last = this;
  }

  send(d: Uint8Array): void { this.sent.push(d); }
  close(): void { this.readyState = 3; this.onclose?.({ code: 1000, reason: '' }); }

  /** The server accepts the handshake. */
  open(): void { this.readyState = 1; this.onopen?.(); }
  /** The server sends a frame on `channel`. */
  receive(channel: number, payload: string): void { this.onmessage?.({ data: new Uint8Array([channel, ...new TextEncoder().encode(payload)]).buffer }); }
  /** The connection ends without a close from us (refused, or lost). */
  drop(code = 1006): void { this.readyState = 3; this.onclose?.({ code, reason: '' }); }
}

/** As TerminalSocketOptions.WebSocket wants it. */
export const FakeWebSocket = FakeSocket as unknown as new (url: string, protocols: string[]) => WebSocket;
