import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { FilesConfig } from '../../../config/app-config.js';
import { assertKey, type FileStorage, StorageNotFoundError } from './file-storage.js';

/** Bytes held in memory by one streaming upload: `PART_SIZE` × `QUEUE_SIZE` at most, whatever the file's size. */
const PART_SIZE = 5 * 1024 * 1024;
const QUEUE_SIZE = 2;

/**
 * Objects in a bucket of an S3-compatible service (AWS S3, MinIO, Garage, Ceph, R2...), keyed by the storage key.
 * Uploads stream through @aws-sdk/lib-storage (multipart above PART_SIZE); downloads stream the object's body.
 * Objects are private: clients never get a bucket URL, every download goes through the API's authorisation.
 */
export class S3FileStorage implements FileStorage {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(config: NonNullable<FilesConfig['s3']>) {
    this.bucket = config.bucket;
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials:
        config.accessKeyId && config.secretAccessKey
          ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
          : undefined,
    });
  }

  async put(key: string, body: Readable, contentType: string): Promise<void> {
    assertKey(key);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async putFile(key: string, path: string, contentType: string): Promise<void> {
    await this.put(key, createReadStream(path), contentType);
    await rm(path, { force: true });
  }

  async get(key: string): Promise<Readable> {
    assertKey(key);
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!(res.Body instanceof Readable)) throw new Error('The S3 client did not answer a Node.js stream');
      return res.Body;
    } catch (err) {
      if (err instanceof NoSuchKey || (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404)) {
        throw new StorageNotFoundError(key);
      }
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  destroy(): void {
    this.client.destroy();
  }
}
