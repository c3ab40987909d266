// The audit log as people read it: a name for every action the server records, the categories
// the page filters by, and each detail as a label and a readable value (a phase, a role, a
// time, a device). Actions and details the client does not know yet (recorded by a newer
// server) are shown as they are, never hidden.

import { at } from '../i18n/account_strings';
import type { Lang } from '../i18n/lang';
import { formatDateTime, kindName, phaseName, roleName, roundKindName, t } from '../i18n/strings';
import type { AuditEntry } from '../protocol/accounts';
import { ORGANISATION_KINDS, PHASES, ROLES, ROUND_KINDS } from '../protocol/messages';
import { describeDevice } from '../sessions/sessions_data';

type Texts = Record<Lang, string>;

const ACTIONS: Record<string, Texts> = {
  login: { sv: 'Loggade in', en: 'Logged in' },
  login_failed: { sv: 'Misslyckad inloggning', en: 'Failed login' },
  logout: { sv: 'Loggade ut', en: 'Logged out' },
  session_ended: { sv: 'Avslutade en inloggning', en: 'Ended a session' },
  session_expired: { sv: 'En inloggning gick ut', en: 'A session expired' },
  organisation_created: { sv: 'Lade till en organisation', en: 'Added an organisation' },
  organisation_deactivated: {
    sv: 'Avaktiverade en organisation',
    en: 'Deactivated an organisation',
  },
  organisation_activated: { sv: 'Aktiverade en organisation', en: 'Activated an organisation' },
  person_created: { sv: 'Lade till en person', en: 'Added a person' },
  person_deactivated: { sv: 'Avaktiverade en person', en: 'Deactivated a person' },
  person_activated: { sv: 'Aktiverade en person', en: 'Activated a person' },
  role_changed: { sv: 'Ändrade en roll', en: 'Changed a role' },
  invitation_issued: { sv: 'Skapade en inbjudningslänk', en: 'Created an invitation link' },
  invitation_used: {
    sv: 'Valde lösenord med en inbjudningslänk',
    en: 'Chose a password with an invitation link',
  },
  invitation_refused: { sv: 'En inbjudningslänk nekades', en: 'An invitation link was refused' },
  epoch_renewed: {
    sv: 'Strömmarna fick en ny epok (efter återställd säkerhetskopia)',
    en: 'The streams got a new epoch (after a restored backup)',
  },
  create_round: { sv: 'Skapade en samrådsrunda', en: 'Created a consultation round' },
  change_phase: { sv: 'Ändrade rundans fas', en: 'Changed the round’s phase' },
  set_schedule: { sv: 'Ändrade rundans tider', en: 'Changed the round’s schedule' },
  invite_organisation: { sv: 'Bjöd in en organisation', en: 'Invited an organisation' },
  withdraw_invitation: { sv: 'Drog tillbaka en inbjudan', en: 'Withdrew an invitation' },
  close_at_closing_time: {
    sv: 'Rundan stängdes vid stängningstiden',
    en: 'The round closed at its closing time',
  },
  revise_proposal: { sv: 'Reviderade förslaget', en: 'Revised the proposal' },
  create_thread: { sv: 'Skapade en tråd', en: 'Created a thread' },
  create_post: { sv: 'Skrev ett inlägg', en: 'Wrote a post' },
  propose_agenda_item: {
    sv: 'Föreslog en punkt på dagordningen',
    en: 'Proposed an agenda item',
  },
  decide_agenda_item: {
    sv: 'Beslutade om en föreslagen punkt',
    en: 'Decided on a proposed agenda item',
  },
  move_thread: { sv: 'Flyttade en punkt på dagordningen', en: 'Moved an agenda item' },
  lock_thread: { sv: 'Låste eller låste upp en tråd', en: 'Locked or unlocked a thread' },
  pin_post: { sv: 'Fäste eller lossade ett inlägg', en: 'Pinned or unpinned a post' },
  send_reminder: {
    sv: 'Påminde en organisation om att delta',
    en: 'Reminded an organisation to take part',
  },
  edit_post: { sv: 'Redigerade ett inlägg', en: 'Edited a post' },
  hide_post: { sv: 'Dolde ett inlägg', en: 'Hid a post' },
  unhide_post: { sv: 'Visade ett dolt inlägg igen', en: 'Showed a hidden post again' },
  report_post: { sv: 'Anmälde ett inlägg', en: 'Reported a post' },
  dismiss_report: { sv: 'Avfärdade en anmälan', en: 'Dismissed a report' },
  api_token_created: { sv: 'Skapade en API-nyckel', en: 'Created an API token' },
  api_token_revoked: { sv: 'Återkallade en API-nyckel', en: 'Revoked an API token' },
  export_token_used: { sv: 'En API-nyckel användes', en: 'An API token was used' },
  export_token_refused: { sv: 'En API-nyckel nekades', en: 'An API token was refused' },
  export: { sv: 'Hämtade en export', en: 'Fetched an export' },
};

