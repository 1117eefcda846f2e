// A status condition as every kind reports it (type, status True/False/Unknown, reason, message).
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

const NEGATIVE = /Pressure$|^NetworkUnavailable$/;

/** Green when the condition reads as healthy: Ready=True, but MemoryPressure=False. */
export function conditionTone(c: Condition): 'ok' | 'warn' | 'bad' | 'muted' {
  if (c.status !== 'True' && c.status !== 'False') return 'muted';
  const good = NEGATIVE.test(c.type) ? c.status === 'False' : c.status === 'True';
  return good ? 'ok' : NEGATIVE.test(c.type) ? 'bad' : 'warn';
}
