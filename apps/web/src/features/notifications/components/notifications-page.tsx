import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Page } from '../../../components/page';
import { QueryView } from '../../../components/query-view';
import { describeError } from '../../../lib/errors';
import { useMarkAllNotificationsRead, useNotifications } from '../api/notifications';
import { NotificationList } from './notification-list';
import '../notifications.css';

/** `/notifications`: the newest notifications, with "Mark all read". */
export function NotificationsPage() {
  const notifications = useNotifications();
  const markAll = useMarkAllNotificationsRead();
  const unreadCount = notifications.data?.filter((n) => !n.readAt).length ?? 0;
  const unread = unreadCount > 0;

  return (
    <Page title="Notifications" description="Friend requests, room invites, and messages and mentions that arrived while you were away.">
      {markAll.isError && (
        <Alert
          action={
            <Button variant="secondary" className="btn--small" onClick={() => markAll.mutate()}>
              Try again
            </Button>
          }
        >
          Could not mark your notifications read. {describeError(markAll.error)}
        </Alert>
      )}
      <QueryView
        query={notifications}
        loadingLabel="Loading notifications…"
        errorText="Could not load your notifications."
        empty={
          <p className="empty">No notifications yet. Friend requests, room invites, and messages you miss while away will show up here.</p>
        }
      >
        {(data) => (
          <section className="card notif-card" aria-labelledby="notif-page-title">
            <div className="card__head">
              <h2 className="card__title" id="notif-page-title">
                {unread ? `${unreadCount} unread` : 'All caught up'}
              </h2>
              <Button
                variant="secondary"
                className="btn--small"
                onClick={() => markAll.mutate()}
                pending={markAll.isPending}
                disabled={!unread}
              >
                Mark all read
              </Button>
            </div>
            <NotificationList notifications={data} label="Notifications" />
          </section>
        )}
      </QueryView>
    </Page>
  );
}
