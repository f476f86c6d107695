import type { RequestStatus } from '@chat/contracts';
import { Column, CreateDateColumn, type EntityManager, type EntityTarget, PrimaryGeneratedColumn } from 'typeorm';
import { AppException } from './app-exception.js';

/**
 * A request from one user to another that stays pending until answered: friend requests and room invites. The
 * columns, the rule of who may answer, and the one-way transition out of `pending` are written here once.
 */
export abstract class PendingRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'from_id', type: 'uuid' })
  fromId!: string;

  @Column({ name: 'to_id', type: 'uuid' })
  toId!: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: RequestStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true })
  respondedAt!: Date | null;
}

export type RequestAction = 'accept' | 'reject' | 'cancel';

export const STATUS_AFTER: Record<RequestAction, RequestStatus> = { accept: 'accepted', reject: 'rejected', cancel: 'cancelled' };

/** The words of the errors, per kind of request. */
export interface RequestWording {
  /** What a stranger is told does not exist ("Friend request"). */
  name: string;
  /** Refusal of accept or reject to anyone but the recipient. */
  recipientOnly: string;
  /** Refusal of cancel to anyone but the sender. */
  senderOnly: string;
}

/**
 * Who may answer: accept and reject belong to the recipient, cancel to the sender. A request that does not involve
 * the caller is 404 (its existence does not leak); the other party's action is 403.
 */
export function authorizeAnswer<T extends PendingRequestEntity>(
  request: T | null,
  userId: string,
  action: RequestAction,
  words: RequestWording,
): T {
  if (!request || (request.fromId !== userId && request.toId !== userId)) throw AppException.notFound(words.name);
  const allowed = action === 'cancel' ? request.fromId === userId : request.toId === userId;
  if (!allowed) throw AppException.forbidden(action === 'cancel' ? words.senderOnly : words.recipientOnly);
  return request;
}

/**
 * Moves a request out of `pending`, in the caller's transaction: true when this call made the move, false when the
 * request was answered meanwhile (the caller then answers 409). Only one of two racing answers wins.
 */
export async function closePending(
  em: EntityManager,
  entity: EntityTarget<PendingRequestEntity>,
  id: string,
  status: RequestStatus,
): Promise<boolean> {
  const res = await em
    .createQueryBuilder()
    .update(entity)
    .set({ status, respondedAt: () => 'now()' })
    .where('id = :id AND status = :pending', { id, pending: 'pending' })
    .execute();
  return (res.affected ?? 0) > 0;
}
