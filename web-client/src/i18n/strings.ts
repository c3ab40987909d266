// Every text of the user interface in Swedish and English. Error messages live in
// protocol/errors.ts (the one error table); this file holds the rest.

import type { Lang } from './lang';
import type { OrganisationKind, Phase, Role } from '../protocol/messages';

const STRINGS = {
  'app.name': { sv: 'Samråd', en: 'Samråd' },
  'app.tagline': {
    sv: 'Nationell konsultationsordning mellan staten, kommuner och regioner',
    en: 'National consultation between the state, municipalities and regions',
  },
  'app.footer': {
    sv: 'Samråd – ett forum för dialog mellan staten och kommunsektorn.',
    en: 'Samråd – a forum for dialogue between the state and the municipal sector.',
  },
  'skip.main': { sv: 'Hoppa till huvudinnehållet', en: 'Skip to main content' },
  'nav.label': { sv: 'Huvudmeny', en: 'Main menu' },
  'nav.rounds': { sv: 'Mina samrådsrundor', en: 'My consultation rounds' },
  'lang.switchTo': { sv: 'English', en: 'Svenska' },
  'session.signedInAs': { sv: 'Inloggad som', en: 'Signed in as' },
  'session.logout': { sv: 'Logga ut', en: 'Log out' },
  'conn.label': { sv: 'Anslutning:', en: 'Connection:' },
  'conn.connecting': { sv: 'Ansluter…', en: 'Connecting…' },
  'conn.connected': { sv: 'Ansluten', en: 'Connected' },
  'conn.resuming': { sv: 'Återansluter…', en: 'Reconnecting…' },
  'conn.offline': { sv: 'Frånkopplad', en: 'Disconnected' },
  'conn.logged_out': { sv: 'Utloggad', en: 'Logged out' },
  'login.title': { sv: 'Logga in', en: 'Log in' },
  'login.intro': {
    sv: 'Logga in med din e-postadress och ditt lösenord för att delta i samråden.',
    en: 'Log in with your email address and password to take part in the consultations.',
  },
  'login.email': { sv: 'E-postadress', en: 'Email address' },
  'login.password': { sv: 'Lösenord', en: 'Password' },
  'login.submit': { sv: 'Logga in', en: 'Log in' },
  'login.busy': { sv: 'Loggar in…', en: 'Logging in…' },
  'login.required': {
    sv: 'Fyll i både e-postadress och lösenord.',
    en: 'Enter both your email address and your password.',
  },
  'login.sessionEnded': {
    sv: 'Du har loggats ut. Logga in igen för att fortsätta.',
    en: 'You have been logged out. Log in again to continue.',
  },
  'rounds.title': { sv: 'Mina samrådsrundor', en: 'My consultation rounds' },
  'rounds.intro': {
    sv: 'Samrådsrundor som du kan läsa och delta i.',
    en: 'Consultation rounds you can read and take part in.',
  },
  'rounds.loading': { sv: 'Hämtar samrådsrundor…', en: 'Loading consultation rounds…' },
  'rounds.empty': {
    sv: 'Du har inga samrådsrundor ännu.',
    en: 'You have no consultation rounds yet.',
  },
  'rounds.phase': { sv: 'Fas', en: 'Phase' },
  'rounds.created': { sv: 'Skapad', en: 'Created' },
  'phase.draft': { sv: 'Utkast', en: 'Draft' },
  'phase.open': { sv: 'Öppen', en: 'Open' },
  'phase.closed': { sv: 'Stängd', en: 'Closed' },
  'phase.decided': { sv: 'Beslutad', en: 'Decided' },
  'role.admin': { sv: 'Administratör', en: 'Administrator' },
  'role.secretariat': { sv: 'Sekretariat', en: 'Secretariat' },
  'role.representative': { sv: 'Representant', en: 'Representative' },
  'role.observer': { sv: 'Observatör', en: 'Observer' },
  'kind.ministry': { sv: 'Departement', en: 'Ministry' },
  'kind.agency': { sv: 'Myndighet', en: 'Agency' },
  'kind.municipality': { sv: 'Kommun', en: 'Municipality' },
  'kind.region': { sv: 'Region', en: 'Region' },
  'kind.association': { sv: 'Intresseorganisation', en: 'Association' },
  'kind.other': { sv: 'Övrig', en: 'Other' },
  'round.loading': { sv: 'Hämtar samrådsrundan…', en: 'Loading the consultation round…' },
  'round.phase': { sv: 'Fas:', en: 'Phase:' },
  'round.proposal': { sv: 'Förslag', en: 'Proposal' },
  'round.invited': { sv: 'Inbjudna organisationer', en: 'Invited organisations' },
  'round.threads': { sv: 'Trådar', en: 'Threads' },
  'round.noThreads': { sv: 'Det finns inga trådar ännu.', en: 'There are no threads yet.' },
  'round.back': { sv: 'Tillbaka till Mina samrådsrundor', en: 'Back to My consultation rounds' },
  'round.notAvailable': {
    sv: 'Samrådsrundan kunde inte visas',
    en: 'The consultation round could not be shown',
  },
  'thread.posts': { sv: 'Inlägg', en: 'Posts' },
  'thread.noPosts': { sv: 'Inga inlägg ännu.', en: 'No posts yet.' },
  'thread.create.heading': { sv: 'Ny tråd', en: 'New thread' },
  'thread.create.label': { sv: 'Rubrik för den nya tråden', en: 'Title of the new thread' },
  'thread.create.submit': { sv: 'Skapa tråd', en: 'Create thread' },
  'post.reply': { sv: 'Svara', en: 'Reply' },
  'post.replyTo': { sv: 'på inlägget av {name}', en: 'to the post by {name}' },
  'post.replies': { sv: 'Svar', en: 'Replies' },
  'composer.label': { sv: 'Nytt inlägg i tråden {title}', en: 'New post in the thread {title}' },
  'composer.replyLabel': { sv: 'Ditt svar till {name}', en: 'Your reply to {name}' },
  'composer.hint': {
    sv: 'Du kan använda Markdown. Skicka med Ctrl+Enter.',
    en: 'You can use Markdown. Send with Ctrl+Enter.',
  },
  'composer.submit': { sv: 'Publicera inlägg', en: 'Publish post' },
  'composer.submitReply': { sv: 'Skicka svar', en: 'Send reply' },
  'composer.cancel': { sv: 'Avbryt', en: 'Cancel' },
  'composer.sending': { sv: 'Skickar…', en: 'Sending…' },
  'composer.blank': { sv: 'Skriv något innan du skickar.', en: 'Write something before sending.' },
  'composer.tooLong': {
    sv: 'Texten är för lång: {length} av högst {max} byte.',
    en: 'The text is too long: {length} of at most {max} bytes.',
  },
  'composer.roundNotOpen': {
    sv: 'Samrådsrundan är inte öppen, så det går inte att skriva inlägg just nu.',
    en: 'The consultation round is not open, so posts cannot be written right now.',
  },
  'composer.observer': {
    sv: 'Du är observatör och kan läsa men inte skriva inlägg.',
    en: 'You are an observer and can read but not write posts.',
  },
  'announce.newPost': { sv: 'Nytt inlägg från {name}, {org}', en: 'New post from {name}, {org}' },
  'announce.newThread': { sv: 'Ny tråd: {title}', en: 'New thread: {title}' },
  'announce.published': { sv: 'Ditt inlägg är publicerat.', en: 'Your post has been published.' },
  'announce.threadCreated': { sv: 'Tråden är skapad.', en: 'The thread has been created.' },
  'startup.failed': {
    sv: 'Det gick inte att nå servern.',
    en: 'Could not reach the server.',
  },
  'startup.loading': { sv: 'Startar…', en: 'Starting…' },
  'action.retry': { sv: 'Försök igen', en: 'Try again' },
  'notFound.title': { sv: 'Sidan finns inte', en: 'Page not found' },
  'notFound.text': {
    sv: 'Adressen leder inte till någon sida i Samråd.',
    en: 'The address does not lead to a page in Samråd.',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type StringKey = keyof typeof STRINGS;

// Looks up a text and fills {placeholders} from params.
export function t(
  lang: Lang,
  key: StringKey,
  params: Record<string, string | number> = {},
): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export function phaseName(lang: Lang, phase: Phase): string {
  return t(lang, `phase.${phase}`);
}

export function roleName(lang: Lang, role: Role): string {
  return t(lang, `role.${role}`);
}

export function kindName(lang: Lang, kind: OrganisationKind): string {
  return t(lang, `kind.${kind}`);
}

// Dates and times as people read them in the chosen language, in the browser's time zone.
export function formatDateTime(lang: Lang, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
}
