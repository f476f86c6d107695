import { useState, type ReactNode } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { useToken } from '../lib/auth';
import { safeNextPath } from '../lib/safe-redirect';
import { tokenStore } from '../lib/token-store';

export type RequireAuthProps = { children: ReactNode };

/**
 * Without a token, goes to /login: after a deliberate logout plainly (after deleting the account, saying so);
 * otherwise (first visit, session revoked or expired, logged out in another tab) remembering where the person was
 * going, and saying the session ended when the server refused it.
 */
export function RequireAuth({ children }: RequireAuthProps) {
  const token = useToken();
  const location = useLocation();
  if (!token) {
    const reason = tokenStore.endReason();
    const next = `${location.pathname}${location.search}`;
    const to = reason === 'logout' || reason === 'account-deleted' || next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
    const state = reason === 'session-ended' ? { sessionEnded: true } : reason === 'account-deleted' ? { accountDeleted: true } : undefined;
    return <Navigate to={to} replace state={state} />;
  }
  return children;
}

export type GuestOnlyProps = { children: ReactNode };

/**
 * Login and register make no sense to someone already logged in when they open the page. Checked once, on arrival:
 * the forms navigate by themselves after they succeed.
 */
export function GuestOnly({ children }: GuestOnlyProps) {
  const [loggedInOnArrival] = useState(() => tokenStore.get() !== null);
  const [params] = useSearchParams();
  if (loggedInOnArrival) return <Navigate to={safeNextPath(params.get('next'))} replace />;
  return children;
}
