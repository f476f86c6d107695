import { createHmac } from 'node:crypto';

const b64url = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Signs a JWT by hand (HS256 by default), so tests can forge exactly the token they need. */
export function signJwt(payload: object, secret: string, header: object = { alg: 'HS256', typ: 'JWT' }): string {
  const alg = (header as { alg?: string }).alg;
  const input = `${b64url(header)}.${b64url(payload)}`;
  if (alg === 'none') return `${input}.`;
  const hmac = alg === 'HS512' ? 'sha512' : alg === 'HS384' ? 'sha384' : 'sha256';
  return `${input}.${createHmac(hmac, secret).update(input).digest('base64url')}`;
}

/** The claims of a token the API issued (no verification). */
export function decodeJwt(token: string): { sub: string; sid: string; iat: number; exp: number } {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}
