import { Alert } from '../components/alert';
import { Button } from '../components/button';
import { describeError } from '../lib/errors';
import { useJoinRoom } from '../features/rooms/api/join-room';

export type JoinRoomButtonProps = { roomId: string };

/** Joins a public room from its conversation view; the answer puts the room in the cache and the conversation opens. */
export function JoinRoomButton({ roomId }: JoinRoomButtonProps) {
  const join = useJoinRoom();
  return (
    <>
      {join.isError && <Alert>Could not join the room. {describeError(join.error)}</Alert>}
      <Button pending={join.isPending} onClick={() => join.mutate(roomId)}>
        Join room
      </Button>
    </>
  );
}
