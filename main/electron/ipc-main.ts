// The main process's side of ipc-contract.ts: handlers typed by the contract, arguments validated by it,
// and only our own page may call (the sender frame's origin is checked on every call).
import { IpcContractError, invokeArgs, type InvokeChannel, type InvokeChannels, type InvokeResult, type PushChannel, type PushChannels } from './ipc-contract.js';

export interface IpcInvokeEventLike {
  senderFrame: { url: string } | null;
}

/** The part of Electron's ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export type InvokeHandlers = { [K in InvokeChannel]: (...args: Parameters<InvokeChannels[K]>) => InvokeResult<K> | Promise<InvokeResult<K>> };

/** Registers one handler per channel of the contract (the type demands all of them); returns the undo. */
export function handleInvokes(ipcMain: IpcMainLike, trustedOrigin: string, handlers: InvokeHandlers): () => void {
  const channels = Object.keys(handlers) as InvokeChannel[];
  for (const channel of channels) {
    ipcMain.handle(channel, (event, ...raw) => {
      const origin = frameOrigin(event);
      if (origin !== trustedOrigin) throw new IpcContractError(`${channel}: refused a call from ${origin ?? 'an unknown frame'}`);
      const args = invokeArgs[channel](raw);
      return (handlers[channel] as (...a: unknown[]) => unknown)(...args);
    });
  }
  return () => { for (const channel of channels) ipcMain.removeHandler(channel); };
}

/** The part of Electron's WebContents used to push. */
export interface PushTarget {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

export function push<K extends PushChannel>(target: PushTarget, channel: K, ...payload: Parameters<PushChannels[K]>): void {
  if (!target.isDestroyed()) target.send(channel, ...payload);
}

function frameOrigin(event: IpcInvokeEventLike): string | undefined {
  try {
    return event.senderFrame ? new URL(event.senderFrame.url).origin : undefined;
  } catch {
    return undefined;
  }
}
