import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FileMeta } from '@chat/contracts';
import { DataSource, type EntityManager, In, type Repository } from 'typeorm';
import { queryRow, queryRows } from '../../database/sql.js';
import { FileEntity } from './entities/file.entity.js';
import { MessageAttachmentEntity } from './entities/message-attachment.entity.js';
import { fileUrl } from './file-url.js';

export type NewFile = Omit<FileEntity, 'id' | 'createdAt' | 'attachedAt' | 'detachedAt' | 'pictureAt'>;

/** What an upload is checked against: the owner's stored bytes, and all stored bytes when the server has a cap. */
export interface StorageUsage {
  user: number;
  total: number | null;
}

/** The stored objects of a removed file. */
export interface RemovedFile {
  storageKey: string;
  hasThumbnail: boolean;
}

/** Why a file could not be removed by its owner. */
export type RemoveRefusal = 'gone' | 'attached';

interface AttachmentRow {
  message_id: string;
  id: string;
  original_name: string;
  size: string;
  content_type: string;
  width: number | null;
  height: number | null;
}

/** Every query on `files` and `message_attachments`. */
@Injectable()
export class FilesRepository {
  constructor(
    @InjectRepository(FileEntity) private readonly files: Repository<FileEntity>,
    @InjectRepository(MessageAttachmentEntity) private readonly attachments: Repository<MessageAttachmentEntity>,
    private readonly dataSource: DataSource,
  ) {}

  findById(id: string): Promise<FileEntity | null> {
    return this.files.findOneBy({ id });
  }

  /** Bytes stored by a user, in the caller's transaction when given one. */
  async usedBytes(userId: string, em: EntityManager = this.dataSource.manager): Promise<number> {
    const row = await queryRow<{ used: string }>(em, `SELECT coalesce(sum(size), 0)::text AS used FROM files WHERE owner_id = $1`, [
      userId,
    ]);
    return Number(row?.used ?? 0);
  }

  /** Bytes stored by everyone. */
  async totalBytes(em: EntityManager = this.dataSource.manager): Promise<number> {
    const row = await queryRow<{ used: string }>(em, `SELECT coalesce(sum(size), 0)::text AS used FROM files`, []);
    return Number(row?.used ?? 0);
  }

  /**
   * Inserts the row when `fits` agrees with the usage read under an advisory lock, so two concurrent uploads cannot
   * both pass a check: per owner for the quota, or one lock for every upload when `withTotal` (a server-wide cap).
   */
  insertWithin(values: NewFile, withTotal: boolean, fits: (usage: StorageUsage) => void): Promise<FileEntity> {
    return this.dataSource.transaction(async (em) => {
      if (withTotal) await em.query(`SELECT pg_advisory_xact_lock(727275, 0)`);
      else await em.query(`SELECT pg_advisory_xact_lock(727275, hashtext($1))`, [values.ownerId]);
      fits({ user: await this.usedBytes(values.ownerId, em), total: withTotal ? await this.totalBytes(em) : null });
      return em.save(em.create(FileEntity, values));
    });
  }

  /**
   * Deletes an owner's file unless a message holds it. The row is locked first, so a send attaching it at the same
   * time either commits before (and the file is refused as attached) or fails its reference to the deleted row.
   */
  removeOwned(fileId: string, ownerId: string): Promise<RemovedFile | RemoveRefusal> {
    return this.dataSource.transaction(async (em) => {
      const row = await queryRow<{ storage_key: string; has_thumbnail: boolean }>(
        em,
        `SELECT storage_key, has_thumbnail FROM files WHERE id = $1 AND owner_id = $2 FOR UPDATE`,
        [fileId, ownerId],
      );
      if (!row) return 'gone';
      if (await queryRow(em, `SELECT 1 FROM message_attachments WHERE file_id = $1`, [fileId])) return 'attached';
      await em.query(`DELETE FROM files WHERE id = $1`, [fileId]);
      return { storageKey: row.storage_key, hasThumbnail: row.has_thumbnail };
    });
  }

  /**
   * Deletes up to `limit` unused files and answers their objects: no message holds them, never a picture, and either
   * never attached and uploaded before `orphanBefore`, or last attached or detached before `releasedBefore`. Rows
   * being changed are skipped (another process's sweep, a send attaching one); a send that committed meanwhile set
   * `attached_at`, which the locked row is checked against again.
   */
  async removeUnused(orphanBefore: Date, releasedBefore: Date, limit: number): Promise<RemovedFile[]> {
    // two statements, so the orphans are found through their partial index (files_unused_created_at_idx)
    const orphans = await this.deleteWhere(`f.attached_at IS NULL AND f.created_at < $1`, orphanBefore, limit);
    if (orphans.length === limit) return orphans;
    const released = await this.deleteWhere(
      `f.attached_at IS NOT NULL AND greatest(f.attached_at, f.detached_at) < $1`,
      releasedBefore,
      limit - orphans.length,
    );
    return [...orphans, ...released];
  }

