import { describe, expect, it } from '@jest/globals';
import { nextRegionIndex, regionIndexOf } from './focus-regions';

/** A stand-in for an element: contains itself and its listed descendants. */
function node(name: string, children: string[] = []) {
  return {
    name,
    contains: (other: { name: string } | null) => other !== null && (other.name === name || children.includes(other.name)),
  } as unknown as Element;
}

describe('F6 region cycling', () => {
  it('goes forward and backward, wrapping at both ends', () => {
    expect(nextRegionIndex(3, 0, false)).toBe(1);
    expect(nextRegionIndex(3, 2, false)).toBe(0);
    expect(nextRegionIndex(3, 0, true)).toBe(2);
    expect(nextRegionIndex(3, 1, true)).toBe(0);
  });

  it('starts at the first region (the last one backwards) when focus is in none, and does nothing without regions', () => {
    expect(nextRegionIndex(3, -1, false)).toBe(0);
    expect(nextRegionIndex(3, -1, true)).toBe(2);
    expect(nextRegionIndex(0, -1, false)).toBe(-1);
  });

  it('finds the region that holds the focused element', () => {
    const regions = [node('sidebar', ['chat-link']), node('composer', ['textarea']), node('list', ['message'])];
    expect(regionIndexOf(regions, node('message'))).toBe(2);
    expect(regionIndexOf(regions, node('textarea'))).toBe(1);
    expect(regionIndexOf(regions, node('header-button'))).toBe(-1);
    expect(regionIndexOf(regions, null)).toBe(-1);
  });
});
