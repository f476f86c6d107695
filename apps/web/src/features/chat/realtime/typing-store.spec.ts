import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { TypingStore } from './typing-store';

describe('TypingStore', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('expires someone 6 s after their last "typing", each new one extends it', () => {
    const store = new TypingStore();
    store.set('r1', 'ada', true);
    jest.advanceTimersByTime(5_000);
    store.set('r1', 'ada', true);
    jest.advanceTimersByTime(5_000);
    expect(store.typing('r1')).toEqual(['ada']);
    jest.advanceTimersByTime(1_001);
    expect(store.typing('r1')).toEqual([]);
  });

  it('ends at once on "typing: false", per room, keeping the order people started in', () => {
    const store = new TypingStore();
    store.set('r1', 'ada', true);
    store.set('r1', 'bo', true);
    store.set('r2', 'cy', true);
    store.set('r1', 'ada', false);
    expect(store.typing('r1')).toEqual(['bo']);
    expect(store.typing('r2')).toEqual(['cy']);
    store.reset();
    expect(store.typing('r2')).toEqual([]);
  });

  it('keeps the same snapshot until something changes, and tells subscribers when it does', () => {
    const store = new TypingStore();
    let calls = 0;
    store.subscribe(() => calls++);
    store.set('r1', 'ada', true);
    const first = store.typing('r1');
    store.set('r1', 'ada', true);
    expect(store.typing('r1')).toBe(first);
    expect(calls).toBe(1);
    store.set('r1', 'nobody', false);
    expect(calls).toBe(1);
  });
});
