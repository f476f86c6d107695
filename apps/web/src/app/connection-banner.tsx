import { useEffect, useState, useSyncExternalStore } from 'react';
import { Spinner } from '../components/spinner';
import { CloudOffIcon } from '../components/icons';
import { useSocketError, useSocketStatus } from '../lib/socket-provider';
import { useStartedFromSavedCopy } from './offline-cache';
import './connection-banner.css';

/** Shown after this long without a first connection (a quick connect shows nothing). */
const FIRST_CONNECT_GRACE_MS = 3_000;

function subscribeOnline(listener: () => void): () => void {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
}

/**
 * Offline (no network): says so at once, that what is on screen is the copy saved on this device, and that what is
 * written is kept here (the outbox survives a reload) and sent once back online. Otherwise "Reconnecting…" while live
 * updates are down ("Connecting…" after a slow first connection, saying when the app started from the saved copy);
 * messages written meanwhile wait and go out once it is back.
 */
export function ConnectionBanner() {
  const status = useSocketStatus();
  const online = useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
  const error = useSocketError();
  const savedCopy = useStartedFromSavedCopy();
  const [slowStart, setSlowStart] = useState(false);
  useEffect(() => {
    if (status !== 'connecting') return;
    const timer = setTimeout(() => setSlowStart(true), FIRST_CONNECT_GRACE_MS);
    return () => clearTimeout(timer);
  }, [status]);

  const show = !online || status === 'reconnecting' || (status === 'connecting' && slowStart);
  return (
    <div className="connection-banner-slot" role="status" aria-live="polite">
      {show &&
        (!online ? (
          <div className="connection-banner">
            <CloudOffIcon className="connection-banner__icon" />
            <span>
              <strong>You are offline: showing saved messages.</strong>
              <span className="connection-banner__hint">
                {' '}
                Messages you write are kept on this device, even if you reload, and sent when you are back online.
              </span>
            </span>
          </div>
        ) : (
          <div className="connection-banner">
            <Spinner />
            <span>
              <strong>{status === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}</strong>
              {error === 'RATE_LIMITED' ? (
                <span> Too many tabs or devices are connected to your account: close some to get live updates back.</span>
              ) : status === 'connecting' && savedCopy ? (
                <span className="connection-banner__hint">
                  {' '}
                  The server cannot be reached: showing saved messages. Messages you write now are sent when the connection is back.
                </span>
              ) : (
                <span className="connection-banner__hint"> Messages you write now are sent when the connection is back.</span>
              )}
            </span>
          </div>
        ))}
    </div>
  );
}
