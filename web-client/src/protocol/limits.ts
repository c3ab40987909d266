// Client-side checks of the text limits in protocol v1, so the person learns about a too long
// or blank text before sending it. The server checks the same limits again.

export const THREAD_TITLE_MAX_BYTES = 300;
export const POST_BODY_MAX_BYTES = 20000;
// A proposal (create_round, revise_proposal): may be empty or blank.
export const PROPOSAL_MAX_BYTES = 200000;
// An agenda item's motivation (propose_agenda_item) and the reason for a decision on one
// (decide_agenda_item), and a reminder's message (send_reminder): may be empty, except that
// declining needs a reason that is not blank and a reminder's message is empty or not blank.
export const REASON_MAX_BYTES = 2000;

const encoder = new TextEncoder();

export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

export type TextProblem = 'blank' | 'too_long';

// "Blank" as the protocol defines it (protocol/README.md, Transport): empty, or only the code
// points U+0009–U+000D, U+0020, U+0085, U+00A0, U+1680, U+2000–U+200D, U+2028, U+2029, U+202F,
// U+205F, U+2060, U+3000, U+FEFF (Unicode White_Space plus the invisible joiners and the BOM).
// Written out rather than \s, which lacks U+0085, U+200B–U+200D and U+2060.
const BLANK =
  /^[\u0009-\u000d\u0020\u0085\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]*$/u;

export function isBlank(text: string): boolean {
  return BLANK.test(text);
}

// Returns what is wrong with a text for a field of at most maxBytes UTF-8 bytes, or null.
export function checkText(text: string, maxBytes: number): TextProblem | null {
  if (isBlank(text)) return 'blank';
  if (utf8Length(text) > maxBytes) return 'too_long';
  return null;
}
