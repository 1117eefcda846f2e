// What the Electron preload puts on window (main/electron/preload.ts; its SkiffBridge in
// main/electron/ipc-contract.ts is the same shape): the API's URL, bearer tokens, the local agent's state
// and a few native actions. Browser mode has none of it: the API is same-origin and a session cookie
// signs in.
interface SkiffLocalAgentStatus {
  state: 'starting' | 'running' | 'restarting' | 'not-started' | 'stopped';
  nodeName: string;
  /** Why it is not running, in a sentence a user can act on. */
  message?: string;
  /** The command that runs it by hand (as root). */
  command?: string;
  logFile?: string;
}

interface SkiffHostBridge {
  apiUrl: string;
  /** A current bearer token (short-lived: asked for again after a 401). */
  getToken(): Promise<string>;
  localAgent?(): Promise<SkiffLocalAgentStatus>;
  /** Returns the unsubscribe function. */
  onLocalAgentChange?(listener: (status: SkiffLocalAgentStatus) => void): () => void;
  openExternal?(url: string): Promise<void>;
  copyText?(text: string): Promise<void>;
}

interface Window {
  skiff?: SkiffHostBridge;
}
