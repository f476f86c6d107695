import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertKey, type FileStorage, StorageNotFoundError } from './file-storage.js';

/**
 * Files on local disk under `root` (DATA_DIR/files), as `<root>/<first two characters of the key>/<key>`.
 * A write goes to `<root>/.tmp` first and is renamed into place when complete, so a reader never sees a partial file.
 */
export class LocalFileStorage implements FileStorage {
  readonly tmpDir: string;

  constructor(private readonly root: string) {
    this.tmpDir = join(root, '.tmp');
  }

  private pathOf(key: string): string {
    assertKey(key);
    return join(this.root, key.slice(0, 2), key);
  }

  async put(key: string, body: Readable): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(this.tmpDir, { recursive: true });
    const tmp = join(this.tmpDir, `${randomUUID()}.part`);
    try {
      await pipeline(body, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
      await mkdir(dirname(target), { recursive: true });
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async putFile(key: string, path: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    try {
      await rename(path, target);
    } catch (err) {
      // the spool folder on another file system than the storage: copy, then drop the spool file
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      await this.put(key, createReadStream(path));
      await rm(path, { force: true });
    }
  }

  async get(key: string): Promise<Readable> {
    try {
      const handle = await open(this.pathOf(key), 'r');
      return handle.createReadStream({ autoClose: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new StorageNotFoundError(key);
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
