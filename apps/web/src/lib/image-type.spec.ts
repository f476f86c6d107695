import { describe, expect, it } from '@jest/globals';
import { pictureTypeOf } from './image-type';

const bytes = (...b: number[]) => new Uint8Array([...b, ...new Array(Math.max(0, 12 - b.length)).fill(0)]);

describe('pictureTypeOf', () => {
  it('knows PNG, JPEG, GIF (87a and 89a) and WebP by their first bytes', () => {
    expect(pictureTypeOf(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('png');
    expect(pictureTypeOf(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('jpeg');
    expect(pictureTypeOf(bytes(0x47, 0x49, 0x46, 0x38, 0x39, 0x61))).toBe('gif');
    expect(pictureTypeOf(bytes(0x47, 0x49, 0x46, 0x38, 0x37, 0x61))).toBe('gif');
    expect(pictureTypeOf(bytes(0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50))).toBe('webp');
  });

  it('refuses text, a PDF, a RIFF that is not WebP (a WAV), an SVG and too few bytes', () => {
    expect(pictureTypeOf(new TextEncoder().encode('hello, world'))).toBeNull();
    expect(pictureTypeOf(new TextEncoder().encode('%PDF-1.7\n%abc'))).toBeNull();
    expect(pictureTypeOf(bytes(0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x41, 0x56, 0x45))).toBeNull();
    expect(pictureTypeOf(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg">'))).toBeNull();
    expect(pictureTypeOf(new Uint8Array([0x89, 0x50]))).toBeNull();
  });
});
