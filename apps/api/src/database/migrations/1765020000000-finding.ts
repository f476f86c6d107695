import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finding: message search, pins and saved messages.
 *
 * Search runs on PostgreSQL itself, with two GIN indexes on `messages`:
 * - `search_tsv`, a generated tsvector (so every edit and delete moves through the index by itself) made of two text
 *   search configurations: `chat_simple` (every word as written, lower-cased, stop words kept: "the", "is", code
 *   identifiers) and `chat_english` (English stems: "deploys" finds "deploying"). Both fold accents through the
 *   `unaccent` dictionary for words with non-ASCII letters ("resume" finds "résumé"); ASCII words skip it.
 * - `pg_trgm` on `body`, for word prefixes and parts of longer tokens of 3+ characters (`ILIKE '%config%'` finds
 *   "parseConfigFile").
 * Both extensions ship with PostgreSQL's contrib (the embedded server and the official images have them) and are
 * trusted (PostgreSQL 13+): the database owner may create them.
 */
export class Finding1765020000000 implements MigrationInterface {
  name = 'Finding1765020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await q.query(`CREATE TEXT SEARCH CONFIGURATION public.chat_simple (COPY = pg_catalog.simple)`);
    await q.query(`ALTER TEXT SEARCH CONFIGURATION public.chat_simple ALTER MAPPING FOR word, hword, hword_part WITH unaccent, simple`);
    await q.query(`CREATE TEXT SEARCH CONFIGURATION public.chat_english (COPY = pg_catalog.english)`);
    await q.query(
      `ALTER TEXT SEARCH CONFIGURATION public.chat_english ALTER MAPPING FOR word, hword, hword_part WITH unaccent, english_stem`,
    );
    await q.query(`
      ALTER TABLE messages
        ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (
          to_tsvector('public.chat_simple'::regconfig, body) || to_tsvector('public.chat_english'::regconfig, body)
        ) STORED,
        ADD COLUMN pinned_at timestamptz`);
    await q.query(`CREATE INDEX messages_search_tsv_idx ON messages USING gin (search_tsv)`);
    await q.query(`CREATE INDEX messages_body_trgm_idx ON messages USING gin (body gin_trgm_ops)`);
    await q.query(`CREATE INDEX messages_pinned_idx ON messages (room_id, pinned_at DESC) WHERE pinned_at IS NOT NULL`);

    await q.query(`
      CREATE TABLE saved_messages (
        user_id uuid NOT NULL,
        message_id uuid NOT NULL,
        saved_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT saved_messages_pkey PRIMARY KEY (user_id, message_id),
        CONSTRAINT saved_messages_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT saved_messages_message_id_fkey FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX saved_messages_user_saved_idx ON saved_messages (user_id, saved_at DESC)`);
    await q.query(`CREATE INDEX saved_messages_message_id_idx ON saved_messages (message_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE saved_messages`);
    await q.query(`DROP INDEX messages_pinned_idx`);
    await q.query(`DROP INDEX messages_body_trgm_idx`);
    await q.query(`DROP INDEX messages_search_tsv_idx`);
    await q.query(`ALTER TABLE messages DROP COLUMN pinned_at, DROP COLUMN search_tsv`);
    await q.query(`DROP TEXT SEARCH CONFIGURATION public.chat_english`);
    await q.query(`DROP TEXT SEARCH CONFIGURATION public.chat_simple`);
    // the extensions stay: other objects may use them, and they cost nothing unused
  }
}
