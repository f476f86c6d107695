import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ReportAction, ReportStatus } from '@chat/contracts';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import { queryRows } from '../../database/sql.js';
import { ReportEntity } from './entities/report.entity.js';

export type NewReport = Pick<ReportEntity, 'reporterId' | 'messageId' | 'roomId' | 'targetUserId' | 'reason' | 'comment'>;

/** Every query on `reports`. */
export interface ReportsPage {
  status?: ReportStatus;
  before?: string;
  limit: number;
}

@Injectable()
export class ReportsRepository {
  constructor(
    @InjectRepository(ReportEntity) private readonly reports: Repository<ReportEntity>,
    private readonly dataSource: DataSource,
  ) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  insert(values: NewReport): Promise<ReportEntity> {
    return this.reports.save(this.reports.create({ ...values, status: 'open' }));
  }

  findById(id: string): Promise<ReportEntity | null> {
    return this.reports.findOneBy({ id });
  }

  /**
   * Newest first; `roomIds` null for every report, else only reports about messages of those rooms. `before`: the
   * reports older than that one (none when it does not exist).
   */
  list(roomIds: string[] | null, { status, before, limit }: ReportsPage): Promise<ReportEntity[]> {
    const qb = this.reports.createQueryBuilder('r').orderBy('r.created_at', 'DESC').addOrderBy('r.id', 'DESC').limit(limit);
    if (roomIds) qb.andWhere('r.room_id = ANY(:roomIds)', { roomIds });
    if (status) qb.andWhere('r.status = :status', { status });
    if (before) qb.andWhere('(r.created_at, r.id) < (SELECT b.created_at, b.id FROM reports b WHERE b.id = :before)', { before });
    return qb.getMany();
  }

  /** Marks an open report resolved, in the caller's transaction; false when it was resolved meanwhile. */
  async resolve(em: EntityManager, id: string, action: ReportAction, by: string): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      em,
      `UPDATE reports SET status = 'resolved', resolution = $2, resolved_by = $3, resolved_at = now()
        WHERE id = $1 AND status = 'open' RETURNING id`,
      [id, action, by],
    );
    return rows.length > 0;
  }
}
