// The texts of a round's outcome (utfall) in Swedish and English: the outcome with the state's
// responses to the points raised, the dissent (reservationer) attached to it, the secretariat's
// form for writing it and the representatives' form for a reservation. Kept apart from
// strings.ts so the feature reads its texts in one place; the lookup works the same way.

import type { Lang } from './lang';
import type { Acceptance } from '../protocol/messages';

const STRINGS = {
  'acceptance.accepted': { sv: 'Godtas', en: 'Accepted' },
  'acceptance.partly_accepted': { sv: 'Godtas delvis', en: 'Partly accepted' },
  'acceptance.not_accepted': { sv: 'Godtas inte', en: 'Not accepted' },

  'outcome.heading': { sv: 'Utfall', en: 'Outcome' },
  'outcome.intro': {
    sv: 'Sekretariatet skriver utfallet när rundan har stängts: en sammanfattning, det parterna är överens om och statens svar på de synpunkter som framförts. Inbjudna organisationer kan lämna reservationer innan rundan beslutas.',
    en: 'The secretariat writes the outcome once the round is closed: a summary, what the parties agree on and the state’s response to the points raised. Invited organisations may attach reservations before the round is decided.',
  },
  'outcome.introDecided': {
    sv: 'Rundan är beslutad. Utfallet och reservationerna nedan är slutgiltiga och ingår i samrådsprotokollet.',
    en: 'The round is decided. The outcome and the reservations below are final and part of the decision record.',
  },
  'outcome.none': {
    sv: 'Sekretariatet har inte skrivit utfallet ännu.',
    en: 'The secretariat has not written the outcome yet.',
  },
  'outcome.meta': {
    sv: 'Version {version}, skriven av {name}, {at}',
    en: 'Version {version}, written by {name}, {at}',
  },
  'outcome.summary': { sv: 'Sammanfattning', en: 'Summary' },
  'outcome.agreed': { sv: 'Det parterna är överens om', en: 'What the parties agree on' },
  'outcome.agreedNone': { sv: 'Inga punkter angivna.', en: 'No points given.' },
  'outcome.responses': {
    sv: 'Statens svar på synpunkterna',
    en: 'The state’s response to the points raised',
  },
  'outcome.responsesNone': { sv: 'Inga svar angivna.', en: 'No responses given.' },
  'outcome.response': { sv: 'Svar', en: 'Response' },
  'outcome.reason': { sv: 'Skäl', en: 'Reason' },
  'outcome.raisedByPosts': { sv: 'Framfört i inlägg', en: 'Raised in posts' },
  'outcome.raisedByOrganisations': { sv: 'Framfört av', en: 'Raised by' },
  'outcome.postLink': { sv: '{author} i ”{thread}”', en: '{author} in “{thread}”' },
  'outcome.postGone': { sv: 'Inlägg {id}', en: 'Post {id}' },
  'outcome.organisationGone': { sv: 'Organisation {id}', en: 'Organisation {id}' },
  'outcome.dissent': { sv: 'Reservationer', en: 'Reservations' },
  'outcome.dissentNone': { sv: 'Inga reservationer.', en: 'No reservations.' },
  'outcome.dissentMeta': { sv: '{name}, {at}', en: '{name}, {at}' },

  'outcome.corrected': {
    sv: 'Rättelse av det beslutade utfallet: {reason}',
    en: 'Correction of the decided outcome: {reason}',
  },
  'outcome.form.heading': { sv: 'Skriv utfallet', en: 'Write the outcome' },
  'outcome.form.correctHeading': {
    sv: 'Rätta det beslutade utfallet',
    en: 'Correct the decided outcome',
  },
  'outcome.form.correct': {
    sv: 'Rätta utfallet (blir version {next})',
    en: 'Correct the outcome (becomes version {next})',
  },
  'outcome.form.correction': { sv: 'Skäl till rättelsen', en: 'Reason for the correction' },
  'outcome.form.correctionHint': {
    sv: 'Rättelsen ger rundan ett nytt samrådsprotokoll som ersätter det tidigare och anger skälet. Det tidigare protokollet finns kvar i loggen.',
    en: 'The correction gives the round a new decision record that replaces the earlier one and states the reason. The earlier record stays in the log.',
  },
  'outcome.form.correctionMissing': {
    sv: 'Skriv varför utfallet rättas.',
    en: 'Write why the outcome is corrected.',
  },
  'outcome.form.submitCorrection': { sv: 'Spara rättelsen', en: 'Save the correction' },
  'outcome.form.corrected': {
    sv: 'Utfallet är rättat (version {version}). Ett nytt samrådsprotokoll har förts in i loggen.',
    en: 'The outcome is corrected (version {version}). A new decision record has been entered in the log.',
  },
  'outcome.form.open': { sv: 'Skriv utfallet', en: 'Write the outcome' },
  'outcome.form.revise': {
    sv: 'Revidera utfallet (blir version {next})',
    en: 'Revise the outcome (becomes version {next})',
  },
  'outcome.form.summary': { sv: 'Sammanfattning', en: 'Summary' },
  'outcome.form.summaryHint': {
    sv: 'Kan formateras med Markdown, till exempel **fetstil** och listor.',
    en: 'May be formatted with Markdown, for example **bold** and lists.',
  },
  'outcome.form.summaryMissing': { sv: 'Skriv en sammanfattning.', en: 'Write a summary.' },
  'outcome.form.agreed': {
    sv: 'Det parterna är överens om',
    en: 'What the parties agree on',
  },
  'outcome.form.agreedPoint': { sv: 'Punkt {n}', en: 'Point {n}' },
  'outcome.form.addAgreed': { sv: 'Lägg till en punkt', en: 'Add a point' },
  'outcome.form.removeAgreed': { sv: 'Ta bort punkt {n}', en: 'Remove point {n}' },
  'outcome.form.responses': {
    sv: 'Statens svar på synpunkterna',
    en: 'The state’s response to the points raised',
  },
  'outcome.form.responsesHint': {
    sv: 'Ett svar per synpunkt som framförts. Ange vilka organisationer och inlägg som tog upp den.',
    en: 'One response per point raised. Say which organisations and posts raised it.',
  },
  'outcome.form.responseLegend': { sv: 'Synpunkt {n}', en: 'Point raised {n}' },
  'outcome.form.point': { sv: 'Synpunkten, kort', en: 'The point, briefly' },
  'outcome.form.response': { sv: 'Statens svar', en: 'The state’s response' },
  'outcome.form.responseChoose': { sv: 'Välj svar', en: 'Choose a response' },
  'outcome.form.responseMissing': {
    sv: 'Välj om synpunkten godtas, godtas delvis eller inte godtas.',
    en: 'Choose whether the point is accepted, partly accepted or not accepted.',
  },
  'outcome.form.reason': { sv: 'Skäl', en: 'Reason' },
  'outcome.form.organisations': {
    sv: 'Organisationer som framfört synpunkten',
    en: 'Organisations that raised the point',
  },
  'outcome.form.organisationsNone': {
    sv: 'Ingen organisation har lämnat ställningstagande.',
    en: 'No organisation has stated a position.',
  },
  'outcome.form.posts': {
    sv: 'Inlägg som tar upp synpunkten',
    en: 'Posts that raise the point',
  },
  'outcome.form.postsNone': { sv: 'Rundan har inga inlägg.', en: 'The round has no posts.' },
  'outcome.form.postChoice': {
    sv: '{author}, {thread}: {start}',
    en: '{author}, {thread}: {start}',
  },
  'outcome.form.addResponse': { sv: 'Lägg till ett svar', en: 'Add a response' },
  'outcome.form.removeResponse': { sv: 'Ta bort synpunkt {n}', en: 'Remove point raised {n}' },
  'outcome.form.pointMissing': { sv: 'Skriv synpunkten.', en: 'Write the point.' },
  'outcome.form.reasonMissing': { sv: 'Skriv ett skäl.', en: 'Write a reason.' },
  'outcome.form.textMissing': {
    sv: 'Skriv punkten eller ta bort den.',
    en: 'Write the point or remove it.',
  },
  'outcome.form.tooLong': {
    sv: 'Texten är för lång (högst omkring {max} tecken).',
    en: 'The text is too long (at most about {max} characters).',
  },
  'outcome.form.submit': { sv: 'Spara utfallet', en: 'Save the outcome' },
  'outcome.form.cancel': { sv: 'Avbryt', en: 'Cancel' },
  'outcome.form.saved': {
    sv: 'Utfallet är sparat (version {version}).',
    en: 'The outcome is saved (version {version}).',
  },
  'outcome.form.conflict': {
    sv: 'Någon annan har ändrat utfallet under tiden. Läs den nya versionen ovan; när du sparar igen ersätter ditt utkast den.',
    en: 'Someone else has changed the outcome meanwhile. Read the new version above; saving again replaces it with your draft.',
  },

  'dissent.form.heading': { sv: 'Reservation', en: 'Reservation' },
  'dissent.form.intro': {
    sv: 'Om {org} inte står bakom utfallet kan ni lämna en reservation. Den visas för alla i rundan och följer med i samrådsprotokollet.',
    en: 'If {org} does not stand behind the outcome you may attach a reservation. Everyone in the round sees it and it is part of the decision record.',
  },
  'dissent.form.text': { sv: 'Reservation från {org}', en: 'Reservation from {org}' },
  'dissent.form.missing': { sv: 'Skriv reservationen.', en: 'Write the reservation.' },
  'dissent.form.submit': { sv: 'Lämna reservation', en: 'Attach reservation' },
  'dissent.form.saved': { sv: 'Reservationen är lämnad.', en: 'The reservation is attached.' },

  'outcome.announceCorrected': {
    sv: 'Utfallet har rättats (version {version}). Rundan har fått ett nytt samrådsprotokoll.',
    en: 'The outcome has been corrected (version {version}). The round has a new decision record.',
  },
  'outcome.announce': {
    sv: 'Utfallet är skrivet (version {version}).',
    en: 'The outcome has been written (version {version}).',
  },
  'dissent.announce': {
    sv: '{org} har lämnat en reservation.',
    en: '{org} has attached a reservation.',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type OutcomeStringKey = keyof typeof STRINGS;

export function ot(
  lang: Lang,
  key: OutcomeStringKey,
  params: Record<string, string | number> = {},
): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export function acceptanceName(lang: Lang, acceptance: Acceptance): string {
  return ot(lang, `acceptance.${acceptance}`);
}
