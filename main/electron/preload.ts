// The preload of the main window (sandboxed, bundled to dist/main/electron/preload.cjs by
// scripts/bundle-preload.js): puts `window.skiff` (ipc-contract.ts's SkiffBridge) into the page, and
// only into our own page — the API origin the main process passed in additionalArguments.
import { contextBridge, ipcRenderer } from 'electron';
import { apiUrlFromArgv, createSkiffBridge } from './preload-bridge.js';

declare const location: { origin: string };

const apiUrl = apiUrlFromArgv(process.argv);
if (apiUrl !== undefined && location.origin === apiUrl) {
  contextBridge.exposeInMainWorld('skiff', createSkiffBridge(ipcRenderer, apiUrl));
}
