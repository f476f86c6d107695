import { describe, expect, it } from '@jest/globals';
import { fileMeta } from '../testing/fixtures';
import { isPreviewable, previewSize, thumbnailUrl } from './attachments';

describe('attachments', () => {
  it('previews only pictures the server measured', () => {
    expect(isPreviewable(fileMeta('a', { contentType: 'image/png', width: 10, height: 10 }))).toBe(true);
    expect(isPreviewable(fileMeta('b', { contentType: 'image/png', width: null, height: null }))).toBe(false);
    expect(isPreviewable(fileMeta('c', { contentType: 'image/svg+xml', width: 10, height: 10 }))).toBe(false);
    expect(isPreviewable(fileMeta('d'))).toBe(false);
  });

  it('takes the thumbnail next to the content URL', () => {
    expect(thumbnailUrl(fileMeta('f1'))).toBe('/api/files/f1/thumbnail');
  });

  it('fits the preview in the box with the picture’s proportions, never enlarging it', () => {
    expect(previewSize({ width: 1200, height: 600 })).toEqual({ width: 280, height: 140 });
    expect(previewSize({ width: 600, height: 1200 })).toEqual({ width: 140, height: 280 });
    expect(previewSize({ width: 100, height: 80 })).toEqual({ width: 100, height: 80 });
    expect(previewSize({ width: 2000, height: 10 })).toEqual({ width: 280, height: 48 });
  });
});
