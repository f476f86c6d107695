import type { Readable } from 'node:stream';

/** The storage backend in use (local disk or S3), chosen by the STORAGE configuration. */
export const FILE_STORAGE = Symbol('FILE_STORAGE');

/**
 * Where the bytes of uploaded files live. Keys are made by the server (a random UUID, plus `.thumb` for a
 * thumbnail); nothing a client sends ever becomes part of a key. Every method streams: no file is held in memory.
 */
export interface FileStorage {
  /** Stores a stream under `key`; resolves once the object is complete, and never leaves a partial object. */
  put(key: string, body: Readable, contentType: string): Promise<void>;
  /** Stores a finished local file (an upload's spool file) under `key`, consuming it: moved or copied then removed. */
  putFile(key: string, path: string, contentType: string): Promise<void>;
  /** The object's bytes; rejects with StorageNotFoundError when there is no such object. */
  get(key: string): Promise<Readable>;
  /** Removes the object; no error when it is already gone. */
  delete(key: string): Promise<void>;
}

export class StorageNotFoundError extends Error {
  constructor(key: string) {
    super(`No stored object ${key}`);
  }
}

/** Keys are server-generated; this refuses anything else before it reaches a path or a bucket. */
export const STORAGE_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\.thumb)?$/;

export function assertKey(key: string): void {
  if (!STORAGE_KEY.test(key)) throw new Error(`Invalid storage key ${JSON.stringify(key)}`);
}
