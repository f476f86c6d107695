import type { CookieOptions, Response } from 'express';
import type { AppConfig } from '../config/app-config.js';

/**
 * The session token in an HttpOnly cookie, for the one place a browser cannot send a bearer header: `<img src>` and
 * download links to `/api/files/...`. Its path limits it to those routes, which accept it (and only for reading);
 * every other route takes the bearer header only, so the cookie cannot be used to act on the caller's behalf.
 */
export const SESSION_COOKIE = 'chat_token';
export const SESSION_COOKIE_PATH = '/api/files';

function options(config: AppConfig): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', path: SESSION_COOKIE_PATH, secure: config.publicUrl.startsWith('https:') };
}

export function setSessionCookie(res: Response, config: AppConfig, token: string): void {
  res.cookie(SESSION_COOKIE, token, { ...options(config), maxAge: config.sessionTtlSeconds * 1000 });
}

export function clearSessionCookie(res: Response, config: AppConfig): void {
  res.clearCookie(SESSION_COOKIE, options(config));
}
