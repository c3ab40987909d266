// The texts of the minutes (protokoll) of each agenda item in Swedish and English: what everyone
// in the round reads under an agenda item, its earlier versions, and the secretariat's form.
// Kept apart from strings.ts so the feature reads its texts in one place; the lookup works the
// same way.

import type { Lang } from './lang';

const STRINGS = {
  'minutes.heading': { sv: 'Protokoll', en: 'Minutes' },
  'minutes.none': {
    sv: 'Sekretariatet har inte skrivit något protokoll för den här frågan ännu.',
    en: 'The secretariat has not written minutes for this item yet.',
  },
  'minutes.meta': {
    sv: 'Version {version}, skriven av {name}, {at}',
    en: 'Version {version}, written by {name}, {at}',
  },
  'minutes.stateInput': { sv: 'Statens inspel', en: 'The state’s input' },
  'minutes.municipalInput': { sv: 'Kommunsektorns inspel', en: 'The municipal sector’s input' },
  'minutes.stateComment': { sv: 'Statens kommentar', en: 'The state’s comment' },
  'minutes.posts': {
    sv: 'Inlägg som protokollet sammanfattar',
    en: 'Posts the minutes summarise',
  },
  'minutes.postLink': { sv: '{author}: {start}', en: '{author}: {start}' },
  'minutes.postGone': { sv: 'Inlägg {id}', en: 'Post {id}' },
  'minutes.history': {
    sv: 'Tidigare versioner ({count})',
    en: 'Earlier versions ({count})',
  },

  'minutes.form.open': { sv: 'Skriv protokoll', en: 'Write minutes' },
  'minutes.form.revise': {
    sv: 'Revidera protokollet (blir version {next})',
    en: 'Revise the minutes (becomes version {next})',
  },
  'minutes.form.heading': {
    sv: 'Protokoll för ”{title}”',
    en: 'Minutes for “{title}”',
  },
  'minutes.form.hint': {
    sv: 'Fyll i det som har sagts; en del kan lämnas tom. Kan formateras med Markdown, till exempel **fetstil** och listor.',
    en: 'Fill in what has been said; a part may be left empty. May be formatted with Markdown, for example **bold** and lists.',
  },
  'minutes.form.posts': {
    sv: 'Inlägg som protokollet sammanfattar',
    en: 'Posts the minutes summarise',
  },
  'minutes.form.postsNone': {
    sv: 'Det finns inga inlägg i frågan att länka till.',
    en: 'There are no posts in this item to link to.',
  },
  'minutes.form.allEmpty': {
    sv: 'Skriv minst ett av statens inspel, kommunsektorns inspel och statens kommentar.',
    en: 'Write at least one of the state’s input, the municipal sector’s input and the state’s comment.',
  },
  'minutes.form.tooLong': {
    sv: 'Texten är för lång (högst omkring {max} tecken).',
    en: 'The text is too long (at most about {max} characters).',
  },
  'minutes.form.submit': { sv: 'Spara protokollet', en: 'Save the minutes' },
  'minutes.form.cancel': { sv: 'Avbryt', en: 'Cancel' },
  'minutes.form.saved': {
    sv: 'Protokollet är sparat (version {version}).',
    en: 'The minutes are saved (version {version}).',
  },
  'minutes.form.conflict': {
    sv: 'Någon annan har ändrat protokollet under tiden. Läs den nya versionen ovan; när du sparar igen ersätter ditt utkast den.',
    en: 'Someone else has changed the minutes meanwhile. Read the new version above; saving again replaces it with your draft.',
  },

  'minutes.announce': {
    sv: 'Protokollet för ”{title}” är uppdaterat (version {version}).',
    en: 'The minutes for “{title}” have been updated (version {version}).',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type MinutesStringKey = keyof typeof STRINGS;

export function mt(
  lang: Lang,
  key: MinutesStringKey,
  params: Record<string, string | number> = {},
): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}
