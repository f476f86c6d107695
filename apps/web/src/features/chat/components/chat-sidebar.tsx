import { useMemo, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { SearchIcon } from '../../../components/icons';
import { QueryView } from '../../../components/query-view';
import { useMe } from '../../../lib/auth';
import { useJoinedRooms } from '../../../lib/room-queries';
import { useDirectPeers } from '../hooks/use-direct-peers';
import { useNow } from '../../../lib/use-now';
import { quietLast } from '../../../lib/notify-rules';
import { matchesFilter } from '../utils/preview';
import { ChatListItem } from './chat-list-item';
import { CompassIcon, PlusCircleIcon } from './chat-icons';
import { NotificationsPrompt } from './notifications-prompt';
import './chat-list.css';
import './skeleton.css';

function ListSkeleton() {
  return (
    <div className="chat-list__skeleton" aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading conversations…
      </span>
      {Array.from({ length: 6 }, (_, i) => (
        <div className="chat-item chat-item--skeleton" key={i} aria-hidden="true">
          <span className="skeleton skeleton--circle" />
          <span className="chat-item__body">
            <span className="skeleton skeleton--line" style={{ width: `${55 - i * 4}%` }} />
            <span className="skeleton skeleton--line skeleton--faint" style={{ width: `${80 - i * 6}%` }} />
          </span>
        </div>
      ))}
    </div>
  );
}

export type ChatSidebarProps = {
  /** With no conversation yet, the two ways to start one as buttons (the phone's home screen, where nothing else offers them). */
  startActions?: boolean;
};

/** The conversations column: joined rooms and DMs by last activity, with entry points to start new ones. */
export function ChatSidebar({ startActions = false }: ChatSidebarProps) {
  const rooms = useJoinedRooms();
  const peers = useDirectPeers(rooms.data);
  const meId = useMe().data?.id;
  const now = useNow(60_000);
  const [filter, setFilter] = useState('');
  const [search, setSearch] = useState('');
  const navigate = useNavigate();
  // The search page has its own box.
  const searching = useLocation().pathname === '/search/messages';
  // Muted rooms (and those set to "Nothing") after the others, each part by latest activity.
  const shown = useMemo(
    () =>
      quietLast(
        (rooms.data ?? []).filter((r) => matchesFilter(r.name, filter)),
        now,
      ),
    [rooms.data, filter, now],
  );

  return (
    <section className="chat-list" aria-labelledby="chat-list-title">
      <header className="chat-list__header">
        <h2 className="chat-list__title" id="chat-list-title">
          Chats
        </h2>
        <div className="chat-list__actions">
          <Link to="/rooms/discover" className="icon-btn" aria-label="Discover rooms" title="Discover rooms">
            <CompassIcon />
          </Link>
          <Link to="/rooms/new" className="icon-btn" aria-label="New room" title="New room">
            <PlusCircleIcon />
          </Link>
        </div>
      </header>
      {rooms.data && rooms.data.length > 0 && !searching && (
        // Message search: Enter opens the results (the search page, which also takes from:@name, in:#room…).
        <form
          className="chat-list__filter"
          role="search"
          aria-label="Messages"
          onSubmit={(e) => {
            e.preventDefault();
            const q = search.trim();
            setSearch('');
            void navigate(q ? `/search/messages?q=${encodeURIComponent(q)}` : '/search/messages');
          }}
        >
          <SearchIcon className="chat-list__filter-icon" width={16} height={16} />
          <input
            className="input chat-list__filter-input"
            type="search"
            placeholder="Search messages"
            aria-label="Search messages"
            enterKeyHint="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </form>
      )}
      {rooms.data && rooms.data.length > 0 && (
        <div className="chat-list__filter">
          <SearchIcon className="chat-list__filter-icon" width={16} height={16} />
          <input
            className="input chat-list__filter-input"
            type="search"
            placeholder="Filter conversations"
            aria-label="Filter conversations"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
        </div>
      )}
      <div className="chat-list__scroll">
        <QueryView
          // A failed refresh (the server unreachable) keeps the list shown: the banner says the app is offline.
          query={{ ...rooms, isError: rooms.isError && rooms.data === undefined }}
          pending={<ListSkeleton />}
          errorText="Could not load your conversations."
          errorClassName="chat-list__message"
          empty={
            startActions ? (
              <div className="chat-list__empty">
                <p className="chat-list__empty-title">No conversations yet</p>
                <p>Add friends to message them directly, or join a public room.</p>
                <div className="chat-empty__actions">
                  <Link to="/friends" className="btn btn--primary">
                    <span>Find friends</span>
                  </Link>
                  <Link to="/rooms/discover" className="btn btn--secondary">
                    <span>Browse public rooms</span>
                  </Link>
                </div>
              </div>
            ) : (
              <div className="chat-list__empty">
                <p className="chat-list__empty-title">No conversations yet</p>
                <p>
                  Message one of your <Link to="/friends">friends</Link>, or <Link to="/rooms/discover">join a public room</Link>.
                </p>
              </div>
            )
          }
        >
          {() =>
            shown.length === 0 ? (
              <p className="chat-list__message muted">
                No conversation matches “<span className="empty__term">{filter.trim()}</span>”.
              </p>
            ) : (
              <ul className="chat-list__items" aria-label="Conversations">
                {shown.map((room) => (
                  <ChatListItem key={room.id} room={room} peer={peers.get(room.id)} meId={meId} now={now} />
                ))}
              </ul>
            )
          }
        </QueryView>
      </div>
      <NotificationsPrompt />
    </section>
  );
}
