import { describe, expect, it } from '@jest/globals';
import { LIMITS, type FileMeta } from '@chat/contracts';
import { ApiError } from '../../../lib/api-client';
import { UploadAbortedError, type UploadProgress } from '../../../lib/upload-file';
import { fileMeta } from '../testing/fixtures';
import { AttachmentStore, attachmentIds, sendableState } from './attachment-store';

/** An uploader whose uploads finish when the test says. */
function setup() {
  const uploads: Array<{
    file: File;
    progress: (p: UploadProgress) => void;
    resolve: (m: FileMeta) => void;
    reject: (e: unknown) => void;
    aborted: boolean;
  }> = [];
  const store = new AttachmentStore((file, progress) => {
    let resolve!: (m: FileMeta) => void;
    let reject!: (e: unknown) => void;
    const done = new Promise<FileMeta>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const u = { file, progress, resolve, reject, aborted: false };
    uploads.push(u);
    return {
      done,
      abort: () => {
        u.aborted = true;
        reject(new UploadAbortedError());
      },
    };
  });
  const states = (roomId = 'r1') => store.list(roomId).map((a) => `${a.file.name}:${a.status}`);
  return { store, uploads, states };
}

const file = (name: string) => new File(['12345678'], name);
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('AttachmentStore', () => {
  it('starts every file at once and records progress, then the stored file', async () => {
    const t = setup();
    t.store.add('r1', [file('a.txt'), file('b.txt')]);
    expect(t.uploads).toHaveLength(2);
    expect(t.states()).toEqual(['a.txt:uploading', 'b.txt:uploading']);
    t.uploads[0]!.progress({ loaded: 4, total: 8 });
    expect(t.store.list('r1')[0]!.progress).toEqual({ loaded: 4, total: 8 });
    t.uploads[0]!.resolve(fileMeta('f1'));
    await tick();
    expect(t.states()).toEqual(['a.txt:done', 'b.txt:uploading']);
    expect(attachmentIds(t.store.list('r1'))).toEqual(['f1']);
  });

  it('keeps a failed upload with its reason until retried, and the retry uploads it again', async () => {
    const t = setup();
    t.store.add('r1', [file('a.txt')]);
    t.uploads[0]!.reject(new ApiError(429, 'RATE_LIMITED', 'slow', [], 3));
    await tick();
    expect(t.states()).toEqual(['a.txt:failed']);
    expect(t.store.list('r1')[0]!.error).toBe('Too many uploads: try again in 3 s.');
    const key = t.store.list('r1')[0]!.key;
    t.store.retry(key);
    expect(t.states()).toEqual(['a.txt:uploading']);
    t.uploads[1]!.resolve(fileMeta('f2'));
    await tick();
    expect(attachmentIds(t.store.list('r1'))).toEqual(['f2']);
  });

  it('cancel aborts the upload and drops the file, without showing an error', async () => {
    const t = setup();
    t.store.add('r1', [file('a.txt')]);
    t.store.remove(t.store.list('r1')[0]!.key);
    await tick();
    expect(t.uploads[0]!.aborted).toBe(true);
    expect(t.states()).toEqual([]);
  });

  it('ignores progress and results of an upload that was removed', async () => {
    const t = setup();
    t.store.add('r1', [file('a.txt')]);
    const key = t.store.list('r1')[0]!.key;
    t.store.remove(key);
    t.uploads[0]!.progress({ loaded: 8, total: 8 });
    t.uploads[0]!.resolve(fileMeta('f1'));
    await tick();
    expect(t.states()).toEqual([]);
  });

  it('keeps each conversation’s files apart, and clear() empties one after sending', async () => {
    const t = setup();
    t.store.add('r1', [file('a.txt')]);
    t.store.add('r2', [file('b.txt')]);
    t.store.clear('r1');
    expect(t.states('r1')).toEqual([]);
    expect(t.states('r2')).toEqual(['b.txt:uploading']);
  });

  it(`takes at most ${LIMITS.attachmentsMax} files for a message and says how many were left out`, () => {
    const t = setup();
    const many = Array.from({ length: LIMITS.attachmentsMax + 2 }, (_, i) => file(`${i}.txt`));
    expect(t.store.add('r1', many)).toBe(2);
    expect(t.store.list('r1')).toHaveLength(LIMITS.attachmentsMax);
    expect(t.store.add('r1', [file('x.txt')])).toBe(1);
  });
});

describe('sendableState', () => {
  const item = (status: 'uploading' | 'done' | 'failed') => {
    const t = setup();
    t.store.add('r1', [file('a.txt')]);
    return { ...t.store.list('r1')[0]!, status, meta: status === 'done' ? fileMeta('f1') : null };
  };

  it('sends text alone, files alone (empty body), or both', () => {
    expect(sendableState('hi', []).canSend).toBe(true);
    expect(sendableState('  ', [item('done')]).canSend).toBe(true);
    expect(sendableState('hi', [item('done')]).canSend).toBe(true);
  });

  it('waits for uploads on their way and for failed ones to be retried or removed', () => {
    expect(sendableState('hi', [item('done'), item('uploading')])).toEqual({ canSend: false, reason: 'Wait for the uploads to finish.' });
    expect(sendableState('hi', [item('failed')])).toEqual({ canSend: false, reason: 'Retry or remove the files that failed.' });
  });

  it('has nothing to send with a blank body and no files', () => {
    expect(sendableState(' \n', [])).toEqual({ canSend: false, reason: null });
  });
});
