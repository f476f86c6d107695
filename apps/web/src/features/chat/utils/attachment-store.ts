import { isBlank, LIMITS, type FileMeta } from '@chat/contracts';
import { UploadAbortedError, uploadErrorText, type UploadHandle, type UploadProgress } from '../../../lib/upload-file';

/** One file picked for the message being written. */
export interface PendingAttachment {
  /** Local key (a file may be picked twice). */
  key: string;
  roomId: string;
  file: File;
  /** uploading: on its way; done: stored (`meta` set); failed: refused or cut off (`error` set), waits for retry or removal. */
  status: 'uploading' | 'done' | 'failed';
  progress: UploadProgress;
  meta: FileMeta | null;
  error: string | null;
}

export type Uploader = (file: File, onProgress: (p: UploadProgress) => void) => UploadHandle;

/** Whether the message can go: nothing still uploading or failed, within the count, and something to send. */
export function sendableState(text: string, items: readonly PendingAttachment[]): { canSend: boolean; reason: string | null } {
  if (items.some((a) => a.status === 'uploading')) return { canSend: false, reason: 'Wait for the uploads to finish.' };
  if (items.some((a) => a.status === 'failed')) return { canSend: false, reason: 'Retry or remove the files that failed.' };
  if (items.length > LIMITS.attachmentsMax) {
    return { canSend: false, reason: `A message holds at most ${LIMITS.attachmentsMax} files.` };
  }
  if (items.length === 0 && isBlank(text)) return { canSend: false, reason: null };
  return { canSend: true, reason: null };
}

/** The ids to send with the message: the stored files, in the order they were picked. */
export function attachmentIds(items: readonly PendingAttachment[]): string[] {
  return items.flatMap((a) => (a.status === 'done' && a.meta ? [a.meta.id] : []));
}

const EMPTY: readonly PendingAttachment[] = [];

/**
 * The files picked for each conversation's next message. Each one starts uploading as soon as it is added, and its
 * progress, result or error is kept here (an external store: components read it with `useSyncExternalStore`), so an
 * upload goes on while another conversation is open. Cancel aborts and drops it; a failed one can be retried.
 */
export class AttachmentStore {
  private byRoom = new Map<string, readonly PendingAttachment[]>();
  private readonly handles = new Map<string, UploadHandle>();
  private readonly listeners = new Set<() => void>();
  private seq = 0;

  constructor(private readonly upload: Uploader) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** An immutable snapshot per room, replaced at every change. */
  list(roomId: string): readonly PendingAttachment[] {
    return this.byRoom.get(roomId) ?? EMPTY;
  }

  /** Adds files (past the per-message limit they are refused); returns how many were left out. */
  add(roomId: string, files: readonly File[]): number {
    const room = this.list(roomId);
    const space = Math.max(0, LIMITS.attachmentsMax - room.length);
    const taken = files.slice(0, space);
    const added = taken.map<PendingAttachment>((file) => ({
      key: `a${++this.seq}`,
      roomId,
      file,
      status: 'uploading',
      progress: { loaded: 0, total: file.size },
      meta: null,
      error: null,
    }));
    if (added.length > 0) {
      this.setRoom(roomId, [...room, ...added]);
      added.forEach((a) => this.start(a));
    }
    return files.length - taken.length;
  }

  /** Stops an upload on its way, or forgets a file already stored or failed. */
  remove(key: string): void {
    const handle = this.handles.get(key);
    this.handles.delete(key);
    handle?.abort();
    for (const [roomId, items] of this.byRoom) {
      if (items.some((a) => a.key === key))
        this.setRoom(
          roomId,
          items.filter((a) => a.key !== key),
        );
    }
  }

  retry(key: string): void {
    const item = this.find(key);
    if (!item || item.status !== 'failed') return;
    const next: PendingAttachment = { ...item, status: 'uploading', progress: { loaded: 0, total: item.file.size }, error: null };
    this.replace(next);
    this.start(next);
  }

  /** The message went: its files are the outbox's now. */
  clear(roomId: string): void {
    for (const a of this.list(roomId)) {
      this.handles.get(a.key)?.abort();
      this.handles.delete(a.key);
    }
    this.setRoom(roomId, []);
  }

  private start(item: PendingAttachment): void {
    const handle = this.upload(item.file, (progress) => {
      const current = this.find(item.key);
      if (current?.status === 'uploading' && this.handles.get(item.key) === handle) this.replace({ ...current, progress });
    });
    this.handles.set(item.key, handle);
    handle.done.then(
      (meta) => {
        if (this.handles.get(item.key) !== handle) return;
        this.handles.delete(item.key);
        const current = this.find(item.key);
        if (current) this.replace({ ...current, status: 'done', meta, progress: { loaded: meta.size, total: meta.size } });
      },
      (error: unknown) => {
        if (this.handles.get(item.key) !== handle) return;
        this.handles.delete(item.key);
        if (error instanceof UploadAbortedError) return;
        const current = this.find(item.key);
        if (current) this.replace({ ...current, status: 'failed', error: uploadErrorText(error) });
      },
    );
  }

  private find(key: string): PendingAttachment | undefined {
    for (const items of this.byRoom.values()) {
      const found = items.find((a) => a.key === key);
      if (found) return found;
    }
    return undefined;
  }

  private replace(item: PendingAttachment): void {
    this.setRoom(
      item.roomId,
      this.list(item.roomId).map((a) => (a.key === item.key ? item : a)),
    );
  }

  private setRoom(roomId: string, items: readonly PendingAttachment[]): void {
    if (items.length === 0) this.byRoom.delete(roomId);
    else this.byRoom.set(roomId, items);
    this.listeners.forEach((l) => l());
  }
}
