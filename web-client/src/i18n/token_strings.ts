// The texts of the API tokens page ("API-nycklar") in Swedish and English: making a read-only
// token for exports, showing it once, the list of tokens and revoking one. Kept apart like
// account_strings.ts; the lookup works the same way.

import type { Lang } from './lang';

const STRINGS = {
  'nav.tokens': { sv: 'API-nycklar', en: 'API tokens' },
  'tokens.title': { sv: 'API-nycklar', en: 'API tokens' },
  'tokens.intro': {
    sv: 'En API-nyckel låter ett program hämta exporter från Samråd för din räkning, till exempel till diariet. Nyckeln kan bara läsa exporter och ser samma samrådsrundor som du. Den kan inte ändra något eller logga in.',
    en: 'An API token lets a program fetch exports from Samråd on your behalf, for example into the registry. The token can only read exports and sees the same consultation rounds as you. It cannot change anything or log in.',
  },
  'tokens.introAdmin': {
    sv: 'Som administratör ser du allas nycklar och kan återkalla dem.',
    en: 'As an administrator you see everyone’s tokens and can revoke them.',
  },
  'tokens.notAllowed': {
    sv: 'API-nycklar är till för observatörer och administratörer.',
    en: 'API tokens are for observers and administrators.',
  },
  'tokens.create': { sv: 'Skapa en ny nyckel', en: 'Create a new token' },
  'tokens.name': { sv: 'Namn på nyckeln', en: 'Name of the token' },
  'tokens.name.hint': {
    sv: 'Vad nyckeln används till, så att du känner igen den senare. Till exempel ”Nattlig export till diariet”.',
    en: 'What the token is used for, so that you recognise it later. For example “Nightly export to the registry”.',
  },
  'tokens.expires': { sv: 'Giltig till och med (frivilligt)', en: 'Valid until (optional)' },
  'tokens.expires.hint': {
    sv: 'Lämna tomt för längsta tiden: {days} dagar från i dag.',
    en: 'Leave empty for the longest time: {days} days from today.',
  },
  'tokens.submit': { sv: 'Skapa nyckel', en: 'Create token' },
  'tokens.creating': { sv: 'Skapar…', en: 'Creating…' },
  'tokens.error.summary': { sv: 'Rätta följande:', en: 'Fix the following:' },
  'tokens.error.name': { sv: 'Skriv ett namn på nyckeln.', en: 'Write a name for the token.' },
  'tokens.error.nameLong': {
    sv: 'Namnet får vara högst 100 tecken.',
    en: 'The name may be at most 100 characters.',
  },
  'tokens.error.expires': {
    sv: 'Välj ett datum från och med i morgon och högst {days} dagar fram.',
    en: 'Choose a date from tomorrow and at most {days} days ahead.',
  },
  'tokens.created.heading': { sv: 'Din nya nyckel', en: 'Your new token' },
  'tokens.created.warning': {
    sv: 'Kopiera nyckeln nu och spara den på ett säkert ställe. Den visas bara den här gången – Samråd sparar den inte och kan inte visa den igen.',
    en: 'Copy the token now and keep it somewhere safe. It is shown only this once – Samråd does not keep it and cannot show it again.',
  },
  'tokens.created.label': { sv: 'Nyckeln ”{name}”', en: 'The token “{name}”' },
  'tokens.created.usage': {
    sv: 'Programmet skickar nyckeln i en rubrik i varje anrop:',
    en: 'The program sends the token in a header with each request:',
  },
  'tokens.copy': { sv: 'Kopiera nyckeln', en: 'Copy the token' },
  'tokens.copied': { sv: 'Nyckeln är kopierad.', en: 'The token is copied.' },
  'tokens.copyFailed': {
    sv: 'Kunde inte kopiera. Markera nyckeln och kopiera den själv.',
    en: 'Could not copy. Select the token and copy it yourself.',
  },
  'tokens.done': { sv: 'Jag har sparat nyckeln', en: 'I have saved the token' },
  'tokens.list': { sv: 'Nycklar', en: 'Tokens' },
  'tokens.listAll': { sv: 'Allas nycklar', en: 'Everyone’s tokens' },
  'tokens.loading': { sv: 'Hämtar nycklar…', en: 'Loading tokens…' },
  'tokens.none': { sv: 'Du har inga API-nycklar ännu.', en: 'You have no API tokens yet.' },
  'tokens.col.name': { sv: 'Namn', en: 'Name' },
  'tokens.col.owner': { sv: 'Ägare', en: 'Owner' },
  'tokens.col.created': { sv: 'Skapad', en: 'Created' },
  'tokens.col.lastUsed': { sv: 'Senast använd', en: 'Last used' },
  'tokens.col.expires': { sv: 'Gäller till', en: 'Expires' },
  'tokens.col.status': { sv: 'Status', en: 'Status' },
  'tokens.col.action': { sv: 'Åtgärd', en: 'Action' },
  'tokens.neverUsed': { sv: 'Aldrig', en: 'Never' },
  'tokens.status.live': { sv: 'Giltig', en: 'Valid' },
  'tokens.status.expired': { sv: 'Utgången', en: 'Expired' },
  'tokens.status.revoked': { sv: 'Återkallad', en: 'Revoked' },
  'tokens.revoke': { sv: 'Återkalla', en: 'Revoke' },
  'tokens.revoke.label': { sv: 'Återkalla {name}', en: 'Revoke {name}' },
  'tokens.revoke.confirm': {
    sv: 'Återkalla nyckeln ”{name}”? Program som använder den slutar fungera direkt. Det går inte att ångra.',
    en: 'Revoke the token “{name}”? Programs that use it stop working at once. This cannot be undone.',
  },
  'tokens.revoke.yes': { sv: 'Ja, återkalla', en: 'Yes, revoke' },
  'tokens.revoke.no': { sv: 'Avbryt', en: 'Cancel' },
  'tokens.revoked': { sv: 'Nyckeln ”{name}” är återkallad.', en: 'The token “{name}” is revoked.' },
} as const satisfies Record<string, Record<Lang, string>>;

export type TokenStringKey = keyof typeof STRINGS;

export function tt(
  lang: Lang,
  key: TokenStringKey,
  params: Record<string, string | number> = {},
): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}
