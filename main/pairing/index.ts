// Public surface of edge-device pairing (the control plane's side).
export { PairingService, DEFAULT_NODE_CERT_VALIDITY_SECONDS, type PairingServiceOptions } from './pairing-service.js';
export { RevocationList, type PresentedCertificate } from './revocation.js';
export { RateLimiter, DEFAULT_PAIRING_RATE_LIMIT, type RateLimit } from './rate-limiter.js';
export { advertisedServers, type Advertised } from './advertise.js';
export { DEFAULT_TOKEN_TTL_SECONDS } from './tokens.js';
