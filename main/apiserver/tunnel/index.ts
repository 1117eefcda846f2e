// main/apiserver/tunnel: the API server's end of the agent tunnels (accepting them, the registry of
// live ones) and the node-served streams relayed through them: logs, exec/attach, port-forward.
export { TunnelRegistry } from './registry.js';
export { handleUpgrade } from './upgrade.js';
