// Every text of the user interface in Swedish and English. Error messages live in
// protocol/errors.ts (the one error table); this file holds the rest.

import type { Lang } from './lang';
import {
  ACCESS_WITHDRAWN,
  type OrganisationKind,
  type Phase,
  type PreparationStream,
  type Role,
  type RoundKind,
  type Sector,
} from '../protocol/messages';

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
  'conn.notice.connecting': { sv: 'Ansluter till servern…', en: 'Connecting to the server…' },
  'conn.notice.resuming': {
    sv: 'Anslutningen till servern bröts. Återansluter… Det du skriver finns kvar.',
    en: 'The connection to the server was lost. Reconnecting… What you write is kept.',
  },
  'conn.notice.offline': {
    sv: 'Ingen anslutning till servern. Vi försöker igen automatiskt. Det du skriver finns kvar.',
    en: 'No connection to the server. We keep trying automatically. What you write is kept.',
  },
  'conn.notice.browserOffline': {
    sv: 'Datorn verkar sakna nätverk. Vi ansluter igen när nätverket är tillbaka.',
    en: 'The computer seems to have no network. We reconnect when the network is back.',
  },
  'conn.notice.back': { sv: 'Ansluten igen.', en: 'Connected again.' },
  'conn.notice.trying': { sv: 'Försöker ansluta…', en: 'Trying to connect…' },
  'conn.retryNow': { sv: 'Försök nu', en: 'Try now' },
  'dock.label': { sv: 'Meddelanden', en: 'Notices' },
  'login.title': { sv: 'Logga in', en: 'Log in' },
  'login.intro': {
    sv: 'Logga in med din e-postadress och ditt lösenord för att delta i samråden.',
    en: 'Log in with your email address and password to take part in the consultations.',
  },
  'login.email': { sv: 'E-postadress', en: 'Email address' },
  'login.password': { sv: 'Lösenord', en: 'Password' },
  'login.submit': { sv: 'Logga in', en: 'Log in' },
  'login.busy': { sv: 'Loggar in…', en: 'Logging in…' },
  'login.throttledOneSecond': {
    sv: 'För många misslyckade inloggningar. Vänta en sekund och försök sedan igen.',
    en: 'Too many failed logins. Wait a second, then try again.',
  },
  'login.throttledSeconds': {
    sv: 'För många misslyckade inloggningar. Vänta {n} sekunder och försök sedan igen.',
    en: 'Too many failed logins. Wait {n} seconds, then try again.',
  },
  'login.throttledMinutes': {
    sv: 'För många misslyckade inloggningar. Vänta {n} minuter och försök sedan igen.',
    en: 'Too many failed logins. Wait {n} minutes, then try again.',
  },
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
  'rounds.kind': { sv: 'Typ av samråd', en: 'Kind of consultation' },
  'rounds.sectors': { sv: 'Sektorer', en: 'Sectors' },
  'rounds.new': { sv: 'Ny samrådsrunda', en: 'New consultation round' },
  'side.state': { sv: 'Staten', en: 'The state' },
  'side.municipal': { sv: 'Kommunsektorn', en: 'The municipal sector' },
  'side.neutral': { sv: 'Övriga', en: 'Others' },
  'schedule.opensAt': { sv: 'Öppnar', en: 'Opens' },
  'schedule.closesAt': { sv: 'Stänger', en: 'Closes' },
  'schedule.closesAt.hint': {
    sv: 'Rundan stängs automatiskt vid den här tiden. Lämna tomt om ni stänger den själva.',
    en: 'The round closes by itself at this time. Leave it empty to close it yourselves.',
  },
  'schedule.error.invalid': {
    sv: 'Ange datum och klockslag, till exempel 2026-12-14 17:00.',
    en: 'Enter a date and a time, for example 2026-12-14 17:00.',
  },
  'schedule.error.closesPassed': {
    sv: 'Stängningstiden har redan passerat. Välj en tid framåt.',
    en: 'The closing time has already passed. Choose a later time.',
  },
  'schedule.error.closesBeforeOpens': {
    sv: 'Rundan måste stänga efter att den öppnar.',
    en: 'The round must close after it opens.',
  },
  'newRound.title': { sv: 'Ny samrådsrunda', en: 'New consultation round' },
  'newRound.intro': {
    sv: 'Rundan skapas som ett utkast. Bara sekretariatet ser den tills du öppnar den på rundans sida.',
    en: 'The round is created as a draft. Only the secretariat sees it until you open it on the round’s page.',
  },
  'newRound.notAllowed': {
    sv: 'Det är sekretariatet som startar samrådsrundor.',
    en: 'Consultation rounds are started by the secretariat.',
  },
  'newRound.loadingOrganisations': {
    sv: 'Hämtar organisationer…',
    en: 'Loading organisations…',
  },
  'newRound.titleLabel': { sv: 'Rubrik', en: 'Title' },
  'newRound.kind': { sv: 'Typ av samråd', en: 'Kind of consultation' },
  'newRound.kind.plenary.hint': {
    sv: 'Berörda departement och kommunsektorn.',
    en: 'The ministries concerned and the municipal sector.',
  },
  'newRound.kind.bilateral.hint': {
    sv: 'Ett departement och kommunsektorn.',
    en: 'One ministry and the municipal sector.',
  },
  'newRound.sectors': { sv: 'Sektorer som förslaget berör', en: 'Sectors the proposal concerns' },
  'newRound.invited': { sv: 'Inbjudna organisationer', en: 'Invited organisations' },
  'newRound.invited.hint': {
    sv: 'Du kan bjuda in fler eller dra tillbaka inbjudningar senare.',
    en: 'You can invite more or withdraw invitations later.',
  },
  'newRound.schedule': { sv: 'Tider', en: 'Schedule' },
  'newRound.proposal': { sv: 'Förslaget', en: 'The proposal' },
  'newRound.proposal.hint': {
    sv: 'Du kan använda Markdown: ## rubrik, **fetstil**, listor med - eller 1.',
    en: 'You can use Markdown: ## heading, **bold**, lists with - or 1.',
  },
  'newRound.preview.show': { sv: 'Förhandsgranska förslaget', en: 'Preview the proposal' },
  'newRound.preview.hide': { sv: 'Dölj förhandsgranskningen', en: 'Hide the preview' },
  'newRound.preview.empty': { sv: 'Förslaget är tomt.', en: 'The proposal is empty.' },
  'newRound.agenda': { sv: 'Första frågorna på dagordningen', en: 'First questions on the agenda' },
  'newRound.agenda.hint': {
    sv: 'En fråga per rad. Varje fråga blir en tråd i rundan.',
    en: 'One question per line. Each question becomes a thread in the round.',
  },
  'newRound.submit': { sv: 'Skapa utkast', en: 'Create draft' },
  'newRound.error.summary': {
    sv: 'Rätta följande innan du skapar rundan:',
    en: 'Fix the following before creating the round:',
  },
  'newRound.error.titleBlank': { sv: 'Skriv en rubrik.', en: 'Write a title.' },
  'newRound.error.titleTooLong': {
    sv: 'Rubriken är för lång. Korta den.',
    en: 'The title is too long. Shorten it.',
  },
  'newRound.error.bilateral': {
    sv: 'Ett bilateralt samråd har exakt ett departement. Välj ett departement.',
    en: 'A bilateral consultation has exactly one ministry. Choose one ministry.',
  },
  'newRound.error.agendaTooMany': {
    sv: 'Högst {max} frågor kan läggas in från början.',
    en: 'At most {max} questions can be added at the start.',
  },
  'newRound.error.agendaTooLong': {
    sv: 'En av frågorna är för lång. Korta den.',
    en: 'One of the questions is too long. Shorten it.',
  },
  'admin.heading': { sv: 'Styr samrådsrundan', en: 'Run the consultation round' },
  'admin.phase': { sv: 'Fas', en: 'Phase' },
  'admin.phase.now': { sv: 'Rundan är nu: {phase}.', en: 'The round is now: {phase}.' },
  'admin.phase.final': {
    sv: 'Rundan är beslutad. Fasen ändras inte mer.',
    en: 'The round is decided. Its phase does not change any more.',
  },
  'admin.phase.to.open': { sv: 'Öppna rundan', en: 'Open the round' },
  'admin.phase.to.closed': { sv: 'Stäng rundan nu', en: 'Close the round now' },
  'admin.phase.to.decided': { sv: 'Markera som beslutad', en: 'Mark as decided' },
  'admin.phase.explain.open': {
    sv: 'De inbjudna organisationerna ser rundan och kan skriva inlägg.',
    en: 'The invited organisations see the round and can write posts.',
  },
  'admin.phase.explain.closed': {
    sv: 'Ingen kan skriva nya inlägg efter att rundan har stängts.',
    en: 'Nobody can write new posts once the round is closed.',
  },
  'admin.phase.explain.decided': {
    sv: 'Utfallet måste vara skrivet först (se Utfall). Sedan avslutas rundan, dess deltagare låses och inga fler reservationer kan lämnas.',
    en: 'The outcome must be written first (see Outcome). Then the round is finished, its participants are final and no more reservations can be attached.',
  },
  'admin.phase.question.open': {
    sv: 'Öppna rundan för de inbjudna organisationerna?',
    en: 'Open the round to the invited organisations?',
  },
  'admin.phase.question.closed': {
    sv: 'Stänga rundan nu? Det går inte att öppna den igen.',
    en: 'Close the round now? It cannot be opened again.',
  },
  'admin.phase.question.decided': {
    sv: 'Markera rundan som beslutad? Det går inte att ångra.',
    en: 'Mark the round as decided? This cannot be undone.',
  },
  'admin.phase.confirm.open': { sv: 'Ja, öppna rundan', en: 'Yes, open the round' },
  'admin.phase.confirm.closed': { sv: 'Ja, stäng rundan', en: 'Yes, close the round' },
  'admin.phase.confirm.decided': { sv: 'Ja, markera som beslutad', en: 'Yes, mark as decided' },
  'admin.phase.done.open': { sv: 'Rundan är öppen.', en: 'The round is open.' },
  'admin.phase.done.closed': { sv: 'Rundan är stängd.', en: 'The round is closed.' },
  'admin.phase.done.decided': { sv: 'Rundan är beslutad.', en: 'The round is decided.' },
  'admin.schedule': { sv: 'Tider', en: 'Schedule' },
  'admin.schedule.fixed': {
    sv: 'Tiderna ändras inte efter att rundan har stängts.',
    en: 'The schedule does not change once the round is closed.',
  },
  'admin.schedule.save': { sv: 'Spara tiderna', en: 'Save the schedule' },
  'admin.schedule.saved': { sv: 'Tiderna är sparade.', en: 'The schedule is saved.' },
  'admin.invitations': { sv: 'Inbjudna organisationer', en: 'Invited organisations' },
  'admin.noneInvited': {
    sv: 'Ingen organisation är inbjuden ännu.',
    en: 'No organisation is invited yet.',
  },
  'admin.withdraw': { sv: 'Dra tillbaka inbjudan', en: 'Withdraw the invitation' },
  'admin.withdrawn': {
    sv: 'Inbjudan till {org} är tillbakadragen.',
    en: 'The invitation to {org} is withdrawn.',
  },
  'admin.invite.label': { sv: 'Bjud in en organisation', en: 'Invite an organisation' },
  'admin.invite': { sv: 'Bjud in', en: 'Invite' },
  'admin.invited': { sv: '{org} är inbjuden.', en: '{org} is invited.' },
  'round.phaseChange': { sv: 'Senaste ändring', en: 'Last change' },
  'round.phaseChange.automatic': {
    sv: '{phase} automatiskt vid stängningstiden',
    en: '{phase} automatically at the closing time',
  },
  'round.phaseChange.by': { sv: '{phase} av {name}', en: '{phase} by {name}' },
  'phase.draft': { sv: 'Utkast', en: 'Draft' },
  'phase.open': { sv: 'Öppen', en: 'Open' },
  'phase.closed': { sv: 'Stängd', en: 'Closed' },
  'phase.decided': { sv: 'Beslutad', en: 'Decided' },
  'roundKind.plenary': { sv: 'Plenarsamråd', en: 'Plenary consultation' },
  'roundKind.bilateral': { sv: 'Bilateralt samråd', en: 'Bilateral consultation' },
  'sector.health_care': { sv: 'Hälso- och sjukvård', en: 'Health care' },
  'sector.school': { sv: 'Skola', en: 'School' },
  'sector.social_care': { sv: 'Socialtjänst och omsorg', en: 'Social services and care' },
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
  'presence.heading': { sv: 'Här nu', en: 'Here now' },
  'presence.loading': { sv: 'Hämtar vilka som är här…', en: 'Finding out who is here…' },
  'presence.failed': {
    sv: 'Det gick inte att hämta vilka som är här.',
    en: 'Could not find out who is here.',
  },
  'presence.nobody': { sv: 'Ingen är här just nu.', en: 'Nobody is here right now.' },
  'presence.you': { sv: '(du)', en: '(you)' },
  'round.threads': { sv: 'Trådar', en: 'Threads' },
  'round.noThreads': { sv: 'Det finns inga trådar ännu.', en: 'There are no threads yet.' },
  'round.back': { sv: 'Tillbaka till Mina samrådsrundor', en: 'Back to My consultation rounds' },
  'round.notAvailable': {
    sv: 'Samrådsrundan kunde inte visas',
    en: 'The consultation round could not be shown',
  },
  // subscription_ended: why this round stopped updating (accessEndedText picks one).
  'round.accessWithdrawn': {
    sv: 'Din organisation är inte längre inbjuden till den här samrådsrundan. Du får inga fler uppdateringar från den.',
    en: 'Your organisation is no longer invited to this consultation round. You will not receive any more updates from it.',
  },
  'round.subscriptionEnded': {
    sv: 'Servern har slutat skicka uppdateringar från den här samrådsrundan.',
    en: 'The server has stopped sending updates from this consultation round.',
  },
  'round.threadNav': { sv: 'Trådar i samrådsrundan', en: 'Threads in the consultation round' },
  'round.threadCount.one': { sv: '1 inlägg', en: '1 post' },
  'round.threadCount.many': { sv: '{count} inlägg', en: '{count} posts' },
  'round.unread.one': { sv: '1 nytt', en: '1 new' },
  'round.unread.many': { sv: '{count} nya', en: '{count} new' },
  'round.markAllRead': { sv: 'Markera allt som läst', en: 'Mark everything as read' },
  'round.allRead': {
    sv: 'Allt i rundan är markerat som läst.',
    en: 'Everything in the round is marked as read.',
  },
  'round.postMissing': {
    sv: 'Inlägget som länken pekar på finns inte i den här samrådsrundan.',
    en: 'The post the link points to is not in this consultation round.',
  },
  'round.threadMissing': {
    sv: 'Tråden som länken pekar på finns inte i den här samrådsrundan.',
    en: 'The thread the link points to is not in this consultation round.',
  },
  'round.newPosts.one': { sv: '1 nytt inlägg', en: '1 new post' },
  'round.newPosts.many': { sv: '{count} nya inlägg', en: '{count} new posts' },
  'round.newPosts.show': { sv: 'Visa', en: 'Show' },
  'round.newPosts.where.above': { sv: 'ovanför', en: 'above' },
  'round.newPosts.where.below': { sv: 'nedanför', en: 'below' },
  'round.newPosts.where.thread': { sv: 'i {title}', en: 'in {title}' },
  'markdown.table': { sv: 'Tabell', en: 'Table' },
  'thread.posts': { sv: 'Inlägg', en: 'Posts' },
  'thread.noPosts': { sv: 'Inga inlägg ännu.', en: 'No posts yet.' },
  'thread.create.heading': { sv: 'Ny tråd', en: 'New thread' },
  'thread.create.label': { sv: 'Rubrik för den nya tråden', en: 'Title of the new thread' },
  'thread.create.submit': { sv: 'Skapa tråd', en: 'Create thread' },
  'post.reply': { sv: 'Svara', en: 'Reply' },
  'post.replyTo': { sv: 'på inlägget av {name}', en: 'to the post by {name}' },
  'post.replies': { sv: 'Svar', en: 'Replies' },
  'post.new': { sv: 'Ny', en: 'New' },
  'post.replyContext': { sv: 'Svar till', en: 'Reply to' },
  'post.permalink': { sv: 'Länk till inlägget, skrivet', en: 'Link to the post, written' },
  'post.copyLink': { sv: 'Kopiera länk', en: 'Copy link' },
  'post.copyLinkTo': { sv: 'till inlägget av {name}', en: 'to the post by {name}' },
  'post.linkCopied': { sv: 'Länken är kopierad.', en: 'The link has been copied.' },
  'post.linkToCopy': {
    sv: 'Länk till inlägget (markera och kopiera)',
    en: 'Link to the post (select and copy)',
  },
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
  'composer.tooLong.one': {
    sv: 'Texten är för lång. Ta bort minst 1 tecken.',
    en: 'The text is too long. Remove at least 1 character.',
  },
  'composer.tooLong.many': {
    sv: 'Texten är för lång. Ta bort minst {over} tecken.',
    en: 'The text is too long. Remove at least {over} characters.',
  },
  'composer.left.one': { sv: '1 tecken kvar', en: '1 character left' },
  'composer.left.many': { sv: '{left} tecken kvar', en: '{left} characters left' },
  'composer.leftAbout': { sv: 'Ungefär {left} tecken kvar', en: 'About {left} characters left' },
  'composer.over.one': { sv: '1 tecken för mycket', en: '1 character too many' },
  'composer.over.many': { sv: '{over} tecken för mycket', en: '{over} characters too many' },
  'composer.preview.show': { sv: 'Förhandsgranska', en: 'Preview' },
  'composer.preview.hide': { sv: 'Dölj förhandsgranskningen', en: 'Hide the preview' },
  'composer.preview.label': { sv: 'Förhandsgranskning', en: 'Preview' },
  'composer.preview.empty': { sv: 'Inget att visa ännu.', en: 'Nothing to show yet.' },
  'composer.roundDraft': {
    sv: 'Samrådsrundan är ett utkast och har inte öppnat ännu. Inlägg kan skrivas när sekretariatet har öppnat den.',
    en: 'The consultation round is a draft and has not opened yet. Posts can be written once the secretariat has opened it.',
  },
  'composer.roundDraftOpens': {
    sv: 'Samrådsrundan är ett utkast och öppnar {time}. Inlägg kan skrivas när sekretariatet har öppnat den.',
    en: 'The consultation round is a draft and opens {time}. Posts can be written once the secretariat has opened it.',
  },
  'composer.roundClosed': {
    sv: 'Samrådsrundan är stängd. Det går inte längre att skriva inlägg.',
    en: 'The consultation round is closed. Posts can no longer be written.',
  },
  'composer.draftKept': {
    sv: 'Det du skrev finns kvar här, så att du kan kopiera det.',
    en: 'What you wrote is kept here, so that you can copy it.',
  },
  'composer.observer': {
    sv: 'Du är observatör och kan läsa men inte skriva inlägg.',
    en: 'You are an observer and can read but not write posts.',
  },
  'announce.newPost': { sv: 'Nytt inlägg från {name}, {org}', en: 'New post from {name}, {org}' },
  'announce.postReported': {
    sv: 'Ny anmälan av ett inlägg, från {name}',
    en: 'A post has been reported, by {name}',
  },
  'announce.ownPostHidden': {
    sv: 'Sekretariatet har dolt ditt inlägg: {reason}',
    en: 'The secretariat has hidden your post: {reason}',
  },
  'announce.newThread': { sv: 'Ny tråd: {title}', en: 'New thread: {title}' },
  'announce.phaseChanged': {
    sv: 'Samrådsrundan har en ny fas: {phase}',
    en: 'The consultation round has a new phase: {phase}',
  },
  'announce.closedAutomatically': {
    sv: 'Samrådsrundan har stängts vid sin stängningstid.',
    en: 'The consultation round has closed at its closing time.',
  },
  'announce.scheduleChanged': {
    sv: 'Tiderna för samrådsrundan har ändrats.',
    en: 'The times of the consultation round have changed.',
  },
  'announce.organisationInvited': {
    sv: '{org} har bjudits in till samrådsrundan.',
    en: '{org} has been invited to the consultation round.',
  },
  'announce.invitationWithdrawn': {
    sv: 'Inbjudan till {org} har dragits tillbaka.',
    en: 'The invitation to {org} has been withdrawn.',
  },
  'announce.published': { sv: 'Ditt inlägg är publicerat.', en: 'Your post has been published.' },
  'announce.roundCreated': {
    sv: 'Utkastet till samrådsrundan är skapat.',
    en: 'The draft consultation round has been created.',
  },
  'announce.threadCreated': { sv: 'Tråden är skapad.', en: 'The thread has been created.' },
  'announce.agendaItemProposed': {
    sv: '{name}, {org}, föreslår en ny punkt på dagordningen: {title}',
    en: '{name}, {org}, proposes a new agenda item: {title}',
  },
  'announce.agendaItemAccepted': {
    sv: 'Punkten ”{title}” har tagits upp på dagordningen.',
    en: 'The agenda item “{title}” has been accepted.',
  },
  'announce.agendaItemDeclined': {
    sv: 'Punkten ”{title}” har avslagits.',
    en: 'The agenda item “{title}” has been declined.',
  },
  'announce.threadLocked': {
    sv: 'Tråden ”{title}” har låsts. Den tar inte emot fler inlägg.',
    en: 'The thread “{title}” has been locked. It takes no more posts.',
  },
  'announce.threadUnlocked': {
    sv: 'Tråden ”{title}” har låsts upp.',
    en: 'The thread “{title}” has been unlocked.',
  },
  'announce.proposalRevised': {
    sv: 'Förslaget har reviderats. Nu gäller version {version}.',
    en: 'The proposal has been revised. Version {version} now applies.',
  },
  'announce.newPreparationThread': {
    sv: 'Ny tråd i förberedelserna: {title}',
    en: 'New preparation thread: {title}',
  },
  'announce.newPreparationPost': {
    sv: 'Nytt inlägg i förberedelserna från {name}, {org}',
    en: 'New preparation post from {name}, {org}',
  },
  'threadStatus.locked': { sv: 'Låst', en: 'Locked' },
  'agenda.proposedBy': { sv: 'Föreslagen av {name} ({org})', en: 'Proposed by {name} ({org})' },
  'agenda.motivation': { sv: 'Motivering:', en: 'Motivation:' },
  'agenda.awaiting': {
    sv: 'Sekretariatet har inte beslutat om punkten ännu. Den tar emot inlägg först när den har tagits upp på dagordningen.',
    en: 'The secretariat has not decided on this item yet. It takes posts once it is on the agenda.',
  },
  'agenda.acceptedBy': {
    sv: 'Togs upp på dagordningen av {name}',
    en: 'Accepted onto the agenda by {name}',
  },
  'agenda.declinedBy': { sv: 'Avslogs av {name}', en: 'Declined by {name}' },
  'agenda.comment': { sv: 'Sekretariatets kommentar:', en: 'The secretariat’s comment:' },
  'agenda.reason': { sv: 'Skäl:', en: 'Reason:' },
  'agenda.declinedNoPosts': {
    sv: 'Punkten tar inte emot inlägg.',
    en: 'This item takes no posts.',
  },
  'agenda.lockedBy': { sv: 'Tråden låstes av {name}', en: 'The thread was locked by {name}' },
  'agenda.lockedNoPosts': {
    sv: 'Den tar inte emot nya inlägg. Det som redan skrivits finns kvar.',
    en: 'It takes no new posts. What has been written stays.',
  },
  'agenda.refusal.proposed': {
    sv: 'Punkten är inte upptagen på dagordningen ännu.',
    en: 'The item is not on the agenda yet.',
  },
  'agenda.refusal.declined': {
    sv: 'Punkten avslogs.',
    en: 'The item was declined.',
  },
  'agenda.refusal.locked': { sv: 'Tråden är låst.', en: 'The thread is locked.' },
  'agendaAdmin.heading': { sv: 'Sekretariatets verktyg', en: 'The secretariat’s tools' },
  'agendaAdmin.position': {
    sv: 'Punkt {n} av {count} på dagordningen',
    en: 'Item {n} of {count} on the agenda',
  },
  'agendaAdmin.moveUp': { sv: 'Flytta upp', en: 'Move up' },
  'agendaAdmin.moveDown': { sv: 'Flytta ned', en: 'Move down' },
  'agendaAdmin.movedUp': { sv: 'Punkten är flyttad uppåt.', en: 'The item has been moved up.' },
  'agendaAdmin.movedDown': {
    sv: 'Punkten är flyttad nedåt.',
    en: 'The item has been moved down.',
  },
  'agendaAdmin.first': { sv: 'Punkten är redan först.', en: 'The item is already first.' },
  'agendaAdmin.last': { sv: 'Punkten är redan sist.', en: 'The item is already last.' },
  'agendaAdmin.lock': { sv: 'Lås tråden', en: 'Lock the thread' },
  'agendaAdmin.unlock': { sv: 'Lås upp tråden', en: 'Unlock the thread' },
  'agendaAdmin.lock.hint': {
    sv: 'En låst tråd tar inte emot nya inlägg. Det som redan skrivits finns kvar.',
    en: 'A locked thread takes no new posts. What has been written stays.',
  },
  'agendaAdmin.locked': {
    sv: 'Tråden är låst. Den tar inte emot nya inlägg.',
    en: 'The thread is locked. It takes no new posts.',
  },
  'agendaAdmin.unlocked': {
    sv: 'Tråden är upplåst och tar emot inlägg igen.',
    en: 'The thread is unlocked and takes posts again.',
  },
  'agendaAdmin.decide': { sv: 'Beslut om punkten', en: 'Decision on the item' },
  'agendaAdmin.reason': { sv: 'Skäl eller kommentar', en: 'Reason or comment' },
  'agendaAdmin.reason.hint': {
    sv: 'Alla i samrådsrundan ser det du skriver, även den som föreslog punkten. Skäl krävs om du avslår.',
    en: 'Everyone in the round sees what you write, the proposer included. A reason is required to decline.',
  },
  'agendaAdmin.accept': { sv: 'Ta upp på dagordningen', en: 'Accept onto the agenda' },
  'agendaAdmin.decline': { sv: 'Avslå', en: 'Decline' },
  'agendaAdmin.reasonMissing': {
    sv: 'Skriv varför punkten avslås. Den som föreslog den får se skälet.',
    en: 'Write why the item is declined. The proposer will see the reason.',
  },
  'agendaAdmin.accepted': {
    sv: 'Punkten är upptagen på dagordningen och tar emot inlägg.',
    en: 'The item is on the agenda and takes posts.',
  },
  'agendaAdmin.declined': {
    sv: 'Punkten är avslagen. Skälet visas för alla i samrådsrundan.',
    en: 'The item has been declined. The reason is shown to everyone in the round.',
  },
  'propose.heading': { sv: 'Föreslå en punkt', en: 'Propose an agenda item' },
  'propose.hint': {
    sv: 'Sekretariatet beslutar om punkten tas upp på dagordningen. Alla i samrådsrundan ser förslaget och beslutet.',
    en: 'The secretariat decides whether the item goes on the agenda. Everyone in the round sees the proposal and the decision.',
  },
  'propose.title': { sv: 'Rubrik', en: 'Title' },
  'propose.motivation': { sv: 'Motivering (frivillig)', en: 'Motivation (optional)' },
  'propose.submit': { sv: 'Föreslå punkten', en: 'Propose the item' },
  'propose.titleMissing': {
    sv: 'Skriv en rubrik för punkten.',
    en: 'Write a title for the item.',
  },
  'propose.done': {
    sv: 'Din punkt ”{title}” är föreslagen. Sekretariatet beslutar om den tas upp.',
    en: 'Your item “{title}” has been proposed. The secretariat decides whether it goes on the agenda.',
  },
  'propose.show': { sv: 'Visa punkten', en: 'Show the item' },
  'pinned.heading': { sv: 'Fäst inlägg', en: 'Pinned post' },
  'pinned.goTo': { sv: 'Gå till inlägget i tråden', en: 'Go to the post in the thread' },
  'post.pin': { sv: 'Fäst överst', en: 'Pin to the top' },
  'post.unpin': { sv: 'Ta bort fästningen', en: 'Unpin' },
  'post.pinTarget': { sv: 'inlägget av {name}', en: 'the post by {name}' },
  'post.pinnedMark': { sv: 'Fäst', en: 'Pinned' },
  'post.edited': { sv: 'Redigerat', en: 'Edited' },
  'post.editedAt': { sv: 'senast {time}', en: 'last on {time}' },
  'post.showVersions': { sv: 'Visa tidigare versioner', en: 'Show earlier versions' },
  'post.hideVersions': { sv: 'Dölj versionerna', en: 'Hide the versions' },
  'post.versionsHeading': { sv: 'Versioner av inlägget', en: 'Versions of the post' },
  'post.versionLabel': { sv: 'Version {version}, {time}', en: 'Version {version}, {time}' },
  'post.loading': { sv: 'Hämtar …', en: 'Loading …' },
  'post.hiddenBy': {
    sv: 'Sekretariatet har dolt inlägget: {reason}',
    en: 'The secretariat has hidden this post: {reason}',
  },
  'post.hiddenWithheld': {
    sv: 'Inlägget är dolt av sekretariatet.',
    en: 'This post is hidden by the secretariat.',
  },
  'post.showHidden': { sv: 'Visa den dolda texten', en: 'Show the hidden text' },
  'post.hiddenTextNote': {
    sv: 'Bara den som skrev inlägget och sekretariatet kan läsa den dolda texten.',
    en: 'Only the author of the post and the secretariat can read the hidden text.',
  },
  'post.edit': { sv: 'Redigera', en: 'Edit' },
  'post.editLabel': { sv: 'Ändra ditt inlägg', en: 'Change your post' },
  'post.editSubmit': { sv: 'Spara ändringen', en: 'Save the change' },
  'post.editSaved': {
    sv: 'Ändringen är sparad. Den tidigare texten finns kvar i versionerna.',
    en: 'The change is saved. The earlier text stays in the versions.',
  },
  'post.hide': { sv: 'Dölj', en: 'Hide' },
  'post.hideLabel': {
    sv: 'Skäl till att dölja inlägget (visas för alla)',
    en: 'Reason for hiding the post (shown to everyone)',
  },
  'post.hideSubmit': { sv: 'Dölj inlägget', en: 'Hide the post' },
  'post.hideDone': { sv: 'Inlägget är dolt.', en: 'The post is hidden.' },
  'post.unhide': { sv: 'Visa igen', en: 'Show again' },
  'post.unhideDone': { sv: 'Inlägget visas igen.', en: 'The post is shown again.' },
  'post.report': { sv: 'Anmäl', en: 'Report' },
  'post.reportLabel': {
    sv: 'Vad är fel med inlägget? (bara sekretariatet ser det)',
    en: 'What is wrong with the post? (only the secretariat sees this)',
  },
  'post.reportSubmit': { sv: 'Skicka anmälan', en: 'Send the report' },
  'post.reportDone': {
    sv: 'Tack. Sekretariatet har fått din anmälan.',
    en: 'Thank you. The secretariat has your report.',
  },
  'post.actionTarget': { sv: 'inlägget av {name}', en: 'the post by {name}' },
  'post.cancel': { sv: 'Avbryt', en: 'Cancel' },
  'post.pinned': {
    sv: 'Inlägget är fäst överst i tråden.',
    en: 'The post is pinned to the top of the thread.',
  },
  'post.unpinned': { sv: 'Inlägget är inte längre fäst.', en: 'The post is no longer pinned.' },
  'post.writtenAgainst': {
    sv: 'Skrivet mot version {version} av förslaget',
    en: 'Written against version {version} of the proposal',
  },
  'proposal.version': { sv: 'Version {version}', en: 'Version {version}' },
  'proposal.revisedBy': { sv: 'reviderad av {name}', en: 'revised by {name}' },
  'proposal.writtenBy': { sv: 'av {name}', en: 'by {name}' },
  'proposal.history': {
    sv: 'Tidigare versioner ({count})',
    en: 'Earlier versions ({count})',
  },
  'proposal.empty': { sv: 'Förslaget har ingen text.', en: 'The proposal has no text.' },
  'proposal.revise': { sv: 'Revidera förslaget', en: 'Revise the proposal' },
  'proposal.revise.label': {
    sv: 'Förslagets nya text',
    en: 'The proposal’s new text',
  },
  'proposal.revise.hint': {
    sv: 'Sparas som version {version}. Tidigare versioner finns kvar, och varje inlägg visar vilken version det skrevs mot. Rubriker, listor och länkar skrivs i Markdown.',
    en: 'Saved as version {version}. Earlier versions stay, and every post shows which version it was written against. Headings, lists and links are written in Markdown.',
  },
  'proposal.revise.submit': { sv: 'Spara som version {version}', en: 'Save as version {version}' },
  'proposal.revise.unchanged': {
    sv: 'Texten är densamma som i version {version}. Ändra den innan du sparar.',
    en: 'The text is the same as in version {version}. Change it before saving.',
  },
  'proposal.revise.done': {
    sv: 'Förslaget är reviderat. Den tidigare versionen finns kvar under ”Tidigare versioner”.',
    en: 'The proposal has been revised. The earlier version stays under “Earlier versions”.',
  },
  'threadStatus.accepted': { sv: 'På dagordningen', en: 'On the agenda' },
  'threadStatus.proposed': { sv: 'Föreslagen punkt', en: 'Proposed item' },
  'threadStatus.declined': { sv: 'Avslagen punkt', en: 'Declined item' },
  'prep.switch': { sv: 'Samrådet och förberedelserna', en: 'The consultation and the preparation' },
  'prep.threadNav': { sv: 'Trådar i förberedelserna', en: 'Preparation threads' },
  'prep.noThreads': {
    sv: 'Det finns inga trådar i förberedelserna ännu.',
    en: 'There are no preparation threads yet.',
  },
  'prep.note.municipal_preparation': {
    sv: 'Här förbereder sig kommunsektorn inför samrådet. Bara kommuner, regioner och deras organisationer ser förberedelserna. Sekretariatet och staten ser att ni förbereder er, men inte vad ni skriver.',
    en: 'Here the municipal sector prepares for the consultation. Only municipalities, regions and their associations see the preparation. The secretariat and the state see that you prepare, but not what you write.',
  },
  'prep.note.state_preparation': {
    sv: 'Här förbereder sig staten inför samrådet. Bara departement och myndigheter ser förberedelserna. Sekretariatet och kommunsektorn ser att ni förbereder er, men inte vad ni skriver.',
    en: 'Here the state prepares for the consultation. Only ministries and agencies see the preparation. The secretariat and the municipal sector see that you prepare, but not what you write.',
  },
  'prep.create.heading': { sv: 'Ny tråd i förberedelserna', en: 'New preparation thread' },
  'prep.preparing': { sv: 'Förberedelser', en: 'Preparation' },
  'prep.preparing.state_preparation': {
    sv: 'Staten förbereder sig',
    en: 'The state is preparing',
  },
  'prep.preparing.both': {
    sv: 'Staten och kommunsektorn förbereder sig, var för sig',
    en: 'The state and the municipal sector each prepare on their own',
  },
  'prep.preparing.municipal_preparation': {
    sv: 'Kommunsektorn förbereder sig',
    en: 'The municipal sector is preparing',
  },
  'stream.main': { sv: 'Gemensamt samråd', en: 'Joint consultation' },
  'stream.state_preparation': { sv: 'Statens förberedelser', en: 'State preparation' },
  'stream.municipal_preparation': {
    sv: 'Kommunsektorns förberedelser',
    en: 'Municipal sector preparation',
  },
  'stream.moderation': { sv: 'Anmälningar', en: 'Reports' },
  'reports.heading': { sv: 'Anmälda inlägg', en: 'Reported posts' },
  'reports.none': { sv: 'Inga anmälningar väntar.', en: 'No reports are waiting.' },
  'reports.unavailable': {
    sv: 'Anmälningarna kan inte visas just nu.',
    en: 'The reports cannot be shown right now.',
  },
  'reports.done': { sv: 'Behandlade anmälningar ({count})', en: 'Reports dealt with ({count})' },
  'reports.about': { sv: 'Inlägget av {name}', en: 'The post by {name}' },
  'reports.inThread': { sv: 'i tråden', en: 'in the thread' },
  'reports.by': {
    sv: 'Anmält av {name}, {org}, {time}',
    en: 'Reported by {name}, {org}, {time}',
  },
  'reports.dismiss': { sv: 'Avfärda anmälan', en: 'Dismiss the report' },
  'reports.noteLabel': {
    sv: 'Varför inlägget får stå kvar (frivilligt, syns bara för sekretariatet)',
    en: 'Why the post may stay (optional, seen by the secretariat only)',
  },
  'reports.dismissSubmit': { sv: 'Avfärda', en: 'Dismiss' },
  'reports.dismissed': { sv: 'Anmälan är avfärdad.', en: 'The report is dismissed.' },
  'reports.wasHidden': {
    sv: 'Inlägget doldes av {name}, {time}.',
    en: 'The post was hidden by {name}, {time}.',
  },
  'reports.wasDismissed': {
    sv: 'Avfärdad av {name}, {time}.',
    en: 'Dismissed by {name}, {time}.',
  },
  'reports.note': { sv: 'Anteckning: {note}', en: 'Note: {note}' },
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
  'participation.heading': { sv: 'Vilka har svarat', en: 'Who has answered' },
  'participation.intro': {
    sv: 'Inlägg räknas per organisation, både i det gemensamma samrådet och i organisationens egna förberedelser.',
    en: 'Posts are counted per organisation, both in the joint consultation and in the organisation’s own preparation.',
  },
  'participation.caption': {
    sv: 'Inbjudna organisationer och hur de har deltagit',
    en: 'Invited organisations and how they have taken part',
  },
  'participation.summary': {
    sv: '{count} av {total} inbjudna organisationer har deltagit.',
    en: '{count} of {total} invited organisations have taken part.',
  },
  'participation.loading': {
    sv: 'Hämtar vilka som har svarat…',
    en: 'Loading who has answered…',
  },
  'participation.empty': {
    sv: 'Inga organisationer är inbjudna ännu.',
    en: 'No organisations are invited yet.',
  },
  'participation.col.organisation': { sv: 'Organisation', en: 'Organisation' },
  'participation.col.main': { sv: 'Inlägg i samrådet', en: 'Posts in the consultation' },
  'participation.col.preparation': {
    sv: 'Inlägg i förberedelserna',
    en: 'Posts in the preparation',
  },
  'participation.col.latest': { sv: 'Senaste inlägg', en: 'Latest post' },
  'participation.col.reminders': { sv: 'Påminnelser', en: 'Reminders' },
  'participation.col.action': { sv: 'Åtgärd', en: 'Action' },
  'participation.notYet': { sv: 'Har inte deltagit ännu', en: 'Has not taken part yet' },
  'participation.noReminders': { sv: 'Inga', en: 'None' },
  'participation.noPost': { sv: 'Inget', en: 'None' },
  'participation.latest': { sv: 'senast', en: 'latest' },
  'participation.remind': { sv: 'Påminn', en: 'Remind' },
  'participation.onlyOpen': {
    sv: 'Påminnelser kan skickas medan rundan är öppen.',
    en: 'Reminders can be sent while the round is open.',
  },
  'participation.form.heading': { sv: 'Påminn {org}', en: 'Remind {org}' },
  'participation.form.message': { sv: 'Meddelande (frivilligt)', en: 'Message (optional)' },
  'participation.form.hint': {
    sv: 'Vanlig text. Visas för organisationens representanter och observatörer.',
    en: 'Plain text. Shown to the organisation’s representatives and observers.',
  },
  'participation.form.send': { sv: 'Skicka påminnelse', en: 'Send reminder' },
  'participation.form.cancel': { sv: 'Avbryt', en: 'Cancel' },
  'participation.sent': {
    sv: 'Påminnelsen till {org} är skickad.',
    en: 'The reminder to {org} has been sent.',
  },
  'reminder.heading': { sv: 'Påminnelse från sekretariatet', en: 'Reminder from the secretariat' },
  'reminder.withMessage': {
    sv: 'Sekretariatet påminner {org}:',
    en: 'The secretariat reminds {org}:',
  },
  'reminder.withoutMessage': {
    sv: 'Sekretariatet påminner {org} om att delta i samrådet.',
    en: 'The secretariat reminds {org} to take part in the consultation.',
  },
  'reminder.sentBy': { sv: 'Skickad av {name}', en: 'Sent by {name}' },
  'reminder.dismiss': { sv: 'Stäng påminnelsen', en: 'Dismiss the reminder' },
  'reminder.dismissed': { sv: 'Påminnelsen är stängd.', en: 'The reminder has been dismissed.' },
  'announce.reminder': {
    sv: 'Sekretariatet påminner {org}: {message}',
    en: 'The secretariat reminds {org}: {message}',
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

export function roundKindName(lang: Lang, kind: RoundKind): string {
  return t(lang, `roundKind.${kind}`);
}

export function sectorName(lang: Lang, sector: Sector): string {
  return t(lang, `sector.${sector}`);
}

// What to tell a person whose subscription of a round the server ended (subscription_ended).
export function accessEndedText(lang: Lang, reason: string): string {
  return t(lang, reason === ACCESS_WITHDRAWN ? 'round.accessWithdrawn' : 'round.subscriptionEnded');
}

// Which sides prepare on their own in a round (list_rounds' preparation_streams), e.g.
// "Kommunsektorn förbereder sig"; null when none does.
export function preparingText(lang: Lang, streams: readonly PreparationStream[]): string | null {
  const [first, ...others] = streams;
  if (first === undefined) return null;
  return t(lang, others.length === 0 ? `prep.preparing.${first}` : 'prep.preparing.both');
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