// A thread or post in a side's preparation (details.stream) is named as such.
const PREPARATION_ACTIONS: Record<string, Texts> = {
  create_thread: { sv: 'Skapade en förberedelsetråd', en: 'Created a preparation thread' },
  create_post: {
    sv: 'Skrev ett inlägg i förberedelserna',
    en: 'Wrote a post in the preparation',
  },
  edit_post: {
    sv: 'Redigerade ett inlägg i förberedelserna',
    en: 'Edited a post in the preparation',
  },
};

export const AUDIT_CATEGORIES = ['all', 'logins', 'rounds', 'posts', 'accounts'] as const;
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];

// The actions each category filters by; 'all' filters by none, so actions added later show too.
export const CATEGORY_ACTIONS: Record<AuditCategory, string[]> = {
  all: [],
  logins: ['login', 'login_failed', 'logout', 'session_ended', 'session_expired'],
  rounds: [
    'create_round',
    'change_phase',
    'set_schedule',
    'invite_organisation',
    'withdraw_invitation',
    'close_at_closing_time',
    'revise_proposal',
    'send_reminder',
  ],
  posts: [
    'create_thread',
    'create_post',
    'propose_agenda_item',
    'decide_agenda_item',
    'move_thread',
    'lock_thread',
    'pin_post',
    'edit_post',
    'hide_post',
    'unhide_post',
    'report_post',
    'dismiss_report',
  ],
  accounts: [
    'organisation_created',
    'organisation_deactivated',
    'organisation_activated',
    'person_created',
    'person_deactivated',
    'person_activated',
    'role_changed',
    'invitation_issued',
    'invitation_used',
    'invitation_refused',
    'epoch_renewed',
    'api_token_created',
    'api_token_revoked',
    'export_token_used',
    'export_token_refused',
    'export',
  ],
};

export function actionName(action: string, lang: Lang): string {
  return Object.prototype.hasOwnProperty.call(ACTIONS, action)
    ? (ACTIONS[action] as Texts)[lang]
    : action;
}

// An entry's action as the page shows it: a preparation thread or post says so.
export function entryActionName(entry: Pick<AuditEntry, 'action' | 'details'>, lang: Lang): string {
  const stream = entry.details['stream'];
  if (
    stream !== undefined &&
    stream !== 'main' &&
    Object.prototype.hasOwnProperty.call(PREPARATION_ACTIONS, entry.action)
  ) {
    return (PREPARATION_ACTIONS[entry.action] as Texts)[lang];
  }
  return actionName(entry.action, lang);
}

