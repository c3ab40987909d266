// Client-side checks of the text limits in protocol v1, so the person learns about a too long
// or blank text before sending it. The server checks the same limits again.

export const THREAD_TITLE_MAX_BYTES = 300;
export const POST_BODY_MAX_BYTES = 20000;

const encoder = new TextEncoder();

export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

export type TextProblem = 'blank' | 'too_long';

// "Blank" as the protocol defines it: empty or only ASCII space, \t, \n, \v, \f, \r.
export function isBlank(text: string): boolean {
  return /^[ \t\n\v\f\r]*$/.test(text);
}

// Returns what is wrong with a text for a field of at most maxBytes UTF-8 bytes, or null.
export function checkText(text: string, maxBytes: number): TextProblem | null {
  if (isBlank(text)) return 'blank';
  if (utf8Length(text) > maxBytes) return 'too_long';
  return null;
}
