// Serving a stats request: the sampler's latest summary as one JSON document on STDOUT, then the end.
import { StatusError } from '../../api/errors/status-error.js';
import { STDOUT, type IncomingStream, type StatsSummary } from '../../client/tunnel/index.js';

/** Where the summary comes from (the agent's StatsSampler). */
export interface StatsSource {
  summary(): StatsSummary;
}

export function serveStats(stream: IncomingStream, source: StatsSource | undefined): void {
  if (!source) throw new StatusError(503, 'ServiceUnavailable', 'this agent does not sample usage');
  const body = Buffer.from(JSON.stringify(source.summary()));
  stream.accept();
  stream.write(STDOUT, body);
  stream.end();
}