const DETAIL_LABELS: Record<string, Texts> = {
  previous: { sv: 'Från fas', en: 'From phase' },
  phase: { sv: 'Fas', en: 'Phase' },
  automatic: { sv: 'Automatiskt', en: 'Automatic' },
  title: { sv: 'Rubrik', en: 'Title' },
  kind: { sv: 'Typ', en: 'Kind' },
  invited: { sv: 'Inbjudna', en: 'Invited' },
  opens_at: { sv: 'Öppnar', en: 'Opens' },
  closes_at: { sv: 'Stänger', en: 'Closes' },
  organisation: { sv: 'Organisation', en: 'Organisation' },
  person: { sv: 'Person', en: 'Person' },
  email: { sv: 'E-postadress', en: 'Email address' },
  role: { sv: 'Roll', en: 'Role' },
  previous_role: { sv: 'Tidigare roll', en: 'Previous role' },
  reason: { sv: 'Orsak', en: 'Reason' },
  device: { sv: 'Enhet', en: 'Device' },
  address: { sv: 'Adress', en: 'Address' },
  sessions_ended: { sv: 'Avslutade inloggningar', en: 'Sessions ended' },
  expires_at: { sv: 'Gäller till', en: 'Valid until' },
  expired_at: { sv: 'Gick ut', en: 'Expired' },
  invitation: { sv: 'Inbjudningslänk nr', en: 'Invitation link no.' },
  thread_id: { sv: 'Tråd nr', en: 'Thread no.' },
  reply_to: { sv: 'Svar på inlägg nr', en: 'Reply to post no.' },
  events: { sv: 'Händelser i rundan', en: 'Events in the round' },
  via: { sv: 'Via', en: 'Via' },
  stream: { sv: 'Förberedelser', en: 'Preparation' },
  decision: { sv: 'Beslut', en: 'Decision' },
  before: { sv: 'Placerad före tråd nr', en: 'Placed before thread no.' },
  locked: { sv: 'Låst', en: 'Locked' },
  post_id: { sv: 'Fäst inlägg nr', en: 'Pinned post no.' },
  version: { sv: 'Förslagets version', en: 'Proposal version' },
  message: { sv: 'Med meddelande', en: 'With a message' },
  report_id: { sv: 'Anmälan nr', en: 'Report no.' },
  reports: { sv: 'Anmälningar nr', en: 'Reports no.' },
  outcome: { sv: 'Utfall', en: 'Outcome' },
  note: { sv: 'Kommentar', en: 'Note' },
};

// Where an action's detail means something else than the same key elsewhere: an edit's version
// is the post's, not the proposal's.
const ACTION_DETAIL_LABELS: Record<string, Record<string, Texts>> = {
  edit_post: { version: { sv: 'Inläggets version', en: 'Post version' } },
};

const OUTCOMES: Record<string, Texts> = {
  hidden: { sv: 'inlägget doldes', en: 'the post was hidden' },
  dismissed: { sv: 'avfärdad', en: 'dismissed' },
};

const DECISIONS: Record<string, Texts> = {
  accepted: { sv: 'antogs till dagordningen', en: 'accepted onto the agenda' },
  declined: { sv: 'avslogs', en: 'declined' },
};

const REASONS: Record<string, Texts> = {
  idle: { sv: 'inte använd på länge', en: 'not used for too long' },
  absolute: { sv: 'längsta tiden för en inloggning', en: 'the longest time a session lasts' },
  unknown_email: { sv: 'okänd e-postadress', en: 'unknown email address' },
  wrong_password: { sv: 'fel lösenord', en: 'wrong password' },
  no_password: { sv: 'inget lösenord valt ännu', en: 'no password chosen yet' },
  deactivated: { sv: 'kontot är avaktiverat', en: 'the account is deactivated' },
  invitation_used: { sv: 'länken var redan använd', en: 'the link had been used' },
  invitation_expired: { sv: 'länken gällde inte längre', en: 'the link was no longer valid' },
  not_found: { sv: 'okänd länk', en: 'unknown link' },
};

const TIMES = new Set(['opens_at', 'closes_at', 'expires_at', 'expired_at']);

function oneOf<T extends string>(names: readonly T[], value: string): value is T {
  return (names as readonly string[]).includes(value);
}

