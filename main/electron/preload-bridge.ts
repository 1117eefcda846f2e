// What the preload exposes, without Electron: `ipcRenderer` comes in as a parameter, so the channel guard
// and the bridge object are tested with a fake. The page never sees ipcRenderer or a channel name: it
// gets `window.skiff`, a handful of functions, each bound to one channel of ipc-contract.ts.
import {
  assertSkiffChannel, IpcContractError, isInvokeChannel, isPushChannel,
  type InvokeChannel, type InvokeChannels, type InvokeResult, type LocalAgentStatus, type PushChannel, type PushChannels, type SkiffBridge,
} from './ipc-contract.js';

/** The part of Electron's ipcRenderer used here. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** The typed, guarded IPC the bridge is built on: channels without the prefix, or unknown ones, throw. */
export interface GuardedIpc {
  invoke<K extends InvokeChannel>(channel: K, ...args: Parameters<InvokeChannels[K]>): Promise<InvokeResult<K>>;
  on<K extends PushChannel>(channel: K, listener: (...payload: Parameters<PushChannels[K]>) => void): () => void;
}

export function guardedIpc(ipc: IpcRendererLike): GuardedIpc {
  return {
    invoke(channel, ...args) {
      assertSkiffChannel(channel);
      if (!isInvokeChannel(channel)) return Promise.reject(new IpcContractError(`IPC channel "${channel}" is not in the contract`));
      return ipc.invoke(channel, ...args) as Promise<InvokeResult<typeof channel>>;
    },
    on(channel, listener) {
      assertSkiffChannel(channel);
      if (!isPushChannel(channel)) throw new IpcContractError(`IPC channel "${channel}" is not in the contract`);
      // The event object (with its `sender`) stays here: the page gets the payload only.
      const wrapped = (_event: unknown, ...payload: unknown[]): void => listener(...(payload as Parameters<PushChannels[typeof channel]>));
      ipc.on(channel, wrapped);
      return () => { ipc.removeListener(channel, wrapped); };
    },
  };
}

/** The API URL the main process passes in `webPreferences.additionalArguments`. */
export const API_URL_ARG = '--skiff-api-url=';

export function apiUrlFromArgv(argv: readonly string[]): string | undefined {
  const arg = argv.find((a) => a.startsWith(API_URL_ARG));
  if (!arg) return undefined;
  try {
    const url = new URL(arg.slice(API_URL_ARG.length));
    return url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

export function createSkiffBridge(ipc: IpcRendererLike, apiUrl: string): SkiffBridge {
  const g = guardedIpc(ipc);
  return {
    apiUrl,
    getToken: () => g.invoke('skiff:get-token'),
    localAgent: () => g.invoke('skiff:local-agent'),
    onLocalAgentChange: (listener: (status: LocalAgentStatus) => void) => g.on('skiff:local-agent-changed', listener),
    openExternal: (url: string) => g.invoke('skiff:open-external', url),
    copyText: (text: string) => g.invoke('skiff:copy-text', text),
  };
}
