// The texts of positions (ställningstaganden) in Swedish and English: the stances, the tally by
// part of the consultation, each organisation's position with its history, and the form in which
// representatives state one. Kept apart from strings.ts so the feature reads its texts in one
// place; the lookup works the same way.

import type { Lang } from './lang';
import type { Stance } from '../protocol/messages';
import type { TallyGroup } from '../round/positions_data';

const STRINGS = {
  'stance.supports': { sv: 'Tillstyrker', en: 'Supports' },
  'stance.supports_with_reservations': {
    sv: 'Tillstyrker med förbehåll',
    en: 'Supports with reservations',
  },
  'stance.opposes': { sv: 'Avstyrker', en: 'Opposes' },
  'stance.abstains': { sv: 'Tar inte ställning', en: 'Abstains' },
  'stance.no_comments': { sv: 'Avstår från att yttra sig', en: 'No comments' },

  'group.state': { sv: 'Staten', en: 'The state' },
  'group.municipalities': { sv: 'Kommuner', en: 'Municipalities' },
  'group.regions': { sv: 'Regioner', en: 'Regions' },
  'group.others': { sv: 'Övriga', en: 'Others' },

  'positions.heading': { sv: 'Ställningstaganden', en: 'Positions' },
  'positions.intro': {
    sv: 'Varje inbjuden organisation lämnar ett ställningstagande till förslaget. Det kan ändras tills samrådet stänger; alla versioner sparas.',
    en: 'Each invited organisation states a position on the proposal. It can be changed until the consultation closes; every version is kept.',
  },
  'positions.caption': {
    sv: 'Ställningstaganden per part, {answered} av {invited} organisationer har svarat',
    en: 'Positions by part, {answered} of {invited} organisations have answered',
  },
  'positions.col.group': { sv: 'Part', en: 'Part' },
  'positions.col.unanswered': { sv: 'Har inte svarat', en: 'Not answered' },
  'positions.total': { sv: 'Totalt', en: 'Total' },
  'positions.tableLabel': {
    sv: 'Sammanställning av ställningstaganden',
    en: 'Summary of positions',
  },
  'positions.unanswered.heading': {
    sv: 'Har inte lämnat något ställningstagande ({count})',
    en: 'Have not stated a position ({count})',
  },
  'positions.unanswered.none': {
    sv: 'Alla inbjudna organisationer har lämnat ett ställningstagande.',
    en: 'Every invited organisation has stated a position.',
  },
  'positions.list.heading': { sv: 'Lämnade ställningstaganden', en: 'Stated positions' },
  'positions.list.empty': {
    sv: 'Ingen organisation har lämnat något ställningstagande än.',
    en: 'No organisation has stated a position yet.',
  },
  'positions.byline': {
    sv: 'Version {version}, {name}',
    en: 'Version {version}, {name}',
  },
  'positions.points': { sv: 'Per punkt', en: 'By point' },
  'positions.point.unknown': { sv: 'Punkt {id}', en: 'Point {id}' },
  'positions.history': {
    sv: 'Tidigare versioner av ställningstagandet ({count})',
    en: 'Earlier versions of the position ({count})',
  },
  'positions.none': { sv: 'Inget än', en: 'None yet' },
  'positions.column': { sv: 'Ställningstagande', en: 'Position' },
  'positions.stanceWithVersion': {
    sv: '{stance} (version {version})',
    en: '{stance} (version {version})',
  },
  'positions.noMotivation': { sv: 'Ingen motivering.', en: 'No motivation.' },

  'positions.form.heading': {
    sv: 'Ert ställningstagande – {org}',
    en: 'Your position – {org}',
  },
  'positions.form.current': {
    sv: '{org} har lämnat version {version}. En ändring blir version {next}.',
    en: '{org} has stated version {version}. A change becomes version {next}.',
  },
  'positions.form.first': {
    sv: '{org} har inte lämnat något ställningstagande än.',
    en: '{org} has not stated a position yet.',
  },
  'positions.form.open': { sv: 'Ändra ställningstagandet', en: 'Change the position' },
  'positions.form.stance': {
    sv: 'Ställningstagande till förslaget',
    en: 'Position on the proposal',
  },
  'positions.form.motivation': { sv: 'Motivering', en: 'Motivation' },
  'positions.form.motivationHint': {
    sv: 'Krävs utom för ”Avstår från att yttra sig”. Markdown går bra.',
    en: 'Required except for “No comments”. Markdown is fine.',
  },
  'positions.form.motivationMissing': {
    sv: 'Skriv en motivering, eller välj ”Avstår från att yttra sig”.',
    en: 'Write a motivation, or choose “No comments”.',
  },
  'positions.form.stanceMissing': {
    sv: 'Välj ett ställningstagande.',
    en: 'Choose a position.',
  },
  'positions.form.points': {
    sv: 'Ställningstagande per punkt (frivilligt)',
    en: 'Position by point (optional)',
  },
  'positions.form.pointsHint': {
    sv: 'Punkterna är samrådets dagordningspunkter. Lämna ”Inget särskilt” där ni inte tar ställning till punkten för sig.',
    en: 'The points are the items on the agenda. Leave “Nothing in particular” where you take no position on the point itself.',
  },
  'positions.form.pointNone': { sv: 'Inget särskilt', en: 'Nothing in particular' },
  'positions.form.pointMotivation': {
    sv: 'Motivering för punkten (frivillig)',
    en: 'Motivation for the point (optional)',
  },
  'positions.form.submitFirst': { sv: 'Lämna ställningstagande', en: 'State the position' },
  'positions.form.submitRevision': { sv: 'Spara version {next}', en: 'Save version {next}' },
  'positions.form.cancel': { sv: 'Avbryt', en: 'Cancel' },
  'positions.form.sending': { sv: 'Skickar…', en: 'Sending…' },
  'positions.form.saved': {
    sv: 'Ställningstagandet är sparat som version {version}.',
    en: 'The position has been saved as version {version}.',
  },
  'positions.form.conflict': {
    sv: 'Någon annan på {org} har ändrat ställningstagandet under tiden. Läs den nya versionen ovan; det du skrev finns kvar i formuläret.',
    en: 'Someone else at {org} changed the position meanwhile. Read the new version above; what you wrote is still in the form.',
  },
  'positions.form.closed': {
    sv: 'Samrådet är stängt. Ställningstaganden kan inte längre ändras.',
    en: 'The consultation is closed. Positions can no longer be changed.',
  },
  'positions.form.draft': {
    sv: 'Ställningstaganden kan lämnas när samrådet har öppnat.',
    en: 'Positions can be stated once the consultation has opened.',
  },
  'positions.announce': {
    sv: '{org}: {stance} (version {version})',
    en: '{org}: {stance} (version {version})',
  },

  'reminder.positionMissing': {
    sv: '{org} har ännu inte lämnat något ställningstagande till förslaget.',
    en: '{org} has not yet stated a position on the proposal.',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type PositionStringKey = keyof typeof STRINGS;

export function pt(
  lang: Lang,
  key: PositionStringKey,
  params: Record<string, string | number> = {},
): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export function stanceName(lang: Lang, stance: Stance): string {
  return pt(lang, `stance.${stance}`);
}

export function groupName(lang: Lang, group: TallyGroup): string {
  return pt(lang, `group.${group}`);
}