// A detail's value as a person reads it; unknown values as they are.
export function detailValue(key: string, value: string, lang: Lang): string {
  if (key === 'before' && value === '') {
    return lang === 'sv' ? 'ingen: sist på dagordningen' : 'none: last on the agenda';
  }
  if (key === 'post_id' && value === '') {
    return lang === 'sv' ? 'inget: fästningen togs bort' : 'none: the pin was removed';
  }
  if (value === '') return '–';
  if (TIMES.has(key)) return formatDateTime(lang, value);
  if ((key === 'phase' || key === 'previous') && oneOf(PHASES, value))
    return phaseName(lang, value);
  if ((key === 'role' || key === 'previous_role') && oneOf(ROLES, value)) {
    return roleName(lang, value);
  }
  if (key === 'kind' && oneOf(ROUND_KINDS, value)) return roundKindName(lang, value);
  if (key === 'kind' && oneOf(ORGANISATION_KINDS, value)) return kindName(lang, value);
  if (key === 'reason' && Object.prototype.hasOwnProperty.call(REASONS, value)) {
    return (REASONS[value] as Texts)[lang];
  }
  if (key === 'automatic') return value === 'true' ? (lang === 'sv' ? 'ja' : 'yes') : value;
  if ((key === 'locked' || key === 'message') && (value === 'true' || value === 'false')) {
    return value === 'true' ? (lang === 'sv' ? 'ja' : 'yes') : lang === 'sv' ? 'nej' : 'no';
  }
  if (key === 'decision' && Object.prototype.hasOwnProperty.call(DECISIONS, value)) {
    return (DECISIONS[value] as Texts)[lang];
  }
  if (key === 'outcome' && Object.prototype.hasOwnProperty.call(OUTCOMES, value)) {
    return (OUTCOMES[value] as Texts)[lang];
  }
  if (key === 'stream' && (value === 'state_preparation' || value === 'municipal_preparation')) {
    return t(lang, `stream.${value}`);
  }
  if (key === 'via' && value === 'invitation') {
    return lang === 'sv' ? 'inbjudningslänk' : 'invitation link';
  }
  if (key === 'device') return describeDevice(value, lang);
  return value;
}

export function detailLabel(key: string, lang: Lang): string {
  return Object.prototype.hasOwnProperty.call(DETAIL_LABELS, key)
    ? (DETAIL_LABELS[key] as Texts)[lang]
    : key;
}

// The details worth showing, as label and value, in the server's order. "events" names where
// a round's events are kept, which the round itself shows better; a report's stream (the
// moderation stream) goes without saying.
export function details(
  entry: Pick<AuditEntry, 'action' | 'details'>,
  lang: Lang,
): Array<{ label: string; value: string }> {
  const own = Object.prototype.hasOwnProperty.call(ACTION_DETAIL_LABELS, entry.action)
    ? ACTION_DETAIL_LABELS[entry.action]
    : undefined;
  return Object.entries(entry.details)
    .filter(([key, value]) => key !== 'events' && !(key === 'stream' && value === 'moderation'))
    .map(([key, value]) => ({
      label:
        own && Object.prototype.hasOwnProperty.call(own, key)
          ? (own[key] as Texts)[lang]
          : detailLabel(key, lang),
      value: detailValue(key, value, lang),
    }));
}

// Where it came from, as a person reads it.
export function sourceText(entry: AuditEntry, lang: Lang): string {
  const address = entry.address || at(lang, 'sessions.unknownAddress');
  switch (entry.source) {
    case 'web':
      return at(lang, 'audit.source.web', { address });
    case 'cli':
      return at(lang, 'audit.source.cli', { address });
    case 'server':
      return at(lang, 'audit.source.server');
  }
}

// Who acted: the person and their organisation, the operator, or nobody known.
export function actorText(entry: AuditEntry, lang: Lang): string {
  if (entry.actor) return `${entry.actor.name}, ${entry.actor.organisation.name}`;
  if (entry.source === 'cli') return at(lang, 'audit.operator');
  return at(lang, 'audit.nobody');
}

// A day in a date input ("2026-11-23", local time) as the wire's time of its first moment; the
// "to" day is taken whole, so its end is the next day's start.
export function dayStart(day: string, next = false): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + (next ? 1 : 0));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
