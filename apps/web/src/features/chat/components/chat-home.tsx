import { Link, Navigate, useLocation } from 'react-router';
import { ChatIcon } from '../../../components/icons';
import { Loading } from '../../../components/spinner';
import { useJoinedRooms } from '../../../lib/room-queries';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { PHONE_QUERY, useMediaQuery } from '../hooks/use-media-query';
import { ChatNotice } from './chat-notice';
import { ChatSidebar } from './chat-sidebar';
import './chat-list.css';

/**
 * `/`, the chats view. On a phone: the conversation list, one pane at a time. On a wider screen (where the list is in
 * the sidebar): the most recent conversation opens; with none yet, what to do to start one.
 */
export function ChatHome() {
  useDocumentTitle('Chats');
  const phone = useMediaQuery(PHONE_QUERY);
  const rooms = useJoinedRooms();
  const location = useLocation();

  if (phone) {
    return (
      <div className="chat-home">
        <ChatNotice />
        <ChatSidebar startActions />
      </div>
    );
  }
  const latest = rooms.data?.[0];
  if (latest) return <Navigate to={`/rooms/${latest.id}`} replace state={location.state} />;
  if (rooms.isPending) return <Loading label="Loading conversations…" />;
  return (
    <div className="chat-empty">
      <ChatNotice />
      <span className="chat-empty__icon">
        <ChatIcon width={32} height={32} />
      </span>
      <h1 className="chat-empty__title">{rooms.isError ? 'Your conversations could not be loaded' : 'Start a conversation'}</h1>
      <p className="chat-empty__text">
        {rooms.isError
          ? 'The list on the left says what went wrong and lets you try again.'
          : 'Add friends to message them directly, or join a public room. Your conversations show up on the left.'}
      </p>
      <div className="chat-empty__actions">
        <Link to="/friends" className="btn btn--primary">
          <span>Find friends</span>
        </Link>
        <Link to="/rooms/discover" className="btn btn--secondary">
          <span>Browse public rooms</span>
        </Link>
      </div>
    </div>
  );
}
