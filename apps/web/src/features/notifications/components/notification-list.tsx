import type { Notification } from '@chat/contracts';
import { Link } from 'react-router';
import { Avatar } from '../../../components/avatar';
import { formatDateTime, formatRelative } from '../../../lib/dates';
import { useNow } from '../../../lib/use-now';
import { useMarkNotificationRead } from '../api/notifications';
import { notificationTarget } from '../utils/notification-target';
import '../notifications.css';

export type NotificationListProps = {
  notifications: Notification[];
  label: string;
  /** After a notification was chosen (the dropdown closes). */
  onOpen?: () => void;
};

/** Notifications, newest first; choosing one marks it read and goes where it leads. */
export function NotificationList({ notifications, label, onOpen }: NotificationListProps) {
  const markRead = useMarkNotificationRead();
  const now = useNow();

  return (
    <ul className="notif-list" aria-label={label}>
      {notifications.map((n) => (
        <li key={n.id}>
          <Link
            to={notificationTarget(n)}
            className={`notif${n.readAt ? '' : ' notif--unread'}`}
            onClick={() => {
              if (!n.readAt) markRead.mutate(n.id);
              onOpen?.();
            }}
          >
            <Avatar user={n.actor} size="small" />
            <span className="notif__body">
              <span className="notif__text">{n.text}</span>
              <time className="notif__time" dateTime={n.createdAt} title={formatDateTime(n.createdAt)}>
                {formatRelative(n.createdAt, now)}
              </time>
            </span>
            {!n.readAt && (
              <span className="notif__dot">
                <span className="visually-hidden">Unread</span>
              </span>
            )}
          </Link>
        </li>
      ))}
    </ul>
  );
}
