import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../lib/query-keys';
import { shortcodeList, type EmojiShortcode } from '../utils/autocomplete';

/** GitHub's shortcode set from Emojibase (bundled as its own chunk): loaded the first time `:` asks for it. */
async function loadShortcodes(): Promise<EmojiShortcode[]> {
  const data = (await import('emojibase-data/en/shortcodes/github.json')).default as Record<string, string | string[]>;
  return shortcodeList(data);
}

export function useEmojiShortcodes(enabled: boolean) {
  return useQuery({ queryKey: queryKeys.emojiShortcodes(), queryFn: loadShortcodes, enabled, staleTime: Infinity, gcTime: Infinity });
}
