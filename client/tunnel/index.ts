// client/tunnel: the agent tunnel's protocol, shared by the API server (which opens streams) and the
// agent (which serves them): frames, streams with flow control, the connection with keepalive, and
// the usage summary the agent answers a stats request with.
export { TUNNEL_SUBPROTOCOL, TUNNEL_PATH_PATTERN, tunnelPath, ALL_CHANNELS, STDIN, STDOUT, STDERR, FrameType } from './frame.js';
export { MuxStream, IncomingStream, STREAM_WINDOW, type StreamHandler, type StreamResult } from './mux-stream.js';
export { TunnelConnection, DEFAULT_KEEPALIVE_MS, type TunnelConnectionOptions } from './connection.js';
export { parseOpenRequest, OpenRequestError, type OpenRequest, type LogRequest, type ExecRequest, type PortForwardRequest, type StatsRequest, type PodStreamRequest, type PodTarget } from './open-request.js';
export { parseStatsSummary, StatsSummaryError, type StatsSummary, type Usage, type PodStats, type ContainerStats } from './stats-summary.js';
export { pumpToStream, type PumpOptions } from './pump.js';
