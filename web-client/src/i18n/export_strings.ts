// The texts of the export page ("Exportera") in Swedish and English: choosing rounds by phase,
// sector and the days they were created, and fetching them in bulk. Kept apart like
// token_strings.ts; the lookup works the same way.

import type { Lang } from './lang';

const STRINGS = {
  'nav.export': { sv: 'Exportera', en: 'Export' },
  'export.title': { sv: 'Exportera samrådsrundor', en: 'Export consultation rounds' },
  'export.intro': {
    sv: 'Hämta många samrådsrundor på en gång, till kalkylblad eller arkiv. Du får bara rundor som du själv kan se. En enskild rundas filer finns på rundans sida.',
    en: 'Fetch many consultation rounds at once, for a spreadsheet or an archive. You only get rounds you can see yourself. A single round’s files are on the round’s page.',
  },
  'export.filters': { sv: 'Urval', en: 'Selection' },
  'export.phase': { sv: 'Fas', en: 'Phase' },
  'export.phaseAll': { sv: 'Alla faser', en: 'All phases' },
  'export.sector': { sv: 'Sektor', en: 'Sector' },
  'export.sectorAll': { sv: 'Alla sektorer', en: 'All sectors' },
  'export.from': { sv: 'Skapad från och med', en: 'Created from' },
  'export.to': { sv: 'Skapad till och med', en: 'Created up to and including' },
  'export.dayHint': {
    sv: 'Lämna tomt för ingen gräns.',
    en: 'Leave empty for no limit.',
  },
  'export.problem.from_day': {
    sv: 'Skriv ett datum som 2026-11-30.',
    en: 'Write a date such as 2026-11-30.',
  },
  'export.problem.to_day': {
    sv: 'Skriv ett datum som 2026-11-30.',
    en: 'Write a date such as 2026-11-30.',
  },
  'export.problem.order': {
    sv: 'Slutdatumet ligger före startdatumet.',
    en: 'The end date is before the start date.',
  },
  'export.show': { sv: 'Visa urvalet', en: 'Show the selection' },
  'export.loading': { sv: 'Hämtar rundorna…', en: 'Fetching the rounds…' },
  'export.count.none': { sv: 'Inga rundor i urvalet.', en: 'No rounds in the selection.' },
  'export.count.one': {
    sv: '1 runda i urvalet, {decided}.',
    en: '1 round in the selection, {decided}.',
  },
  'export.count.many': {
    sv: '{count} rundor i urvalet, {decided}.',
    en: '{count} rounds in the selection, {decided}.',
  },
  'export.decided.one': { sv: 'varav 1 beslutad', en: '1 of them decided' },
  'export.decided.many': { sv: 'varav {decided} beslutade', en: '{decided} of them decided' },
  'export.files': { sv: 'Filer med urvalets rundor', en: 'Files of the selected rounds' },
  'export.filesHint': {
    sv: 'Ställningstaganden, statens svar och protokoll kommer med för de beslutade rundorna, eftersom de är slutgiltiga först då. Inläggen kommer med för rundor i alla faser.',
    en: 'Positions, the state’s responses and the records are included for the decided rounds, since they are final only then. The posts are included for rounds in every phase.',
  },
  'export.filesEmpty': {
    sv: 'Urvalet har inga beslutade rundor, så filerna med ställningstaganden, svar och protokoll blir tomma.',
    en: 'The selection has no decided rounds, so the files of positions, responses and records will be empty.',
  },
  'export.file.positions.csv': {
    sv: 'Ställningstaganden, alla versioner (CSV för kalkylblad)',
    en: 'Positions, every version (CSV for a spreadsheet)',
  },
  'export.file.responses.csv': {
    sv: 'Statens svar på synpunkterna (CSV för kalkylblad)',
    en: 'The state’s responses to the points raised (CSV for a spreadsheet)',
  },
  'export.file.records.json': {
    sv: 'Samrådsprotokollen med bevis, för arkiv (JSON)',
    en: 'The decision records with their proofs, for an archive (JSON)',
  },
  'export.file.posts.csv': {
    sv: 'Inläggen i rundornas diskussioner, alla faser (CSV för kalkylblad)',
    en: 'The posts of the rounds’ discussions, every phase (CSV for a spreadsheet)',
  },
  'export.rounds': { sv: 'Rundor i urvalet', en: 'Rounds in the selection' },
  'export.roundsNone': {
    sv: 'Inga rundor som du kan se passar urvalet.',
    en: 'No round you can see fits the selection.',
  },
  'export.column.title': { sv: 'Runda', en: 'Round' },
  'export.column.phase': { sv: 'Fas', en: 'Phase' },
  'export.column.created': { sv: 'Skapad', en: 'Created' },
} as const satisfies Record<string, Record<Lang, string>>;

export type ExportStringKey = keyof typeof STRINGS;

export function et(
  lang: Lang,
  key: ExportStringKey,
  params: Record<string, string | number> = {},
): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}
