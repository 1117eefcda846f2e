// What the Electron preload may put on window (main/electron/preload.ts, later): the API's URL and a way
// to get a bearer token. Browser mode has neither: the API is same-origin and a session cookie signs in.
interface SkiffHostBridge {
  apiUrl: string;
  /** A current bearer token (short-lived: asked for again after a 401). */
  getToken(): Promise<string>;
}

interface Window {
  skiff?: SkiffHostBridge;
}
