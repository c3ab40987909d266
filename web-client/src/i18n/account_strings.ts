// The texts of the account pages in Swedish and English: people and organisations (admins), one's
// own sessions, the invitation page, and the audit log with a name for every action and detail
// it records. Kept apart from strings.ts so the pages of one feature read their texts in one
// place; the lookup works the same way.

import type { Lang } from './lang';

const STRINGS = {
  'nav.people': { sv: 'Personer', en: 'People' },
  'nav.organisations': { sv: 'Organisationer', en: 'Organisations' },
  'nav.sessions': { sv: 'Mina inloggningar', en: 'My sessions' },
  'nav.audit': { sv: 'Händelselogg', en: 'Audit log' },

  // --- people ---
  'people.title': { sv: 'Personer', en: 'People' },
  'people.intro': {
    sv: 'Lägg till personer, ändra roller och avaktivera konton. En ny person får en engångslänk där hen själv väljer sitt lösenord.',
    en: 'Add people, change roles and deactivate accounts. A new person gets a one-time link with which they choose their own password.',
  },
  'people.notAllowed': {
    sv: 'Det är administratörer som hanterar personer och organisationer.',
    en: 'People and organisations are managed by administrators.',
  },
  'people.loading': { sv: 'Hämtar personer…', en: 'Loading people…' },
  'people.add': { sv: 'Lägg till en person', en: 'Add a person' },
  'people.name': { sv: 'Namn', en: 'Name' },
  'people.email': { sv: 'E-postadress', en: 'Email address' },
  'people.organisation': { sv: 'Organisation', en: 'Organisation' },
  'people.role': { sv: 'Roll', en: 'Role' },
  'people.create': {
    sv: 'Lägg till och skapa inbjudningslänk',
    en: 'Add and create an invitation link',
  },
  'people.creating': { sv: 'Lägger till…', en: 'Adding…' },
  'people.error.summary': { sv: 'Rätta följande:', en: 'Fix the following:' },
  'people.error.name': { sv: 'Skriv personens namn.', en: 'Write the person’s name.' },
  'people.error.email': {
    sv: 'Skriv en e-postadress, till exempel anna.lind@malmo.se.',
    en: 'Write an email address, for example anna.lind@malmo.se.',
  },
  'people.error.organisation': { sv: 'Välj en organisation.', en: 'Choose an organisation.' },
  'people.list': { sv: 'Alla personer', en: 'Everyone' },
  'people.filter': { sv: 'Sök bland personerna', en: 'Search people' },
  'people.filter.hint': {
    sv: 'Namn, e-postadress eller organisation.',
    en: 'Name, email address or organisation.',
  },
  'people.count': { sv: '{shown} av {total} personer', en: '{shown} of {total} people' },
  'people.none': { sv: 'Ingen person matchar sökningen.', en: 'Nobody matches the search.' },
  'people.status': { sv: 'Status', en: 'Status' },
  'people.status.active': { sv: 'Aktiv', en: 'Active' },
  'people.status.deactivated': { sv: 'Avaktiverad', en: 'Deactivated' },
  'people.status.organisationDeactivated': {
    sv: 'Organisationen är avaktiverad',
    en: 'The organisation is deactivated',
  },
  'people.status.invited': {
    sv: 'Har inte valt lösenord. Länken gäller till {time}.',
    en: 'Has not chosen a password. The link is valid until {time}.',
  },
  'people.status.noPassword': {
    sv: 'Har inte valt lösenord och har ingen giltig länk.',
    en: 'Has not chosen a password and has no valid link.',
  },
  'people.sessions': { sv: 'Inloggad', en: 'Logged in' },
  'people.sessions.count': {
    sv: 'på {count} enheter',
    en: 'on {count} devices',
  },
  'people.sessions.one': { sv: 'på 1 enhet', en: 'on 1 device' },
  'people.sessions.none': { sv: 'Nej', en: 'No' },
  'people.you': { sv: '(du)', en: '(you)' },
  'people.roleFor': { sv: 'Roll för {name}', en: 'Role of {name}' },
  'people.manage': { sv: 'Ändra {name}', en: 'Change {name}' },
  'people.changeRole': { sv: 'Ändra roll', en: 'Change role' },
  'people.roleChanged': {
    sv: '{name} är nu {role}. Hens öppna sidor laddas om med den nya rollen.',
    en: '{name} is now {role}. Their open pages reload with the new role.',
  },
  'people.newLink': { sv: 'Ny inbjudningslänk', en: 'New invitation link' },
  'people.deactivate': { sv: 'Avaktivera', en: 'Deactivate' },
  'people.activate': { sv: 'Aktivera', en: 'Activate' },
  'people.deactivate.question': {
    sv: 'Avaktivera {name}? Personen loggas ut överallt direkt och kan inte logga in igen förrän kontot aktiveras.',
    en: 'Deactivate {name}? They are logged out everywhere at once and cannot log in again until the account is activated.',
  },
  'people.deactivate.confirm': { sv: 'Ja, avaktivera {name}', en: 'Yes, deactivate {name}' },
  'people.cancel': { sv: 'Avbryt', en: 'Cancel' },
  'people.deactivated': {
    sv: '{name} är avaktiverad. {count} inloggningar avslutades.',
    en: '{name} is deactivated. {count} sessions were ended.',
  },
  'people.activated': {
    sv: '{name} är aktiverad och kan logga in igen.',
    en: '{name} is activated and can log in again.',
  },
  'people.created': { sv: '{name} är tillagd.', en: '{name} has been added.' },
  'link.heading': { sv: 'Inbjudningslänk för {name}', en: 'Invitation link for {name}' },
  'link.label': { sv: 'Länk', en: 'Link' },
  'link.explain': {
    sv: 'Skicka länken till {email}. Den fungerar en gång och gäller till {time}. Med den väljer personen sitt lösenord. Tidigare länkar till personen fungerar inte längre.',
    en: 'Send the link to {email}. It works once and is valid until {time}. With it the person chooses their password. Earlier links to the person no longer work.',
  },
  'link.copy': { sv: 'Kopiera länken', en: 'Copy the link' },
  'link.copied': { sv: 'Länken är kopierad.', en: 'The link has been copied.' },
  'link.copyFailed': {
    sv: 'Det gick inte att kopiera. Markera länken och kopiera den själv.',
    en: 'Could not copy. Select the link and copy it yourself.',
  },

  // --- organisations ---
  'organisations.title': { sv: 'Organisationer', en: 'Organisations' },
  'organisations.intro': {
    sv: 'Departement, myndigheter, kommuner, regioner och intresseorganisationer. Vilken sida en organisation hör till följer av dess typ.',
    en: 'Ministries, agencies, municipalities, regions and associations. Which side an organisation belongs to follows from its kind.',
  },
  'organisations.loading': { sv: 'Hämtar organisationer…', en: 'Loading organisations…' },
  'organisations.add': { sv: 'Lägg till en organisation', en: 'Add an organisation' },
  'organisations.name': { sv: 'Namn', en: 'Name' },
  'organisations.kind': { sv: 'Typ', en: 'Kind' },
  'organisations.side': { sv: 'Sida', en: 'Side' },
  'organisations.create': { sv: 'Lägg till organisationen', en: 'Add the organisation' },
  'organisations.error.name': {
    sv: 'Skriv organisationens namn.',
    en: 'Write the organisation’s name.',
  },
  'organisations.list': { sv: 'Alla organisationer', en: 'All organisations' },
  'organisations.people': { sv: 'Aktiva personer', en: 'Active people' },
  'organisations.deactivate.question': {
    sv: 'Avaktivera {name}? Ingen av dess personer kan logga in, och alla som är inloggade loggas ut direkt.',
    en: 'Deactivate {name}? None of its people can log in, and everyone logged in is logged out at once.',
  },
  'organisations.deactivated': {
    sv: '{name} är avaktiverad. {count} inloggningar avslutades.',
    en: '{name} is deactivated. {count} sessions were ended.',
  },
  'organisations.activated': {
    sv: '{name} är aktiverad. Dess personer kan logga in igen.',
    en: '{name} is activated. Its people can log in again.',
  },
  'organisations.created': { sv: '{name} är tillagd.', en: '{name} has been added.' },

  // --- own sessions ---
  'sessions.title': { sv: 'Mina inloggningar', en: 'My sessions' },
  'sessions.intro': {
    sv: 'Här ser du var du är inloggad. En inloggning avslutas efter {idle} utan användning och senast efter {absolute}. Avsluta en inloggning som du inte känner igen och berätta det för en administratör.',
    en: 'Here you see where you are logged in. A session ends after {idle} without use and after {absolute} at most. End a session you do not recognise and tell an administrator.',
  },
  'sessions.loading': { sv: 'Hämtar dina inloggningar…', en: 'Loading your sessions…' },
  'sessions.thisDevice': { sv: 'Den här enheten', en: 'This device' },
  'sessions.address': { sv: 'Adress', en: 'Address' },
  'sessions.started': { sv: 'Inloggad', en: 'Logged in' },
  'sessions.lastUsed': { sv: 'Senast använd', en: 'Last used' },
  'sessions.idleEnd': { sv: 'Avslutas om den inte används', en: 'Ends if not used' },
  'sessions.absoluteEnd': { sv: 'Avslutas senast', en: 'Ends at the latest' },
  'sessions.end': { sv: 'Avsluta inloggningen', en: 'End the session' },
  'sessions.endThis': { sv: 'Logga ut på den här enheten', en: 'Log out on this device' },
  'sessions.ended': { sv: 'Inloggningen är avslutad.', en: 'The session has been ended.' },
  'sessions.unknownDevice': { sv: 'Okänd webbläsare', en: 'Unknown browser' },
  'sessions.deviceOn': { sv: '{browser} på {system}', en: '{browser} on {system}' },
  'sessions.unknownAddress': { sv: 'okänd', en: 'unknown' },
  'duration.minutes': { sv: '{count} minuter', en: '{count} minutes' },
  'duration.hours': { sv: '{count} timmar', en: '{count} hours' },

  // --- invitation page ---
  'invitation.title': { sv: 'Välj ditt lösenord', en: 'Choose your password' },
  'invitation.checking': { sv: 'Kontrollerar länken…', en: 'Checking the link…' },
  'invitation.hello': {
    sv: 'Välkommen till Samråd, {name} ({org}). Välj ett lösenord för {email}. Sedan är du inloggad.',
    en: 'Welcome to Samråd, {name} ({org}). Choose a password for {email}. Then you are logged in.',
  },
  'invitation.password': { sv: 'Nytt lösenord', en: 'New password' },
  'invitation.password.hint': {
    sv: 'Minst 10 tecken. En mening med några ord är lätt att minnas och svår att gissa.',
    en: 'At least 10 characters. A sentence of a few words is easy to remember and hard to guess.',
  },
  'invitation.repeat': { sv: 'Upprepa lösenordet', en: 'Repeat the password' },
  'invitation.submit': { sv: 'Spara lösenordet och logga in', en: 'Save the password and log in' },
  'invitation.saving': { sv: 'Sparar…', en: 'Saving…' },
  'invitation.error.short': {
    sv: 'Lösenordet behöver minst 10 tecken.',
    en: 'The password needs at least 10 characters.',
  },
  'invitation.error.mismatch': {
    sv: 'Lösenorden är inte likadana. Skriv samma lösenord två gånger.',
    en: 'The passwords are not the same. Write the same password twice.',
  },
  'invitation.used.title': { sv: 'Länken har redan använts', en: 'The link has already been used' },
  'invitation.used.text': {
    sv: 'Den här länken har redan använts för att välja ett lösenord. Logga in med ditt lösenord. Har du glömt det kan en administratör skicka en ny länk.',
    en: 'This link has already been used to choose a password. Log in with your password. If you have forgotten it, an administrator can send you a new link.',
  },
  'invitation.expired.title': {
    sv: 'Länken gäller inte längre',
    en: 'The link is no longer valid',
  },
  'invitation.expired.text': {
    sv: 'Länken har gått ut eller ersatts av en nyare länk. Be administratören som bjöd in dig om en ny länk.',
    en: 'The link has expired or been replaced by a newer one. Ask the administrator who invited you for a new link.',
  },
  'invitation.invalid.title': { sv: 'Länken fungerar inte', en: 'The link does not work' },
  'invitation.invalid.text': {
    sv: 'Länken är inte giltig. Kontrollera att du har kopierat hela länken från meddelandet.',
    en: 'The link is not valid. Check that you copied the whole link from the message.',
  },
  'invitation.toLogin': { sv: 'Till inloggningen', en: 'To the login page' },

  // --- audit log ---
  'audit.title': { sv: 'Händelselogg', en: 'Audit log' },
  'audit.intro': {
    sv: 'Allt som har hänt i Samråd: inloggningar, samrådsrundor, inlägg och ändringar av konton, med vem, när och varifrån. Loggen kan inte ändras.',
    en: 'Everything that has happened in Samråd: logins, consultation rounds, posts and account changes, with who, when and from where. The log cannot be changed.',
  },
  'audit.notAllowed': {
    sv: 'Händelseloggen är till för sekretariatet och administratörer.',
    en: 'The audit log is for the secretariat and administrators.',
  },
  'audit.filter': { sv: 'Filtrera', en: 'Filter' },
  'audit.category': { sv: 'Typ av händelse', en: 'Kind of event' },
  'audit.category.all': { sv: 'Alla händelser', en: 'All events' },
  'audit.category.logins': { sv: 'Inloggningar och utloggningar', en: 'Logins and logouts' },
  'audit.category.rounds': { sv: 'Samrådsrundor', en: 'Consultation rounds' },
  'audit.category.posts': {
    sv: 'Dagordning, trådar och inlägg',
    en: 'Agenda, threads and posts',
  },
  'audit.category.accounts': {
    sv: 'Personer, organisationer och inbjudningar',
    en: 'People, organisations and invitations',
  },
  'audit.search': { sv: 'Sök', en: 'Search' },
  'audit.search.hint': {
    sv: 'Namn, e-postadress, adress eller text i händelsen.',
    en: 'Name, email address, address or text in the event.',
  },
  'audit.round': { sv: 'Samrådsrundans nummer', en: 'Consultation round number' },
  'audit.from': { sv: 'Från och med dag', en: 'From day' },
  'audit.to': { sv: 'Till och med dag', en: 'To day' },
  'audit.apply': { sv: 'Visa händelser', en: 'Show events' },
  'audit.clear': { sv: 'Rensa filtret', en: 'Clear the filter' },
  'audit.error.round': {
    sv: 'Skriv rundans nummer med siffror, till exempel 3.',
    en: 'Write the round’s number in digits, for example 3.',
  },
  'audit.error.dates': {
    sv: 'Slutdagen kan inte vara före startdagen.',
    en: 'The last day cannot be before the first.',
  },
  'audit.loading': { sv: 'Hämtar händelser…', en: 'Loading events…' },
  'audit.results': { sv: 'Händelser', en: 'Events' },
  'audit.empty': { sv: 'Inga händelser matchar filtret.', en: 'No events match the filter.' },
  'audit.shown': { sv: '{count} händelser visas.', en: '{count} events are shown.' },
  'audit.more': { sv: 'Visa äldre händelser', en: 'Show older events' },
  'audit.moreShown': {
    sv: '{count} äldre händelser visas.',
    en: '{count} older events are shown.',
  },
  'audit.who': { sv: 'Vem', en: 'Who' },
  'audit.where': { sv: 'Varifrån', en: 'From where' },
  'audit.round.label': { sv: 'Samrådsrunda', en: 'Consultation round' },
  'audit.round.link': { sv: 'runda {id}', en: 'round {id}' },
  'audit.nobody': { sv: 'Okänd', en: 'Unknown' },
  'audit.source.web': { sv: 'Webben, {address}', en: 'The web, {address}' },
  'audit.source.cli': { sv: 'Kommandoraden, {address}', en: 'The command line, {address}' },
  'audit.source.server': { sv: 'Servern själv', en: 'The server itself' },
  'audit.operator': { sv: 'Driftpersonal', en: 'Operator' },
} as const satisfies Record<string, Record<Lang, string>>;

export type AccountStringKey = keyof typeof STRINGS;

export function at(
  lang: Lang,
  key: AccountStringKey,
  params: Record<string, string | number> = {},
): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}
