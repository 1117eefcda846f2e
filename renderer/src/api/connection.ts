// Where the API is and how to prove who we are. Browser mode (`skiff serve --ui`): same origin, the
// session cookie set by the one-time login URL. Electron: the preload hands over the API URL and bearer
// tokens (window.skiff, see env.d.ts).

export interface Connection {
  /** '' for same-origin requests, else "https://host:port". */
  baseUrl: string;
  /** Bearer token source; undefined means the browser's session cookie authenticates. */
  token?: () => Promise<string>;
}

export function connectionFromHost(host: Pick<Window, 'skiff'>): Connection {
  const bridge = host.skiff;
  if (bridge) return { baseUrl: bridge.apiUrl.replace(/\/+$/, ''), token: () => bridge.getToken() };
  return { baseUrl: '' };
}

/** The API server's host name, for links to NodePorts on the machine serving the GUI. */
export function apiHostname(connection: Connection, location: Pick<Location, 'hostname'>): string {
  if (connection.baseUrl === '') return location.hostname;
  return new URL(connection.baseUrl).hostname;
}
