import { isIP } from 'node:net';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

function hostMatches(host: string, pattern: string): boolean {
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return host === pattern;
}

/**
 * Why a push endpoint is refused, or null when it is allowed (`PUSH_ENDPOINT_HOSTS`, an SSRF guard): an https URL on
 * one of the hosts (`*.domain` for subdomains), or an http URL on a loopback host that is listed itself. No
 * credentials in the URL, no IP literal but a listed loopback one.
 */
export function endpointProblem(endpoint: string, hosts: string[]): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'must be a URL';
  }
  if (url.username || url.password) return 'must not hold credentials';
  const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  const listed = hosts.some((p) => hostMatches(host, p.replace(/^\[(.*)\]$/, '$1')));
  if (!listed) return 'must be on a push service this server allows (PUSH_ENDPOINT_HOSTS)';
  if (url.protocol === 'https:') return isIP(host) && !LOOPBACK.has(host) ? 'must name its host, not an IP address' : null;
  if (url.protocol === 'http:' && LOOPBACK.has(host)) return null;
  return 'must be an https URL';
}

/** A base64url value that decodes to exactly `bytes` bytes (and, for a P-256 public key, an uncompressed point). */
export function keyProblem(value: string, bytes: number, point = false): string | null {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(value)) return 'must be base64url';
  const raw = Buffer.from(value, 'base64url');
  if (raw.length !== bytes) return `must be ${bytes} bytes`;
  if (point && raw[0] !== 0x04) return 'must be an uncompressed P-256 point';
  return null;
}
