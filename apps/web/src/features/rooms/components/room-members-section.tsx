import type { Room } from '@chat/contracts';
import { useId, useState } from 'react';
import { Button } from '../../../components/button';
import { PersonRow } from '../../../components/person-row';
import { QueryView } from '../../../components/query-view';
import { useRoomMembers } from '../../../lib/room-queries';
import { memberActions, ROLE_LABEL, type MemberActions } from '../utils/room-permissions';
import { ManageMemberDialog } from './manage-member-dialog';

export type RoomMembersSectionProps = {
  room: Room;
  meId: string;
};

const NO_ACTIONS: MemberActions = { roles: [], remove: false, ban: false };

/** Who is in the room, with role and presence; a "Manage" button on each member I may promote, demote or remove. */
export function RoomMembersSection({ room, meId }: RoomMembersSectionProps) {
  const members = useRoomMembers(room.id);
  const [managing, setManaging] = useState<string | null>(null);
  const titleId = useId();
  const list = members.data ?? [];
  const ownerCount = list.filter((m) => m.role === 'owner').length;
  const viewer = { id: meId, role: room.myRole };
  const managed = list.find((m) => m.user.id === managing) ?? null;

  return (
    <section className="room-panel__section" aria-labelledby={titleId}>
      <h3 className="room-panel__heading" id={titleId}>
        Members <span className="room-panel__count">{members.data ? list.length : room.memberCount}</span>
      </h3>
      <QueryView query={members} loadingLabel="Loading members…" errorText="Could not load the members." smallRetry>
        {(data) => (
          <ul className="row-list" aria-label="Members">
            {data.map((member) => {
              const self = member.user.id === meId;
              const actions = memberActions(viewer, member, ownerCount);
              const can = actions.roles.length > 0 || actions.remove || actions.ban;
              return (
                <PersonRow
                  key={member.user.id}
                  user={self ? { ...member.user, online: true } : member.user}
                  badges={
                    <>
                      {member.role !== 'member' && (
                        <span className={`role-badge role-badge--${member.role}`}>{ROLE_LABEL[member.role]}</span>
                      )}
                      {self && <span className="badge">You</span>}
                    </>
                  }
                  actions={
                    can ? (
                      <Button
                        variant="secondary"
                        className="btn--small"
                        onClick={() => setManaging(member.user.id)}
                        aria-haspopup="dialog"
                        aria-label={self ? 'Manage your role' : `Manage ${member.user.displayName}`}
                      >
                        Manage
                      </Button>
                    ) : undefined
                  }
                />
              );
            })}
          </ul>
        )}
      </QueryView>
      <ManageMemberDialog
        room={room}
        member={managed}
        actions={managed ? memberActions(viewer, managed, ownerCount) : NO_ACTIONS}
        isSelf={managed?.user.id === meId}
        onClose={() => setManaging(null)}
      />
    </section>
  );
}
