/** The Node name a host gets by default: its hostname, lower-cased, made a DNS-1123 subdomain. */
export function nodeNameFromHostname(hostname: string): string {
  return hostname.toLowerCase().replace(/[^a-z0-9.-]/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'node';
}
