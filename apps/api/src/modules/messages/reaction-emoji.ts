import { createRequire } from 'node:module';

/** The entries of emojibase's compact data set that matter here (skin-tone variants nested under their base). */
interface CompactEmoji {
  unicode: string;
  group?: number;
  skins?: CompactEmoji[];
}

/** Emojibase's group of components (skin-tone swatches, hair styles): parts of emoji, not emoji of their own. */
const COMPONENT_GROUP = 2;
const VS16 = '\uFE0F';
const VS15 = '\uFE0E';
const stripSelectors = (s: string) => s.replace(/[\uFE0E\uFE0F]/gu, '');

const EMOJI = /\p{Emoji}/u;
const PRESENTS_AS_EMOJI = /\p{Emoji_Presentation}/u;
const MODIFIER = /\p{Emoji_Modifier}/u;
const REGIONAL = /\p{Regional_Indicator}/u;
const ZWJ = '\u200D';

/**
 * The fully-qualified form of a sequence given without variation selectors (as Unicode's emoji-test.txt writes them):
 * VS16 after each emoji character that presents as text by default, unless a skin-tone modifier follows it. So `❤` and
 * `❤️` are one reaction, stored as `❤️`; `👍` stays `👍`; `🏳‍🌈` becomes `🏳️‍🌈`.
 */
export function fullyQualified(bare: string): string {
  const cps = [...bare];
  let out = '';
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    out += c;
    const next = cps[i + 1];
    const textByDefault = EMOJI.test(c) && !PRESENTS_AS_EMOJI.test(c) && !MODIFIER.test(c) && !REGIONAL.test(c) && c !== ZWJ;
    const asciiPart = /[0-9#*]/.test(c) && next !== '\u20E3'; // digits are emoji only in keycaps
    if (textByDefault && !asciiPart && !(next && MODIFIER.test(next))) out += VS16;
  }
  return out;
}

/** Every emoji of the data set (bases and skin-tone variants), keyed without variation selectors. Loaded once. */
let known: Set<string> | null = null;
function knownEmoji(): Set<string> {
  if (known) return known;
  const data = createRequire(import.meta.url)('emojibase-data/en/compact.json') as CompactEmoji[];
  const set = new Set<string>();
  const add = (e: CompactEmoji) => {
    if (e.group === undefined || e.group === COMPONENT_GROUP) return; // lone regional indicators, components
    set.add(stripSelectors(e.unicode));
    for (const s of e.skins ?? []) add(s);
  };
  for (const e of data) add(e);
  known = set;
  return set;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The stored form of a reaction emoji, or null when `raw` is not exactly one emoji of the data set (emojibase, which
 * follows Unicode's RGI list: ZWJ sequences, skin tones, flags and keycaps included). Variation selectors are ignored
 * when matching (`❤` and `❤️` are the same emoji) and the answer is the fully-qualified form.
 */
export function reactionEmoji(raw: string): string | null {
  if (raw.length === 0 || raw.length > 64 || raw.includes(VS15)) return null;
  if ([...segmenter.segment(raw)].length !== 1) return null;
  const bare = stripSelectors(raw);
  return knownEmoji().has(bare) ? fullyQualified(bare) : null;
}
