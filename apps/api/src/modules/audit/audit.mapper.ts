import type { AuditEntry, User } from '@chat/contracts';
import type { AuditEntryEntity } from './entities/audit-entry.entity.js';

export function toAuditEntry(e: AuditEntryEntity, actor: User): AuditEntry {
  return {
    id: e.id,
    actor,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    details: e.details,
    createdAt: e.createdAt.toISOString(),
  };
}
