import type { Room } from '@chat/contracts';
import { useId } from 'react';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { PersonRow } from '../../../components/person-row';
import { QueryView } from '../../../components/query-view';
import { showToast } from '../../../components/toast';
import { formatDateTime } from '../../../lib/dates';
import { describeError } from '../../../lib/errors';
import { useRoomBans, useUnbanUser } from '../api/room-bans';

export type RoomBansSectionProps = {
  room: Room;
};

/** Who is banned from the room, why, by whom and until when, each with Unban (admins and owners). */
export function RoomBansSection({ room }: RoomBansSectionProps) {
  const bans = useRoomBans(room.id);
  const unban = useUnbanUser(room.id);
  const titleId = useId();
  const failedName = bans.data?.find((b) => b.user.id === unban.variables)?.user.displayName ?? 'them';

  return (
    <section className="room-panel__section" aria-labelledby={titleId}>
      <h3 className="room-panel__heading" id={titleId}>
        Bans {bans.data && bans.data.length > 0 && <span className="room-panel__count">{bans.data.length}</span>}
      </h3>
      {unban.isError && (
        <Alert>
          Could not lift the ban of {failedName}. {describeError(unban.error)}
        </Alert>
      )}
      <QueryView
        query={bans}
        loadingLabel="Loading bans…"
        errorText="Could not load the bans."
        smallRetry
        empty={<p className="room-panel__note">Nobody is banned. Ban a member from their “Manage” button.</p>}
      >
        {(data) => (
          <ul className="row-list" aria-label="Banned people">
            {data.map((ban) => (
              <PersonRow
                key={ban.user.id}
                user={ban.user}
                meta={
                  <>
                    {ban.expiresAt ? `Until ${formatDateTime(ban.expiresAt)}` : 'Until lifted'}
                    {ban.bannedBy && <> · by {ban.bannedBy.displayName}</>}
                    {ban.reason && <> · “{ban.reason}”</>}
                  </>
                }
                actions={
                  <Button
                    variant="secondary"
                    className="btn--small"
                    pending={unban.isPending && unban.variables === ban.user.id}
                    aria-label={`Unban ${ban.user.displayName}`}
                    onClick={() =>
                      unban.mutate(ban.user.id, { onSuccess: () => showToast(`${ban.user.displayName} can join ${room.name} again`) })
                    }
                  >
                    Unban
                  </Button>
                }
              />
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}
