import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../../database/sql.js';

export interface DigestItem {
  notificationId: string;
  messageSeq: number;
  createdAt: Date;
}

/** Every query on `email_digest_items`: the notifications a user's next e-mail digest may carry. */
@Injectable()
export class DigestItemsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async add(userId: string, notificationId: string, messageSeq: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO email_digest_items (notification_id, user_id, message_seq) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [notificationId, userId, messageSeq],
    );
  }

  /** The user's items that arrived at or before `cutoff`, oldest first, taken out of the table. */
  async takeDue(userId: string, cutoff: Date): Promise<DigestItem[]> {
    const rows = await queryRows<{ notification_id: string; message_seq: string; created_at: Date }>(
      this.dataSource.manager,
      `DELETE FROM email_digest_items WHERE user_id = $1 AND created_at <= $2 RETURNING notification_id, message_seq, created_at`,
      [userId, cutoff],
    );
    return rows
      .map((r) => ({ notificationId: r.notification_id, messageSeq: Number(r.message_seq), createdAt: r.created_at }))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  /** When the user's oldest waiting item arrived (null: none waits). */
  async oldest(userId: string): Promise<Date | null> {
    const [row] = await queryRows<{ at: Date | null }>(
      this.dataSource.manager,
      `SELECT min(created_at) AS at FROM email_digest_items WHERE user_id = $1`,
      [userId],
    );
    return row?.at ?? null;
  }

  async clear(userId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM email_digest_items WHERE user_id = $1`, [userId]);
  }
}
