import { useSyncExternalStore } from 'react';
import { recentEmoji } from '../utils/recent-emoji';

/** The emoji used last in this browser, newest first. */
export function useRecentEmoji(): readonly string[] {
  return useSyncExternalStore(recentEmoji.subscribe, recentEmoji.get, () => []);
}
