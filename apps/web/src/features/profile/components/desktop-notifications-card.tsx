import { useState, useSyncExternalStore } from 'react';
import { Link } from 'react-router';
import { Button } from '../../../components/button';
import {
  desktopNotificationsState,
  disableDesktopNotifications,
  enableDesktopNotifications,
  finishDesktopPrompt,
  isHandheld,
  subscribeDesktopNotifications,
} from '../../../lib/desktop-notifications';

/** The lasting switch for desktop notifications on this computer (the sidebar offers them once). */
export function DesktopNotificationsCard() {
  const state = useSyncExternalStore(subscribeDesktopNotifications, desktopNotificationsState, () => 'unsupported' as const);
  const [asking, setAsking] = useState(false);
  if (state === 'unsupported' || isHandheld()) return null;

  const text =
    state === 'on'
      ? 'On: messages in conversations you are not looking at show a notification on this computer.'
      : state === 'blocked'
        ? 'Blocked by the browser. Allow notifications for this site in the browser’s site settings, then reload.'
        : 'Off. Turn them on to get a notification on this computer when a message arrives in another conversation.';

  return (
    <section className="card" aria-labelledby="desktop-notifications-title">
      <h2 className="card__title" id="desktop-notifications-title">
        Desktop notifications
      </h2>
      <p className="card__description">{text}</p>
      <p className="card__description">
        Pushes while the app is closed, do not disturb and e-mail digests are in{' '}
        <Link to="/settings/notifications">Notification settings</Link>.
      </p>
      {state !== 'blocked' && (
        <div>
          <Button
            variant="secondary"
            pending={asking}
            onClick={() => {
              finishDesktopPrompt();
              if (state === 'on') {
                disableDesktopNotifications();
                return;
              }
              setAsking(true);
              void enableDesktopNotifications().finally(() => setAsking(false));
            }}
          >
            {state === 'on' ? 'Turn off' : 'Turn on'}
          </Button>
        </div>
      )}
    </section>
  );
}
