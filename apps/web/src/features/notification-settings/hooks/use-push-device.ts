import { useCallback, useEffect, useState } from 'react';
import { describeError } from '../../../lib/errors';
import { disablePush, enablePush, pushState, type PushState } from '../../../lib/push';

export interface PushDevice {
  /** `null` while it is being found out. */
  state: PushState | null;
  busy: boolean;
  /** What failed the last time, in words, with what to do. */
  error: string | null;
  enable(): void;
  disable(): void;
}

/** This device's push state, and turning it on (from a click: the permission prompt) or off. */
export function usePushDevice(): PushDevice {
  const [state, setState] = useState<PushState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void pushState().then(
      (s) => live && setState(s),
      () => live && setState('unsupported'),
    );
    return () => {
      live = false;
    };
  }, []);

  const run = useCallback((action: () => Promise<PushState>, failed: string) => {
    setBusy(true);
    setError(null);
    action()
      .then(setState, (e: unknown) => {
        // The browser's own refusals (no push service reachable, a blocked prompt) are not the server's errors.
        const why = e instanceof DOMException ? `The browser said: ${e.message}` : describeError(e);
        setError(`${failed}. ${why}`);
        void pushState().then(setState, () => undefined);
      })
      .finally(() => setBusy(false));
  }, []);

  return {
    state,
    busy,
    error,
    enable: () => run(enablePush, 'Push notifications could not be turned on'),
    disable: () =>
      run(async () => {
        await disablePush();
        return pushState();
      }, 'Push notifications could not be turned off'),
  };
}
