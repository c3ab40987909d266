// Text length as people count it: in characters, the way they see them (an emoji, or a letter
// with a combining accent, is one). The protocol limits texts in UTF-8 bytes (protocol/limits.ts),
// and that stays the rule checked before sending; this file translates it into characters for
// the person: how many there are, roughly how many more fit, and exactly how many to remove.
// Pure: no DOM.

import { utf8Length } from '../protocol/limits';

const segmenter =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl
    ? new Intl.Segmenter(undefined, { granularity: 'grapheme' })
    : null;

// The text's characters (grapheme clusters; code points where Intl.Segmenter is missing).
export function characters(text: string): string[] {
  if (segmenter) return Array.from(segmenter.segment(text), (s) => s.segment);
  return Array.from(text);
}

export function characterCount(text: string): number {
  return characters(text).length;
}

export type LengthStatus =
  // Far from the limit: nothing to show.
  | { kind: 'ok'; count: number }
  // Near the limit: `left` more characters of the kind written so far fit (exact when every
  // character so far is one byte; `approximate` otherwise).
  | { kind: 'near'; count: number; left: number; approximate: boolean }
  // Over the limit: removing the last `over` characters makes it fit.
  | { kind: 'over'; count: number; over: number };

// Where a text stands against a limit of maxBytes UTF-8 bytes. "Near" starts when less than
// `nearShare` of the room is left.
export function lengthStatus(text: string, maxBytes: number, nearShare = 0.2): LengthStatus {
  const bytes = utf8Length(text);
  const chars = characters(text);
  const count = chars.length;
  if (bytes > maxBytes) {
    let excess = bytes - maxBytes;
    let over = 0;
    for (let i = chars.length - 1; i >= 0 && excess > 0; i -= 1) {
      excess -= utf8Length(chars[i] ?? '');
      over += 1;
    }
    return { kind: 'over', count, over };
  }
  const room = maxBytes - bytes;
  if (room >= maxBytes * nearShare) return { kind: 'ok', count };
  const approximate = bytes !== count;
  const perCharacter = count === 0 ? 1 : bytes / count;
  return { kind: 'near', count, left: Math.floor(room / perCharacter), approximate };
}
