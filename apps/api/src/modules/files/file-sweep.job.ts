import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { FilesService } from './files.service.js';

/** How often unused files are looked for: far below the hours they are kept, so none stays much longer. */
const SWEEP_EVERY_MS = 10 * 60_000;

/** Runs FilesService.sweep on a schedule (@nestjs/schedule), one run at a time in this process. */
@Injectable()
export class FileSweepJob {
  private readonly logger = new Logger('Files');
  private running = false;

  constructor(private readonly files: FilesService) {}

  @Interval('file-sweep', SWEEP_EVERY_MS)
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.files.sweep();
    } catch (err) {
      this.logger.warn({ err }, 'the removal of unused files failed; it runs again later');
    } finally {
      this.running = false;
    }
  }
}
