import { Accounts1763790000000 } from './1763790000000-accounts.js';
import { Social1763790100000 } from './1763790100000-social.js';
import { Notifications1763790200000 } from './1763790200000-notifications.js';
import { Files1763790300000 } from './1763790300000-files.js';
import { ForeignKeyIndexes1764850000000 } from './1764850000000-foreign-key-indexes.js';
import { Finding1765020000000 } from './1765020000000-finding.js';

/** Every migration, in order. Listed explicitly so the bundle and the tests load the same set. */
export const migrations = [
  Accounts1763790000000,
  Social1763790100000,
  Notifications1763790200000,
  Files1763790300000,
  ForeignKeyIndexes1764850000000,
  Finding1765020000000,
];
