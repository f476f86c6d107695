import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FileMeta } from '@chat/contracts';
import contentDisposition from 'content-disposition';
import type { Request } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource, type EntityManager, In, type Repository } from 'typeorm';
import { AppException } from '../../common/app-exception.js';
import { APP_CONFIG, type AppConfig, type FilesConfig } from '../../config/app-config.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { fileUrl, UsersService } from '../users/users.service.js';
import { FileEntity } from './entities/file.entity.js';
import { MessageAttachmentEntity } from './entities/message-attachment.entity.js';
import { asciiFileName, sanitizeFileName } from './file-names.js';
import { detectContentType, IMAGE_TYPES, inspectImage, THUMBNAIL_TYPE } from './file-inspector.js';
import { FILE_STORAGE, type FileStorage, StorageNotFoundError } from './storage/file-storage.js';
import { receiveUpload } from './upload-receiver.js';

/** Which live messages exist, and in which rooms. Provided by the messages module (it owns the messages table). */
export interface MessageLookup {
  /** Rooms of those of the messages that are not deleted. */
  liveRoomIds(messageIds: string[]): Promise<string[]>;
}

export type FileVariant = 'content' | 'thumbnail';

/** A file the caller may read: the headers to answer with and the bytes, opened only when needed. */
export interface FileDownload {
  headers: Record<string, string>;
  open(): Promise<Readable>;
}

/** Spool files older than this are leftovers of a crash (an upload cannot take this long). */
const SPOOL_MAX_AGE_MS = 24 * 3600 * 1000;
/** What a multipart envelope may add to the file's bytes (boundaries, part headers) before a declared length is refused. */
const MULTIPART_SLACK_BYTES = 16 * 1024;
const thumbKey = (key: string) => `${key}.thumb`;

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

