import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { AuditEntryEntity } from './entities/audit-entry.entity.js';

export type NewAuditEntry = Pick<AuditEntryEntity, 'actorId' | 'action' | 'targetType' | 'targetId' | 'details'>;

/** Where a page of the log starts: strictly older than an entry (by its id) or than a time. */
export type AuditCursor = { entryId: string } | { time: Date } | null;

/** Every query on `audit_entries`. */
@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>) {}

  /** Inserts one entry, in the caller's transaction when given one (so the entry commits with the change). */
  async insert(entry: NewAuditEntry, em?: EntityManager): Promise<void> {
    const repo = em ? em.getRepository(AuditEntryEntity) : this.entries;
    await repo.save(repo.create(entry));
  }

  /** Newest first; ties on the time are ordered by id, so pages never skip or repeat an entry. */
  page(cursor: AuditCursor, limit: number): Promise<AuditEntryEntity[]> {
    const qb = this.entries.createQueryBuilder('a').orderBy('a.created_at', 'DESC').addOrderBy('a.id', 'DESC').limit(limit);
    if (cursor && 'entryId' in cursor) {
      qb.where('(a.created_at, a.id) < (SELECT b.created_at, b.id FROM audit_entries b WHERE b.id = :entryId)', cursor);
    } else if (cursor) {
      qb.where('a.created_at < :time', cursor);
    }
    return qb.getMany();
  }

  exists(id: string): Promise<boolean> {
    return this.entries.existsBy({ id });
  }
}
