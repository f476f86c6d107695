import type { Message } from '@chat/contracts';
import type { MouseEvent, ReactNode } from 'react';
import { Link } from 'react-router';
import { Avatar } from '../../../components/avatar';
import { excerpt } from '../utils/composer-text';
import { exactTime, listTime } from '../utils/format-time';
import { messageUrl } from '../utils/message-link';
import { MessageBody } from './message-body';
import './message-card.css';

export type MessageCardProps = {
  message: Message;
  now: number;
  /** Where it was said, after the sender: "in Team", "with Bo". */
  where?: string;
  /** Beside the card: "Unpin", "Unsave". */
  action?: ReactNode;
  onOpen?: (event: MouseEvent<HTMLAnchorElement>) => void;
  /**
   * The text as Markdown (the pins panel) instead of a plain excerpt. Its links and code stay outside the card's
   * link (no link inside a link); the link is still named by the text (a hidden excerpt).
   */
  rich?: boolean;
  /** The reader's username (their mentions highlighted), with `rich`. */
  meUsername?: string;
};

function bodyText(message: Message): string {
  if (message.deletedAt) return 'Message deleted';
  if (message.body) return excerpt(message.body, 280);
  const files = message.attachments.length;
  return files === 1 ? `Attachment: ${message.attachments[0]!.name}` : `${files} attachments`;
}

/**
 * A message out of its conversation (a pin, a saved message): who said it, where and when, its text, and a link that
 * opens the room at it. The text is a plain excerpt, so the whole card can be that one link.
 */
export function MessageCard({ message, now, where, action, onOpen, rich = false, meUsername }: MessageCardProps) {
  if (rich && message.body && !message.deletedAt) {
    return (
      <div className="message-card message-card--rich">
        <div className="message-card__rich">
          <Link to={messageUrl(message)} className="message-card__link" onClick={onOpen}>
            <Avatar user={message.sender} size="small" />
            <span className="message-card__head">
              <span className="message-card__sender">{message.sender.displayName}</span>
              {where && <span className="message-card__where">{where}</span>}
              <time className="message-card__time" dateTime={message.createdAt} title={exactTime(message.createdAt)}>
                {listTime(message.createdAt, now)}
              </time>
              <span className="visually-hidden">: {excerpt(message.body, 280)}</span>
            </span>
          </Link>
          <div className="message-card__body message-card__body--rich">
            <MessageBody body={message.body} meUsername={meUsername} mentions={message.mentions} />
          </div>
        </div>
        {action && <div className="message-card__action">{action}</div>}
      </div>
    );
  }
  return (
    <div className="message-card">
      <Link to={messageUrl(message)} className="message-card__link" onClick={onOpen}>
        <Avatar user={message.sender} size="small" />
        <span className="message-card__main">
          <span className="message-card__head">
            <span className="message-card__sender">{message.sender.displayName}</span>
            {where && <span className="message-card__where">{where}</span>}
            <time className="message-card__time" dateTime={message.createdAt} title={exactTime(message.createdAt)}>
              {listTime(message.createdAt, now)}
            </time>
          </span>
          <span className={`message-card__body${message.body ? '' : ' message-card__body--muted'}`}>{bodyText(message)}</span>
        </span>
      </Link>
      {action && <div className="message-card__action">{action}</div>}
    </div>
  );
}
