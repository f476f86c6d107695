import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One row per pair with `userA < userB`: the primary key is the one-friendship-per-pair rule. */
@Entity({ name: 'friendships' })
export class FriendshipEntity {
  @PrimaryColumn({ name: 'user_a', type: 'uuid' })
  userA!: string;

  @PrimaryColumn({ name: 'user_b', type: 'uuid' })
  userB!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** The two ids of a pair in the order the table stores them. */
export function orderedPair(x: string, y: string): { userA: string; userB: string } {
  return x < y ? { userA: x, userB: y } : { userA: y, userB: x };
}
