import { Alert } from '../../../components/alert';
import { Spinner } from '../../../components/spinner';
import { SwitchField } from '../../../components/switch';
import { usePushDevice } from '../hooks/use-push-device';

const STATE_TEXT = {
  unsupported:
    'This browser cannot receive push notifications here (it has no Push API or service worker, or the page is not served over HTTPS). Install the app or use another browser to get them.',
  denied:
    'Notifications are blocked for this site. Allow them in the browser’s site settings (the icon before the address), then reload this page.',
  off: 'Off. Turn them on to get a notification on this device when someone messages or mentions you while the app is closed. The browser will ask for your permission.',
  on: 'On: direct messages and mentions reach this device while the app is closed, as your room settings and do-not-disturb allow.',
} as const;

/** Push on this device: the state in words (unsupported, blocked, off, on) and one switch that asks the browser. */
export function PushCard() {
  const push = usePushDevice();

  return (
    <section className="card" aria-labelledby="push-title">
      <h2 className="card__title" id="push-title">
        Push notifications on this device
      </h2>
      {push.state === null ? (
        <Spinner label="Checking this device…" />
      ) : (
        <>
          <p className="card__description" role="status">
            {STATE_TEXT[push.state]}
          </p>
          {(push.state === 'on' || push.state === 'off') && (
            <SwitchField
              label="Push notifications"
              description={push.busy ? (push.state === 'on' ? 'Turning off…' : 'Turning on…') : undefined}
              isSelected={push.state === 'on'}
              isDisabled={push.busy}
              onChange={(on) => (on ? push.enable() : push.disable())}
            />
          )}
          {push.error && (
            <Alert tone="error" title="That did not work">
              {push.error}
            </Alert>
          )}
        </>
      )}
    </section>
  );
}
