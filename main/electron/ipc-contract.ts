// Every Electron IPC channel in one place, as typed maps (Rancher Desktop's electron-ipc.d.ts): the main
// process handles with these types, the preload calls with them, and what the renderer sends is checked
// here at run time, because across the process boundary it is only `unknown[]`. No 'electron' import:
// the preload bundle and the unit tests use this file as is.
import type { LocalAgentStatus } from '../agent-supervisor.js';

export type { LocalAgentStatus };

/** Every channel starts with it; the preload refuses any other (VS Code's rule). */
export const CHANNEL_PREFIX = 'skiff:';

/** Renderer → main, answered (`ipcRenderer.invoke` / `ipcMain.handle`): arguments → result. */
export interface InvokeChannels {
  /** A bearer token for the API (short-lived: asked for again after a 401). */
  'skiff:get-token': () => string;
  'skiff:local-agent': () => LocalAgentStatus;
  /** Opens an http(s) URL in the default browser. */
  'skiff:open-external': (url: string) => void;
  /** Puts text on the clipboard (works where navigator.clipboard is not allowed). */
  'skiff:copy-text': (text: string) => void;
}

/** Main → renderer, unanswered (`webContents.send` / `ipcRenderer.on`): the payload. */
export interface PushChannels {
  'skiff:local-agent-changed': (status: LocalAgentStatus) => void;
}

export type InvokeChannel = keyof InvokeChannels;
export type PushChannel = keyof PushChannels;
export type InvokeResult<K extends InvokeChannel> = ReturnType<InvokeChannels[K]>;

/** The object the preload puts on `window.skiff` (renderer/env.d.ts declares the same shape). */
export interface SkiffBridge {
  apiUrl: string;
  getToken(): Promise<string>;
  localAgent(): Promise<LocalAgentStatus>;
  /** Calls `listener` on each change; returns the unsubscribe function. */
  onLocalAgentChange(listener: (status: LocalAgentStatus) => void): () => void;
  openExternal(url: string): Promise<void>;
  copyText(text: string): Promise<void>;
}

/** A channel name or argument the contract does not allow. */
export class IpcContractError extends Error {
  override name = 'IpcContractError';
}

const MAX_TEXT = 64 * 1024;

/** Validators of the arguments the renderer sends, one per invoke channel (the map must be complete). */
export const invokeArgs: { [K in InvokeChannel]: (args: readonly unknown[]) => Parameters<InvokeChannels[K]> } = {
  'skiff:get-token': (args) => noArgs('skiff:get-token', args),
  'skiff:local-agent': (args) => noArgs('skiff:local-agent', args),
  'skiff:open-external': (args) => [externalUrl(args)],
  'skiff:copy-text': (args) => [clipboardText(args)],
};

export const INVOKE_CHANNELS = Object.keys(invokeArgs) as InvokeChannel[];
export const PUSH_CHANNELS: readonly PushChannel[] = ['skiff:local-agent-changed'];

export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && Object.hasOwn(invokeArgs, channel);
}

export function isPushChannel(channel: unknown): channel is PushChannel {
  return typeof channel === 'string' && (PUSH_CHANNELS as readonly string[]).includes(channel);
}

/** Throws unless `channel` carries the app's prefix: nothing else may cross the bridge. */
export function assertSkiffChannel(channel: unknown): asserts channel is string {
  if (typeof channel !== 'string' || !channel.startsWith(CHANNEL_PREFIX)) {
    throw new IpcContractError(`IPC channel ${JSON.stringify(channel)} refused: only "${CHANNEL_PREFIX}…" channels are allowed`);
  }
}

function noArgs(channel: string, args: readonly unknown[]): [] {
  if (args.length !== 0) throw new IpcContractError(`${channel} takes no arguments`);
  return [];
}

function externalUrl(args: readonly unknown[]): string {
  const [url] = args;
  if (args.length !== 1 || typeof url !== 'string') throw new IpcContractError('skiff:open-external takes one URL');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new IpcContractError(`skiff:open-external: "${url.slice(0, 200)}" is not a URL`);
  }
  // file:, javascript:, custom schemes would run things on this machine.
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new IpcContractError(`skiff:open-external opens http and https URLs only, not ${parsed.protocol}`);
  return parsed.href;
}

function clipboardText(args: readonly unknown[]): string {
  const [text] = args;
  if (args.length !== 1 || typeof text !== 'string' || text.length > MAX_TEXT) throw new IpcContractError(`skiff:copy-text takes one string of at most ${MAX_TEXT} characters`);
  return text;
}
