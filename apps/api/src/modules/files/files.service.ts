import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { FileMeta } from '@chat/contracts';
import contentDisposition from 'content-disposition';
import type { Request } from 'express';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception.js';
import { RateLimitService } from '../../common/rate-limit.service.js';
import { APP_CONFIG, type AppConfig, type FilesConfig } from '../../config/app-config.js';
import type { FileEntity } from './entities/file.entity.js';
import { fileUrl } from './file-url.js';
import { FilesRepository, type RemovedFile } from './files.repository.js';
import { asciiFileName, sanitizeFileName } from './file-names.js';
import { detectContentType, IMAGE_TYPES, inspectImage, THUMBNAIL_TYPE } from './file-inspector.js';
import { FILE_STORAGE, type FileStorage, StorageNotFoundError } from './storage/file-storage.js';
import { receiveUpload } from './upload-receiver.js';

export type FileVariant = 'content' | 'thumbnail';

/** A file to answer with: the headers and the bytes, opened only when needed. */
export interface FileDownload {
  headers: Record<string, string>;
  open(): Promise<Readable>;
}

/** Spool files older than this are leftovers of a crash (an upload cannot take this long). */
const SPOOL_MAX_AGE_MS = 24 * 3600 * 1000;
/** What a multipart envelope may add to the file's bytes (boundaries, part headers) before a declared length is refused. */
const MULTIPART_SLACK_BYTES = 16 * 1024;
const thumbKey = (key: string) => `${key}.thumb`;
const HOUR_MS = 3600_000;
/** Files removed per statement by the sweep. */
const SWEEP_BATCH = 500;

export function fileMeta(f: FileEntity): FileMeta {
  return {
    id: f.id,
    name: f.originalName,
    size: f.size,
    contentType: f.contentType,
    url: fileUrl(f.id)!,
    width: f.width,
    height: f.height,
  };
}