  private async deleteWhere(condition: string, before: Date, limit: number): Promise<RemovedFile[]> {
    const rows = await queryRows<{ storage_key: string; has_thumbnail: boolean }>(
      this.dataSource.manager,
      `WITH doomed AS (
         SELECT f.id FROM files f
          WHERE f.picture_at IS NULL AND ${condition}
            AND NOT EXISTS (SELECT 1 FROM message_attachments a WHERE a.file_id = f.id)
          ORDER BY f.created_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED)
       DELETE FROM files f USING doomed WHERE f.id = doomed.id
       RETURNING f.storage_key, f.has_thumbnail`,
      [before, limit],
    );
    return rows.map((r) => ({ storageKey: r.storage_key, hasThumbnail: r.has_thumbnail }));
  }

  /** Marks an owner's file as used as a picture (kept for good); false when there is no such file. */
  async markPicture(fileId: string, ownerId: string): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource.manager,
      `UPDATE files SET picture_at = coalesce(picture_at, now()) WHERE id = $1 AND owner_id = $2 RETURNING id`,
      [fileId, ownerId],
    );
    return rows.length === 1;
  }

  countOwned(userId: string, fileIds: string[]): Promise<number> {
    return this.files.countBy({ id: In(fileIds), ownerId: userId });
  }

  countAttached(fileIds: string[]): Promise<number> {
    return this.attachments.countBy({ fileId: In(fileIds) });
  }

  /** Ids of the messages a file is attached to. */
  async messageIdsOf(fileId: string): Promise<string[]> {
    const rows = await this.attachments.find({ where: { fileId }, select: { messageId: true } });
    return rows.map((r) => r.messageId);
  }

  /** Links files to a message, in the message's own transaction, and marks them attached. */
  async attach(em: EntityManager, messageId: string, fileIds: string[]): Promise<void> {
    if (fileIds.length === 0) return;
    await em.query(`UPDATE files SET attached_at = now() WHERE id = ANY($1)`, [fileIds]);
    await em.insert(
      MessageAttachmentEntity,
      fileIds.map((fileId, position) => ({ messageId, fileId, position })),
    );
  }

  /** Unlinks a message's files, in its transaction, and marks them detached (the grace period starts). */
  async detach(em: EntityManager, messageId: string): Promise<void> {
    await em.query(`UPDATE files SET detached_at = now() WHERE id IN (SELECT file_id FROM message_attachments WHERE message_id = $1)`, [
      messageId,
    ]);
    await em.delete(MessageAttachmentEntity, { messageId });
  }

  /** A user's uploads that are attached to no message. */
  ownedUnattached(ownerId: string): Promise<FileEntity[]> {
    return this.files
      .createQueryBuilder('f')
      .where('f.owner_id = :ownerId', { ownerId })
      .andWhere('NOT EXISTS (SELECT 1 FROM message_attachments a WHERE a.file_id = f.id)')
      .getMany();
  }

  /** Deletes file rows that are still attached to no message; answers the rows deleted. */
  async deleteUnattached(ids: string[]): Promise<Array<{ id: string; storage_key: string }>> {
    if (ids.length === 0) return [];
    return queryRows(
      this.dataSource.manager,
      `DELETE FROM files f WHERE f.id = ANY($1) AND NOT EXISTS (SELECT 1 FROM message_attachments a WHERE a.file_id = f.id)
       RETURNING f.id, f.storage_key`,
      [ids],
    );
  }

  /** The attachments of many messages, in order, in one query. */
  async attachmentsOf(messageIds: string[]): Promise<Map<string, FileMeta[]>> {
    const out = new Map<string, FileMeta[]>();
    if (messageIds.length === 0) return out;
    const rows = await queryRows<AttachmentRow>(
      this.dataSource.manager,
      `SELECT a.message_id, f.id, f.original_name, f.size, f.content_type, f.width, f.height
         FROM message_attachments a JOIN files f ON f.id = a.file_id
        WHERE a.message_id = ANY($1) ORDER BY a.message_id, a.position`,
      [messageIds],
    );
    for (const r of rows) {
      const list = out.get(r.message_id) ?? [];
      list.push({
        id: r.id,
        name: r.original_name,
        size: Number(r.size),
        contentType: r.content_type,
        url: fileUrl(r.id)!,
        width: r.width,
        height: r.height,
      });
      out.set(r.message_id, list);
    }
    return out;
  }
}
