// The texts of a round's joint document (gemensamt dokument) in Swedish and English: the text,
// its versions, the difference between two versions, the form for writing it and each side's
// approval. Kept apart from strings.ts so the feature reads its texts in one place.

import type { Lang } from './lang';
import type { ApprovingSide } from '../protocol/messages';

const STRINGS = {
  'joint.heading': { sv: 'Gemensamt dokument', en: 'Joint document' },
  'joint.intro': {
    sv: 'Staten och kommunsidan arbetar fram dokumentet tillsammans. Varje ändring blir en ny version, och varje sida godkänner en bestämd version. Samrådsprotokollet visar vilken version varje sida har godkänt.',
    en: 'The state and the municipal side work on this document together. Every change becomes a new version, and each side approves a specific version. The decision record shows which version each side approved.',
  },
  'joint.introDecided': {
    sv: 'Rundan är beslutad. Dokumentet och godkännandena nedan är slutgiltiga och ingår i samrådsprotokollet.',
    en: 'The round is decided. The document and the approvals below are final and part of the decision record.',
  },
  'joint.none': {
    sv: 'Inget gemensamt dokument har skrivits ännu.',
    en: 'No joint document has been written yet.',
  },
  'joint.current': { sv: 'Senaste versionen', en: 'Latest version' },
  'joint.meta': {
    sv: 'Version {version}, skriven av {name}',
    en: 'Version {version}, written by {name}',
  },

  'joint.side.state': { sv: 'Staten', en: 'The state' },
  'joint.side.municipal': { sv: 'Kommunsidan', en: 'The municipal side' },
  'joint.approvals': { sv: 'Godkännanden', en: 'Approvals' },
  'joint.approved.state': {
    sv: 'Godkänt av staten (version {version})',
    en: 'Approved by the state (version {version})',
  },
  'joint.approved.municipal': {
    sv: 'Godkänt av kommunsidan (version {version})',
    en: 'Approved by the municipal side (version {version})',
  },
  'joint.notApproved.state': {
    sv: 'Staten har inte godkänt version {version}',
    en: 'The state has not approved version {version}',
  },
  'joint.notApproved.municipal': {
    sv: 'Kommunsidan har inte godkänt version {version}',
    en: 'The municipal side has not approved version {version}',
  },
  'joint.earlierApproval': {
    sv: '(godkände tidigare version {version})',
    en: '(approved version {version} earlier)',
  },
  'joint.approve.state': {
    sv: 'Godkänn version {version} för staten',
    en: 'Approve version {version} for the state',
  },
  'joint.approve.municipal': {
    sv: 'Godkänn version {version} för kommunsidan',
    en: 'Approve version {version} for the municipal side',
  },
  'joint.approve.saved': {
    sv: 'Version {version} är godkänd för {side}.',
    en: 'Version {version} is approved for {side}.',
  },
  'joint.approve.conflict': {
    sv: 'Dokumentet har ändrats under tiden. Läs den nya versionen innan du godkänner den.',
    en: 'The document has changed meanwhile. Read the new version before approving it.',
  },
  'joint.sideName.state': { sv: 'staten', en: 'the state' },
  'joint.sideName.municipal': { sv: 'kommunsidan', en: 'the municipal side' },

  'joint.history': { sv: 'Versioner', en: 'Versions' },
  'joint.historyItem': { sv: 'Version {version}: {name}', en: 'Version {version}: {name}' },
  'joint.historyApprovedBy': { sv: 'godkänd av {sides}', en: 'approved by {sides}' },
  'joint.and': { sv: ' och ', en: ' and ' },

  'joint.diff.heading': { sv: 'Jämför versioner', en: 'Compare versions' },
  'joint.diff.from': { sv: 'Från version', en: 'From version' },
  'joint.diff.to': { sv: 'Till version', en: 'To version' },
  'joint.diff.versionOption': { sv: 'Version {version}', en: 'Version {version}' },
  'joint.diff.caption': {
    sv: 'Ändringar från version {from} till version {to}',
    en: 'Changes from version {from} to version {to}',
  },
  'joint.diff.legend': {
    sv: 'Tillagd text är understruken och markerad ”Tillagt:”, borttagen text är överstruken och markerad ”Borttaget:”.',
    en: 'Added text is underlined and marked “Added:”, removed text is struck through and marked “Removed:”.',
  },
  'joint.diff.inserted': { sv: 'Tillagt:', en: 'Added:' },
  'joint.diff.deleted': { sv: 'Borttaget:', en: 'Removed:' },
  'joint.diff.same': {
    sv: '(samma text)',
    en: '(the same text)',
  },
  'joint.diff.counts': {
    sv: '(tillägg: {inserted}, borttagningar: {deleted})',
    en: '(additions: {inserted}, removals: {deleted})',
  },
  'joint.diff.needTwo': {
    sv: 'När det finns två versioner kan du jämföra dem här.',
    en: 'Once there are two versions you can compare them here.',
  },

  'joint.form.heading': { sv: 'Skriv i dokumentet', en: 'Write in the document' },
  'joint.form.open': { sv: 'Ändra dokumentet', en: 'Change the document' },
  'joint.form.first': { sv: 'Skriv första versionen', en: 'Write the first version' },
  'joint.form.text': { sv: 'Dokumentets text', en: 'The document’s text' },
  'joint.form.hint': {
    sv: 'Markdown: # rubrik, **fetstil**, - punktlista. Det du sparar blir version {next}.',
    en: 'Markdown: # heading, **bold**, - bullet list. What you save becomes version {next}.',
  },
  'joint.form.submit': { sv: 'Spara version {next}', en: 'Save version {next}' },
  'joint.form.cancel': { sv: 'Avbryt', en: 'Cancel' },
  'joint.form.missing': { sv: 'Skriv dokumentets text.', en: 'Write the document’s text.' },
  'joint.form.saved': { sv: 'Version {version} är sparad.', en: 'Version {version} is saved.' },
  'joint.form.conflict': {
    sv: 'Någon annan har sparat en ny version under tiden (nu version {version}). Din text finns kvar i rutan; läs den nya versionen och spara igen.',
    en: 'Someone else has saved a new version meanwhile (now version {version}). Your text is still in the box; read the new version and save again.',
  },
  'joint.form.closedForWriting': {
    sv: 'Dokumentet kan skrivas när rundan är öppen eller stängd.',
    en: 'The document can be written while the round is open or closed.',
  },

  'joint.announce.written': {
    sv: 'Gemensamt dokument: version {version} sparad av {name}.',
    en: 'Joint document: version {version} saved by {name}.',
  },
  'joint.announce.approved': {
    sv: 'Gemensamt dokument: version {version} godkänd av {side}.',
    en: 'Joint document: version {version} approved by {side}.',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type JointDocumentStringKey = keyof typeof STRINGS;

export function jt(
  lang: Lang,
  key: JointDocumentStringKey,
  params: Record<string, string | number> = {},
): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

// The side in running text: "staten", "kommunsidan".
export function sideInText(lang: Lang, side: ApprovingSide): string {
  return jt(lang, `joint.sideName.${side}`);
}
