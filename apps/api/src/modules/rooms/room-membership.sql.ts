/**
 * The one definition of "`user` is a member of `room`": a row of `room_members`. Every check of membership in SQL is
 * built from it: the access check (`RoomsRepository.findAccess`), the history page (`isMemberSql`) and the message
 * writer's statement (`groupPosterSql`). `room` and `user` are SQL expressions (a parameter, a column).
 *
 * A scalar subquery on the (room_id, user_id) primary key, answering `select` or null: PostgreSQL runs it as one
 * index lookup per row, never as a join over every membership (which it may choose for an EXISTS under OR).
 */
export function membershipSql(room: string, user: string, select = 'true', join = ''): string {
  return `(SELECT ${select} FROM room_members rm ${join} WHERE rm.room_id = ${room} AND rm.user_id = ${user})`;
}

/** True when `user` is a member of `room`, else null. */
export const isMemberSql = (room: string, user: string): string => membershipSql(room, user);

/**
 * True when `user` may post in `room` with no further check: a member of a group room. (In a direct room the pair
 * must also still be allowed to talk, which `RoomAccessService.requirePoster` decides.)
 */
export const groupPosterSql = (room: string, user: string): string =>
  `${membershipSql(room, user, 'r.kind', 'JOIN rooms r ON r.id = rm.room_id')} = 'group'`;

/**
 * The one definition of "`user` is banned from `room` now": a row of `room_bans` that has not expired. A ban ends by
 * itself at its `expires_at`; nothing needs to delete it.
 */
export const activeBanSql = (room: string, user: string): string =>
  `EXISTS (SELECT 1 FROM room_bans b WHERE b.room_id = ${room} AND b.user_id = ${user} AND (b.expires_at IS NULL OR b.expires_at > now()))`;

/**
 * "`room` is one of the rooms `user` is a member of" (search, saved messages), as `room = ANY(ARRAY(…))`: PostgreSQL
 * reads the user's memberships once, before the rest (an InitPlan), and can then AND one scan of a message index with
 * one scan of `room_id = ANY(…)`. Written as `room IN (subquery)` it may join instead, running the other index scan
 * once per room: a common word searched by a user in 50 rooms read its full-text index 50 times (1.6 s instead of 90
 * ms at 1,000,000 messages).
 */
export const inMemberRoomsSql = (room: string, user: string): string =>
  `${room} = ANY(ARRAY(SELECT rm.room_id FROM room_members rm WHERE rm.user_id = ${user}))`;
