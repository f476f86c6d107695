import { createHmac, timingSafeEqual } from 'node:crypto';

/** The key of unsubscribe links: derived from the server's JWT secret, for this one use. */
function key(secret: string): Buffer {
  return createHmac('sha256', secret).update('email-unsubscribe').digest();
}

/** `<userId>.<HMAC-SHA256 of it>` (base64url): the link works without a session and cannot be made for another user. */
export function unsubscribeToken(secret: string, userId: string): string {
  return `${userId}.${createHmac('sha256', key(secret)).update(userId).digest('base64url')}`;
}

/** The user id a token was made for, or null when it was not made by this server. */
export function verifyUnsubscribeToken(secret: string, token: string): string | null {
  const [userId, mac, ...rest] = token.split('.');
  if (!userId || !mac || rest.length > 0 || !/^[0-9a-f-]{36}$/.test(userId)) return null;
  const expected = createHmac('sha256', key(secret)).update(userId).digest();
  const given = Buffer.from(mac, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
}