export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : Number(n.toFixed(1))} ${units[i]}`;
}

/**
 * Uploaded files: receiving and storing them, the checks for using one as a picture or an attachment, the links
 * between messages and files, and serving the bytes. Who may read a file is decided by the file-access module, which
 * knows rooms and messages.
 */
@Injectable()
export class FilesService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Files');
  private readonly config: FilesConfig;
  private readonly spoolDir: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    private readonly files: FilesRepository,
    private readonly limits: RateLimitService,
  ) {
    this.config = config.files;
    this.spoolDir = join(config.files.dir, '.tmp');
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.spoolDir, { recursive: true, mode: 0o700 });
    await this.cleanSpool();
  }

  onApplicationShutdown(): void {
    (this.storage as { destroy?: () => void }).destroy?.();
  }

  // ---- upload ----

  /** Bytes stored in all, and the server's limit (`STORAGE_LIMIT_BYTES`; null: none). */
  async storageUsage(): Promise<{ usedBytes: number; limitBytes: number | null }> {
    return { usedBytes: await this.files.totalBytes(), limitBytes: this.config.storageLimitBytes };
  }

  /**
   * Receives one multipart upload: counted against the rate limit first, streamed to a spool file within the size
   * limit and the caller's remaining quota, typed from its bytes, measured and thumbnailed when an image, then moved
   * to the storage and recorded. Every refusal leaves nothing behind: no row, no stored object, no spool file.
   */
  async upload(userId: string, req: Request): Promise<FileMeta> {
    await this.limits.consume('upload', userId);
    const { maxFileBytes, userQuotaBytes, storageLimitBytes } = this.config;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxFileBytes + MULTIPART_SLACK_BYTES) throw this.tooLarge();
    const used = await this.files.usedBytes(userId);
    if (used >= userQuotaBytes) throw this.overQuota(used);
    const remaining = userQuotaBytes - used;
    const free = storageLimitBytes === null ? Infinity : storageLimitBytes - (await this.files.totalBytes());
    if (free <= 0) throw this.storageFull();
    await mkdir(this.spoolDir, { recursive: true, mode: 0o700 });
    const spooled = await receiveUpload(req, {
      spoolDir: this.spoolDir,
      maxBytes: Math.min(maxFileBytes, remaining, free),
      tooLarge: () =>
        free < Math.min(maxFileBytes, remaining) ? this.storageFull() : remaining < maxFileBytes ? this.overQuota(used) : this.tooLarge(),
    });
    try {
      if (spooled.size === 0) throw AppException.validation('file', 'is empty');
      let contentType = await detectContentType(spooled.head);
      const image = IMAGE_TYPES.has(contentType) ? await inspectImage(spooled.path, contentType, this.config.maxImagePixels) : null;
      // an image signature on bytes that are no readable image: kept, but only ever as a download
      if (IMAGE_TYPES.has(contentType) && !image) contentType = 'application/octet-stream';
      const key = randomUUID();
      await this.storage.putFile(key, spooled.path, contentType);
      try {
        if (image) await this.storage.put(thumbKey(key), Readable.from([image.thumbnail]), THUMBNAIL_TYPE);
        const file = await this.files.insertWithin(
          {
            ownerId: userId,
            storageKey: key,
            originalName: sanitizeFileName(spooled.filename),
            contentType,
            size: spooled.size,
            width: image?.width ?? null,
            height: image?.height ?? null,
            hasThumbnail: image !== null,
          },
          storageLimitBytes !== null,
          (usage) => {
            if (usage.user + spooled.size > userQuotaBytes) throw this.overQuota(usage.user);
            if (usage.total !== null && usage.total + spooled.size > storageLimitBytes!) throw this.storageFull();
          },
        );
        return fileMeta(file);
      } catch (err) {
        await Promise.all([this.storage.delete(key), this.storage.delete(thumbKey(key))]).catch((e: unknown) =>
          this.logger.warn({ err: e, key }, 'could not remove the object of a refused upload'),
        );
        throw err;
      }
    } finally {
      await rm(spooled.path, { force: true });
    }
  }

  private tooLarge(): AppException {
    return new AppException('PAYLOAD_TOO_LARGE', `The file is larger than the limit of ${formatBytes(this.config.maxFileBytes)}`);
  }

  private overQuota(used: number): AppException {
    return new AppException(
      'PAYLOAD_TOO_LARGE',
      `This file does not fit in your storage quota: ${formatBytes(used)} of ${formatBytes(this.config.userQuotaBytes)} used`,
    );
  }

  /** The server-wide cap (STORAGE_LIMIT_BYTES): the contract's 413, whoever uploads. */
  private storageFull(): AppException {
    return new AppException('PAYLOAD_TOO_LARGE', "The server's file storage is full: delete files you no longer need, or ask an admin");
  }

  /** Removes spool files left by a crash; recent ones may belong to another process's upload in progress. */
  private async cleanSpool(): Promise<void> {
    const now = Date.now();
    for (const name of await readdir(this.spoolDir).catch(() => [] as string[])) {
      const path = join(this.spoolDir, name);
      const info = await stat(path).catch(() => null);
      if (info && now - info.mtimeMs > SPOOL_MAX_AGE_MS) await rm(path, { force: true });
    }
  }

  // ---- download ----

  findById(fileId: string): Promise<FileEntity | null> {
    return this.files.findById(fileId);
  }

  /** Ids of the messages a file is attached to. */
  messageIdsOf(fileId: string): Promise<string[]> {
    return this.files.messageIdsOf(fileId);
  }

  /**
   * A file's bytes (or its thumbnail) with the headers that keep a browser from running them: images of the four
   * raster types inline, everything else as a download with a sanitised RFC 6266 name; always `nosniff` and a
   * sandboxing CSP. The caller checked that the file may be read (FileAccessService).
   */
  serve(file: FileEntity, variant: FileVariant): FileDownload {
    if (variant === 'thumbnail' && !file.hasThumbnail) throw AppException.notFound('Thumbnail');
    const inline = variant === 'thumbnail' || IMAGE_TYPES.has(file.contentType);
    const headers: Record<string, string> = {
      'Content-Type': variant === 'thumbnail' ? THUMBNAIL_TYPE : file.contentType,
      'Content-Disposition': contentDisposition(file.originalName, {
        type: inline ? 'inline' : 'attachment',
        fallback: asciiFileName(file.originalName),
      }),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-cache',
      ETag: `"${file.id}${variant === 'thumbnail' ? '-t' : ''}"`,
    };
    if (variant === 'content') headers['Content-Length'] = String(file.size);
    const key = variant === 'thumbnail' ? thumbKey(file.storageKey) : file.storageKey;
    return {
      headers,
      open: () =>
        this.storage.get(key).catch((err: unknown) => {
          if (!(err instanceof StorageNotFoundError)) throw err;
          this.logger.error({ fileId: file.id, key }, 'the stored object of a file is missing');
          throw AppException.notFound('File');
        }),
    };
  }

  // ---- removal ----

  /**
   * Its uploader deletes a file (the caller checked that `userId` is the uploader): its row goes at once, so its
   * bytes count against no quota any more, then its stored objects. 409 while a message holds it; a picture it was is
   * cleared (the picture columns' references are ON DELETE SET NULL).
   */
  async remove(userId: string, fileId: string): Promise<void> {
    const removed = await this.files.removeOwned(fileId, userId);
    if (removed === 'gone') throw AppException.notFound('File');
    if (removed === 'attached') throw AppException.conflict('This file is attached to a message: delete the message first');
    await this.dropObjects([removed]);
  }

  /**
   * Removes the files nobody uses any more, as of `now`: uploads never attached to a message nor used as a picture,
   * ORPHAN_FILE_HOURS after their upload; files of deleted messages that no other message holds, DELETED_FILE_GRACE_HOURS
   * after that deletion. Rows first (in batches), then their stored objects. Answers how many files went. Safe to run
   * in several processes at once: each row is removed by one of them.
   */
  async sweep(now: Date = new Date()): Promise<number> {
    const orphanBefore = new Date(now.getTime() - this.config.orphanFileHours * HOUR_MS);
    const releasedBefore = new Date(now.getTime() - this.config.deletedFileGraceHours * HOUR_MS);
    let count = 0;
    for (;;) {
      const batch = await this.files.removeUnused(orphanBefore, releasedBefore, SWEEP_BATCH);
      await this.dropObjects(batch);
      count += batch.length;
      if (batch.length < SWEEP_BATCH) break;
    }
    if (count > 0) this.logger.log({ count }, 'removed unused files');
    return count;
  }

  /** Deletes the stored objects of removed rows; a failure is logged (an object nobody can reach any more). */
  private async dropObjects(files: RemovedFile[]): Promise<void> {
    for (const f of files) {
      const keys = f.hasThumbnail ? [f.storageKey, thumbKey(f.storageKey)] : [f.storageKey];
      await Promise.all(keys.map((key) => this.storage.delete(key))).catch((err: unknown) =>
        this.logger.warn({ err, key: f.storageKey }, 'could not remove the stored object of a deleted file'),
      );
    }
  }

  // ---- pictures and attachments ----

  /**
   * For avatars and covers: the caller's own upload (400 otherwise, as for an unknown id), and an image (415). The
   * file is marked as used as a picture, so the removal of unused files never takes it.
   */
  async usePicture(userId: string, fileId: string, field: string): Promise<void> {
    const file = await this.files.findById(fileId);
    if (!file || file.ownerId !== userId) throw AppException.validation(field, 'does not name a file you uploaded');
    if (!IMAGE_TYPES.has(file.contentType)) {
      throw new AppException('UNSUPPORTED_MEDIA_TYPE', `${field} must name an image (PNG, JPEG, GIF or WebP)`);
    }
    // the sweep may have taken it since: then it is as unknown
    if (!(await this.files.markPicture(fileId, userId))) throw AppException.validation(field, 'does not name a file you uploaded');
  }

  /**
   * Checks files to attach to a new message: the sender's own uploads, each once, none attached to another message
   * (409). The unique index on message_attachments.file_id settles a race between two sends.
   */
  async requireAttachable(userId: string, fileIds: string[]): Promise<void> {
    if (fileIds.length === 0) return;
    if (new Set(fileIds).size !== fileIds.length) throw AppException.validation('attachmentIds', 'must not name a file twice');
    const owned = await this.files.countOwned(userId, fileIds);
    if (owned !== fileIds.length) throw AppException.validation('attachmentIds', 'must name files you uploaded');
    if ((await this.files.countAttached(fileIds)) > 0) throw this.alreadyAttached();
  }

  alreadyAttached(): AppException {
    return AppException.conflict('A file can be attached to one message only: upload it again to send it again');
  }

  /** Links files to a message, in the message's own transaction. */
  attach(em: EntityManager, messageId: string, fileIds: string[]): Promise<void> {
    return this.files.attach(em, messageId, fileIds);
  }

  /**
   * Unlinks a deleted message's files, in its transaction: they are then served to their uploader only, and removed
   * DELETED_FILE_GRACE_HOURS later unless sent again meanwhile.
   */
  detach(em: EntityManager, messageId: string): Promise<void> {
    return this.files.detach(em, messageId);
  }

  /**
   * Removes a user's uploads that no room holds (for a deleted account): those attached to no message and for which
   * `heldElsewhere` (a room's picture, say) does not answer true. Rows first, then the stored bytes.
   */
  async removeUnheldOf(ownerId: string, heldElsewhere: (fileId: string) => Promise<boolean>): Promise<number> {
    const ids: string[] = [];
    for (const file of await this.files.ownedUnattached(ownerId)) {
      if (!(await heldElsewhere(file.id))) ids.push(file.id);
    }
    const removed = await this.files.deleteUnattached(ids);
    for (const { id, storage_key: key } of removed) {
      await Promise.all([this.storage.delete(key), this.storage.delete(thumbKey(key))]).catch((err: unknown) =>
        this.logger.warn({ err, fileId: id }, 'the stored bytes of a removed file could not be deleted'),
      );
    }
    return removed.length;
  }

  /** The attachments of many messages, in order, in one query. */
  attachmentsOf(messageIds: string[]): Promise<Map<string, FileMeta[]>> {
    return this.files.attachmentsOf(messageIds);
  }
}
