import type { Room, SavedMessage } from '@chat/contracts';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Page } from '../../../components/page';
import { QueryView } from '../../../components/query-view';
import { describeError } from '../../../lib/errors';
import { useJoinedRooms } from '../../../lib/room-queries';
import { useNow } from '../../../lib/use-now';
import { useSavedMessages, useSetSaved } from '../api/saved';
import { MessageCard } from './message-card';
import './saved-page.css';

/** Where a saved message was said: "in Team" for a room, "with Bo" for a direct conversation. */
export function whereLabel(room: Pick<Room, 'kind' | 'name'> | undefined): string {
  if (!room) return 'in a conversation';
  return room.kind === 'direct' ? `with ${room.name}` : `in ${room.name}`;
}

/**
 * `/saved`: the messages you saved, newest save first, from the rooms you are still in (private to you). Each opens
 * its room at the message; "Unsave" takes it off the list; older ones load with "Load more".
 */
export function SavedPage() {
  const saved = useSavedMessages();
  const rooms = useJoinedRooms();
  const unsave = useSetSaved();
  const now = useNow(60_000);
  const byId = useMemo(() => new Map((rooms.data ?? []).map((r) => [r.id, r])), [rooms.data]);
  const items = useMemo(() => saved.data?.pages.flat() ?? [], [saved.data]);
  // A failed "Load more" keeps the list (and says so below it); only a failed first load replaces it.
  const list = {
    isPending: saved.isPending,
    isError: saved.isError && saved.data === undefined,
    error: saved.error,
    data: saved.data ? items : undefined,
    refetch: saved.refetch,
  };

  return (
    <Page title="Saved messages" description="Messages you saved, newest first. Only you see this list.">
      {unsave.isError && (
        <Alert
          action={
            <Button variant="secondary" className="btn--small" onClick={() => unsave.variables && unsave.mutate(unsave.variables)}>
              Try again
            </Button>
          }
        >
          Could not unsave the message. {describeError(unsave.error)}
        </Alert>
      )}
      <QueryView
        query={list}
        loadingLabel="Loading saved messages…"
        errorText="Could not load your saved messages."
        empty={
          <div className="empty">
            <p>No saved messages yet.</p>
            <p>
              Choose <strong>Save</strong> in a message’s menu to keep it here. <Link to="/">Go to your conversations</Link>
            </p>
          </div>
        }
      >
        {(data: SavedMessage[]) => (
          <section className="card saved-card" aria-labelledby="saved-list-title">
            <h2 className="visually-hidden" id="saved-list-title">
              Saved messages
            </h2>
            <ul className="saved-list" aria-labelledby="saved-list-title">
              {data.map(({ message, savedAt }) => (
                <li key={message.id} className="saved-list__item" data-saved-at={savedAt}>
                  <MessageCard
                    message={message}
                    now={now}
                    where={whereLabel(byId.get(message.roomId))}
                    action={
                      <Button
                        variant="ghost"
                        className="btn--small"
                        aria-label={`Unsave the message from ${message.sender.displayName}`}
                        pending={unsave.isPending && unsave.variables?.message.id === message.id}
                        onClick={() => unsave.mutate({ message, saved: false })}
                      >
                        Unsave
                      </Button>
                    }
                  />
                </li>
              ))}
            </ul>
            {saved.isFetchNextPageError ? (
              <Alert
                action={
                  <Button variant="secondary" className="btn--small" onClick={() => void saved.fetchNextPage()}>
                    Try again
                  </Button>
                }
              >
                Could not load older saved messages. {describeError(saved.error)}
              </Alert>
            ) : (
              saved.hasNextPage && (
                <div className="saved-card__more">
                  <Button variant="secondary" pending={saved.isFetchingNextPage} onClick={() => void saved.fetchNextPage()}>
                    Load more
                  </Button>
                </div>
              )
            )}
          </section>
        )}
      </QueryView>
    </Page>
  );
}
