import { Link, useNavigate } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { PlusIcon } from '../../../components/icons';
import { Page } from '../../../components/page';
import { QueryView } from '../../../components/query-view';
import { RoomRow } from '../../../components/room-row';
import { SearchBox } from '../../../components/search-box';
import { describeError } from '../../../lib/errors';
import { useUrlSearchTerm } from '../../../lib/use-url-search-term';
import { useDiscoverRooms } from '../api/discover-rooms';
import { useJoinRoom } from '../api/join-room';
import { CreateRoomDialog } from './create-room-dialog';
import '../rooms.css';

export type DiscoverRoomsPageProps = {
  /** At `/rooms/new`: the create-room dialog is open over the list; closing it goes back to `/rooms/discover`. */
  creating?: boolean;
};

/** `/rooms/discover`: public rooms, most active first, searchable by name; join one to open it. */
export function DiscoverRoomsPage({ creating = false }: DiscoverRoomsPageProps) {
  const { term, debouncedTerm, setTerm } = useUrlSearchTerm();
  const rooms = useDiscoverRooms(debouncedTerm);
  const join = useJoinRoom();
  const navigate = useNavigate();
  const typing = term.trim() !== debouncedTerm.trim();
  const busy = rooms.isFetching || typing;
  const searched = debouncedTerm.trim();
  const joinTarget = rooms.data?.find((r) => r.id === join.variables);

  const openCreate = () => navigate({ pathname: '/rooms/new', search: term ? `?q=${encodeURIComponent(term)}` : '' });
  const closeCreate = () =>
    navigate({ pathname: '/rooms/discover', search: term ? `?q=${encodeURIComponent(term)}` : '' }, { replace: true });

  return (
    <Page title="Rooms" description="Public rooms anyone can join. Private rooms are by invitation only.">
      <div className="discover__toolbar">
        <SearchBox
          id="room-search"
          className="discover__search"
          label="Search public rooms"
          placeholder="Search rooms by name"
          value={term}
          onChange={setTerm}
          busy={busy}
          aria-controls="room-results"
        />
        <Button onClick={openCreate} aria-haspopup="dialog" className="discover__create">
          <span className="btn__icon-text">
            <PlusIcon width={18} height={18} />
            Create room
          </span>
        </Button>
      </div>

      {join.isError && (
        <Alert
          action={
            <Button variant="secondary" className="btn--small" onClick={() => join.mutate(join.variables)}>
              Try again
            </Button>
          }
        >
          Could not join {joinTarget ? joinTarget.name : 'the room'}. {describeError(join.error)}
        </Alert>
      )}

      <div id="room-results" className="discover__results" aria-live="polite" aria-busy={busy}>
        <QueryView
          query={rooms}
          loadingLabel="Loading rooms…"
          errorText="Could not load the rooms."
          empty={
            <div className="empty">
              {searched ? (
                <p>
                  No public room matches “<span className="empty__term">{searched}</span>”.
                </p>
              ) : (
                <p>There are no public rooms yet.</p>
              )}
              <p className="discover__empty-action">
                <Button variant="secondary" onClick={openCreate} aria-haspopup="dialog">
                  Create a room
                </Button>
              </p>
            </div>
          }
        >
          {(data) => (
            <>
              <p className="visually-hidden">
                {data.length} {data.length === 1 ? 'room' : 'rooms'} found
              </p>
              <ul className={`row-list discover__list${rooms.isPlaceholderData ? ' discover__list--stale' : ''}`} aria-label="Public rooms">
                {data.map((room) => (
                  <RoomRow
                    key={room.id}
                    room={room}
                    actions={
                      room.myRole ? (
                        <Link to={`/rooms/${room.id}`} className="btn btn--secondary btn--small" aria-label={`Open ${room.name}`}>
                          <span>Open</span>
                        </Link>
                      ) : (
                        <Button
                          className="btn--small"
                          pending={join.isPending && join.variables === room.id}
                          disabled={join.isPending}
                          onClick={() => join.mutate(room.id, { onSuccess: (joined) => navigate(`/rooms/${joined.id}`) })}
                          aria-label={`Join ${room.name}`}
                        >
                          Join
                        </Button>
                      )
                    }
                  />
                ))}
              </ul>
            </>
          )}
        </QueryView>
      </div>
      <CreateRoomDialog open={creating} onClose={closeCreate} />
    </Page>
  );
}