@Injectable()
export class FilesService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Files');
  private readonly config: FilesConfig;
  private readonly spoolDir: string;
  private readonly uploadLimiter: RateLimiterMemory;
  private messages: MessageLookup | null = null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @InjectRepository(FileEntity) private readonly files: Repository<FileEntity>,
    @InjectRepository(MessageAttachmentEntity) private readonly attachments: Repository<MessageAttachmentEntity>,
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly rooms: RoomsService,
  ) {
    this.config = config.files;
    this.spoolDir = join(config.files.dir, '.tmp');
    this.uploadLimiter = new RateLimiterMemory({ keyPrefix: 'upload', points: config.files.uploadsPerMinute, duration: 60 });
  }

  async onModuleInit(): Promise<void> {
    this.users.usePictures(this);
    this.rooms.usePictures(this);
    await mkdir(this.spoolDir, { recursive: true, mode: 0o700 });
    await this.cleanSpool();
  }

  onApplicationShutdown(): void {
    (this.storage as { destroy?: () => void }).destroy?.();
  }

  /** The messages module tells which messages are live (it owns them). */
  useMessages(lookup: MessageLookup): void {
    this.messages = lookup;
  }

  // ---- upload ----

  /**
   * Receives one multipart upload: counted against the rate limit first, streamed to a spool file within the size
   * limit and the caller's remaining quota, typed from its bytes, measured and thumbnailed when an image, then moved
   * to the storage and recorded. Every refusal leaves nothing behind: no row, no stored object, no spool file.
   */
  async upload(userId: string, req: Request): Promise<FileMeta> {
    await this.consumeUpload(userId);
    const { maxFileBytes, userQuotaBytes } = this.config;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxFileBytes + MULTIPART_SLACK_BYTES) throw this.tooLarge();
    const used = await this.usedBytes(userId);
    if (used >= userQuotaBytes) throw this.overQuota(used);
    const remaining = userQuotaBytes - used;
    await mkdir(this.spoolDir, { recursive: true, mode: 0o700 });
    const spooled = await receiveUpload(req, {
      spoolDir: this.spoolDir,
      maxBytes: Math.min(maxFileBytes, remaining),
      tooLarge: () => (remaining < maxFileBytes ? this.overQuota(used) : this.tooLarge()),
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
        const file = await this.record(userId, {
          ownerId: userId,
          storageKey: key,
          originalName: sanitizeFileName(spooled.filename),
          contentType,
          size: spooled.size,
          width: image?.width ?? null,
          height: image?.height ?? null,
          hasThumbnail: image !== null,
        });
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

  /**
   * Inserts the row if the owner's files still fit the quota. A per-owner advisory lock orders concurrent uploads of
   * one user, so two of them cannot both pass the check.
   */
  private record(userId: string, values: Omit<FileEntity, 'id' | 'createdAt'>): Promise<FileEntity> {
    return this.dataSource.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(727275, hashtext($1))`, [userId]);
      const used = await this.usedBytes(userId, em);
      if (used + values.size > this.config.userQuotaBytes) throw this.overQuota(used);
      return em.save(em.create(FileEntity, values));
    });
  }

  private async usedBytes(userId: string, em: EntityManager = this.dataSource.manager): Promise<number> {
    const rows: Array<{ used: string }> = await em.query(`SELECT coalesce(sum(size), 0)::text AS used FROM files WHERE owner_id = $1`, [
      userId,
    ]);
    return Number(rows[0]?.used ?? 0);
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

  private async consumeUpload(userId: string): Promise<void> {
    try {
      await this.uploadLimiter.consume(userId);
    } catch (res) {
      if (res instanceof RateLimiterRes) throw AppException.rateLimited(res.msBeforeNext / 1000);
      throw res;
    }
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

  /**
   * Who may read a file, in one place: its uploader; anyone logged in when it is a user's avatar or cover (profiles
   * are visible to every user); whoever can see a room whose avatar or cover it is; the members of the room of the
   * live message it is attached to.
   */
  async canRead(userId: string, file: FileEntity): Promise<boolean> {
    if (file.ownerId === userId) return true;
    if (await this.users.isPicture(file.id)) return true;
    for (const roomId of await this.rooms.roomIdsWithPicture(file.id)) {
      if (await this.rooms.visibleTo(roomId, userId)) return true;
    }
    const links = await this.attachments.find({ where: { fileId: file.id }, select: { messageId: true } });
    if (links.length === 0 || !this.messages) return false;
    for (const roomId of await this.messages.liveRoomIds(links.map((l) => l.messageId))) {
      if ((await this.rooms.visibleTo(roomId, userId))?.member) return true;
    }
    return false;
  }

  /**
   * A file's bytes (or its thumbnail) with the headers that keep a browser from running them: images of the four
   * raster types inline, everything else as a download with a sanitised RFC 6266 name; always `nosniff` and a
   * sandboxing CSP. 404 when the file does not exist or the caller may not read it.
   */
  async download(userId: string, fileId: string, variant: FileVariant): Promise<FileDownload> {
    const file = await this.files.findOneBy({ id: fileId });
    if (!file || !(await this.canRead(userId, file))) throw AppException.notFound('File');
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

  // ---- pictures and attachments ----

  /** For avatars and covers: the caller's own upload (400 otherwise, as for an unknown id), and an image (415). */
  async requireOwnImage(userId: string, fileId: string, field: string): Promise<void> {
    const file = await this.files.findOneBy({ id: fileId });
    if (!file || file.ownerId !== userId) throw AppException.validation(field, 'does not name a file you uploaded');
    if (!IMAGE_TYPES.has(file.contentType)) {
      throw new AppException('UNSUPPORTED_MEDIA_TYPE', `${field} must name an image (PNG, JPEG, GIF or WebP)`);
    }
  }

  /**
   * Checks files to attach to a new message: the sender's own uploads, each once, none attached to another message
   * (409). The unique index on message_attachments.file_id settles a race between two sends.
   */
  async requireAttachable(userId: string, fileIds: string[]): Promise<void> {
    if (fileIds.length === 0) return;
    if (new Set(fileIds).size !== fileIds.length) throw AppException.validation('attachmentIds', 'must not name a file twice');
    const owned = await this.files.countBy({ id: In(fileIds), ownerId: userId });
    if (owned !== fileIds.length) throw AppException.validation('attachmentIds', 'must name files you uploaded');
    if ((await this.attachments.countBy({ fileId: In(fileIds) })) > 0) throw this.alreadyAttached();
  }

  alreadyAttached(): AppException {
    return AppException.conflict('A file can be attached to one message only: upload it again to send it again');
  }

  /** Links files to a message, in the message's own transaction. */
  async attach(em: EntityManager, messageId: string, fileIds: string[]): Promise<void> {
    if (fileIds.length === 0) return;
    await em.insert(
      MessageAttachmentEntity,
      fileIds.map((fileId, position) => ({ messageId, fileId, position })),
    );
  }

  /** Unlinks a deleted message's files, in its transaction: they are then served to their uploader only. */
  async detach(em: EntityManager, messageId: string): Promise<void> {
    await em.delete(MessageAttachmentEntity, { messageId });
  }

  /** The attachments of many messages, in order, in one query. */
  async attachmentsOf(messageIds: string[]): Promise<Map<string, FileMeta[]>> {
    const out = new Map<string, FileMeta[]>();
    if (messageIds.length === 0) return out;
    const rows: Array<{
      message_id: string;
      id: string;
      original_name: string;
      size: string;
      content_type: string;
      width: number | null;
      height: number | null;
    }> = await this.dataSource.query(
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
