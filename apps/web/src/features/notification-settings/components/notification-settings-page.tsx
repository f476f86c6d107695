import type { Me } from '@chat/contracts';
import { Alert } from '../../../components/alert';
import { Page } from '../../../components/page';
import { QueryView } from '../../../components/query-view';
import { SwitchField } from '../../../components/switch';
import { useMe } from '../../../lib/auth';
import { describeError } from '../../../lib/errors';
import { useUpdateNotificationSettings } from '../api/update-notification-settings';
import { DndCard } from './dnd-card';
import { PushCard } from './push-card';
import '../notification-settings.css';

type DeliveryCardProps = { me: Me };

/** E-mail digests and push previews: two switches that save at once. */
function DeliveryCard({ me }: DeliveryCardProps) {
  const save = useUpdateNotificationSettings();
  // While a change is on its way the switch shows what was asked for.
  const pending = save.isPending ? save.variables : undefined;
  const email = (pending?.emailNotifications ?? me.emailNotifications) === 'missed';
  const preview = pending?.pushPreview ?? me.pushPreview;

  return (
    <section className="card" aria-labelledby="delivery-title">
      <h2 className="card__title" id="delivery-title">
        E-mail and previews
      </h2>
      <div className="settings-switches">
        <SwitchField
          label="E-mail digests"
          description="Direct messages and mentions you have not read after a while come to you in one e-mail."
          isSelected={email}
          isDisabled={save.isPending}
          onChange={(on) => save.mutate({ emailNotifications: on ? 'missed' : 'never' })}
        />
        <SwitchField
          label="Show message text in pushes"
          description="Off: a push only says who wrote and “New message”, for screens others can see."
          isSelected={preview}
          isDisabled={save.isPending}
          onChange={(on) => save.mutate({ pushPreview: on })}
        />
      </div>
      {save.isError && (
        <Alert tone="error" title="The setting was not saved">
          {describeError(save.error)}
        </Alert>
      )}
    </section>
  );
}

/**
 * Settings → Notifications: push on this device, do not disturb, e-mail digests and push previews. Each room's level
 * and mute are in its header's bell.
 */
export function NotificationSettingsPage() {
  const me = useMe();
  return (
    <Page
      title="Notification settings"
      description="How messages reach you when you are not looking. Each conversation’s bell, in its header, chooses which of its messages notify you."
    >
      <QueryView query={me} errorText="Could not load your settings.">
        {(data) => (
          <div className="stack">
            <PushCard />
            <DndCard me={data} />
            <DeliveryCard me={data} />
          </div>
        )}
      </QueryView>
    </Page>
  );
}
