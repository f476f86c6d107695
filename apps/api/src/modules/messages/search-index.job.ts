import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { MessageSearchRepository } from './message-search.repository.js';

/** How often the search indexes' pending entries are merged: about 1.7 KB of entries per message, 4 MB at most inline. */
export const SEARCH_MERGE_EVERY_MS = 1000;

/**
 * Keeps new messages' search entries out of the send path (@nestjs/schedule, one run at a time in this process, one
 * process at a time): see `MessageSearchRepository.mergePendingEntries`.
 */
@Injectable()
export class SearchIndexJob {
  private readonly logger = new Logger('Search');
  private running = false;

  constructor(private readonly search: MessageSearchRepository) {}

  @Interval('search-index-merge', SEARCH_MERGE_EVERY_MS)
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.search.mergePendingEntries();
    } catch (err) {
      this.logger.warn({ err }, 'merging the search indexes’ new entries failed; it runs again in a second');
    } finally {
      this.running = false;
    }
  }
}
