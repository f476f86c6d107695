import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FileMeta } from '@chat/contracts';
import { DataSource, type EntityManager, In, type Repository } from 'typeorm';
import { queryRow, queryRows } from '../../database/sql.js';
import { FileEntity } from './entities/file.entity.js';
import { MessageAttachmentEntity } from './entities/message-attachment.entity.js';
import { fileUrl } from './file-url.js';

export type NewFile = Omit<FileEntity, 'id' | 'createdAt'>;

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

  /**
   * Inserts the row when `fits` agrees with the owner's usage read under a per-owner advisory lock, so two concurrent
   * uploads of one user cannot both pass a quota check.
   */
  insertWithin(values: NewFile, fits: (used: number) => void): Promise<FileEntity> {
    return this.dataSource.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(727275, hashtext($1))`, [values.ownerId]);
      fits(await this.usedBytes(values.ownerId, em));
      return em.save(em.create(FileEntity, values));
    });
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

  /** Links files to a message, in the message's own transaction. */
  async attach(em: EntityManager, messageId: string, fileIds: string[]): Promise<void> {
    if (fileIds.length === 0) return;
    await em.insert(
      MessageAttachmentEntity,
      fileIds.map((fileId, position) => ({ messageId, fileId, position })),
    );
  }

  async detach(em: EntityManager, messageId: string): Promise<void> {
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
