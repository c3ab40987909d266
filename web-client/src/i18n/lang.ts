// The interface language: Swedish by default, English selectable. The choice is kept in
// localStorage and mirrored on <html lang> so screen readers pronounce the page correctly.

export const LANGS = ['sv', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const STORAGE_KEY = 'samrad.lang';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

export function loadLang(storage: Pick<Storage, 'getItem'> | undefined): Lang {
  try {
    const stored = storage?.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // Storage can be unavailable (privacy mode); Swedish is the default then.
  }
  return 'sv';
}

export function saveLang(storage: Pick<Storage, 'setItem'> | undefined, lang: Lang): void {
  try {
    storage?.setItem(STORAGE_KEY, lang);
  } catch {
    // Not persisting the choice is acceptable; the page still switches language.
  }
}

// The language of what people write: round titles, proposals, thread titles, posts. Samråd is a
// forum of Swedish public bodies, which write Swedish (språklagen 2009:600, 10 §); the protocol
// carries no language per text. Marking it lets a screen reader read a Swedish post with a
// Swedish voice while the interface is in English, and lets a browser spell-check in Swedish.
export const CONTENT_LANG: Lang = 'sv';
