import { Accounts1763790000000 } from './1763790000000-accounts.js';
import { Social1763790100000 } from './1763790100000-social.js';
import { Notifications1763790200000 } from './1763790200000-notifications.js';
import { Files1763790300000 } from './1763790300000-files.js';
import { ForeignKeyIndexes1764850000000 } from './1764850000000-foreign-key-indexes.js';
import { RoomDeletion1764900000000 } from './1764900000000-room-deletion.js';
import { FileLifecycle1764900100000 } from './1764900100000-file-lifecycle.js';
import { ServerRolesAudit1765000000000 } from './1765000000000-server-roles-audit.js';
import { ServerAdministration1765000100000 } from './1765000100000-server-administration.js';
import { Safety1765010000000 } from './1765010000000-safety.js';
import { Finding1765020000000 } from './1765020000000-finding.js';
import { MessageTimes1765030000000 } from './1765030000000-message-times.js';
import { Reactions1765041800000 } from './1765041800000-reactions.js';
import { MessageEdits1765041810000 } from './1765041810000-message-edits.js';
import { Mentions1765041820000 } from './1765041820000-mentions.js';
import { NotificationLevels1765050000000 } from './1765050000000-notification-levels.js';
import { PushDelivery1765050100000 } from './1765050100000-push-delivery.js';
import { ReactionFunction1765060000000 } from './1765060000000-reaction-function.js';

/** Every migration, in order. Listed explicitly so the bundle and the tests load the same set. */
export const migrations = [
  Accounts1763790000000,
  Social1763790100000,
  Notifications1763790200000,
  Files1763790300000,
  ForeignKeyIndexes1764850000000,
  RoomDeletion1764900000000,
  FileLifecycle1764900100000,
  ServerRolesAudit1765000000000,
  ServerAdministration1765000100000,
  Safety1765010000000,
  Finding1765020000000,
  MessageTimes1765030000000,
  Reactions1765041800000,
  MessageEdits1765041810000,
  Mentions1765041820000,
  NotificationLevels1765050000000,
  PushDelivery1765050100000,
  ReactionFunction1765060000000,
];
