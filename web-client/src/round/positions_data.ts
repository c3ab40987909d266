// Positions (ställningstaganden) of a round, folded from its position_stated events: every
// version each organisation stated, and the tally of the latest ones by part of the consultation
// (the state, municipalities, regions, others) with who has not answered yet. No DOM and no I/O.

import {
  STANCES,
  type Organisation,
  type OrganisationKind,
  type Person,
  type PointPosition,
  type PositionStatedEvent,
  type Stance,
} from '../protocol/messages';

// One version of an organisation's position, as stated by one of its representatives.
export interface PositionVersion {
  version: number;
  stance: Stance;
  motivation: string; // Markdown; '' only with 'no_comments'
  points: PointPosition[];
  at: string;
  by: Person;
  seq: number; // of the main stream
}

export interface OrganisationPosition {
  organisation: Organisation; // as the latest version named it
  versions: PositionVersion[]; // oldest first; the last is the position now
}

// By organisation id.
export type PositionsData = Map<number, OrganisationPosition>;

// The parts of a consultation a tally counts by: ministries and agencies speak for the state;
// municipalities and regions are counted apart; associations (such as SKR) and others together.
export const TALLY_GROUPS = ['state', 'municipalities', 'regions', 'others'] as const;
export type TallyGroup = (typeof TALLY_GROUPS)[number];

export function tallyGroupOf(kind: OrganisationKind): TallyGroup {
  switch (kind) {
    case 'ministry':
    case 'agency':
      return 'state';
    case 'municipality':
      return 'municipalities';
    case 'region':
      return 'regions';
    case 'association':
    case 'other':
      return 'others';
  }
}

// Folds one position_stated event; false when it does not follow the organisation's versions
// (the server numbers them 1, 2, 3 … without gaps, so anything else is a broken stream).
export function applyPositionStated(positions: PositionsData, event: PositionStatedEvent): boolean {
  const { organisation, version, stance, motivation, points } = event.data;
  const known = positions.get(organisation.id);
  if (version !== (known?.versions.length ?? 0) + 1) return false;
  const stated: PositionVersion = {
    version,
    stance,
    motivation,
    points,
    at: event.at,
    by: event.actor,
    seq: event.seq,
  };
  if (known) {
    known.organisation = organisation;
    known.versions.push(stated);
  } else {
    positions.set(organisation.id, { organisation, versions: [stated] });
  }
  return true;
}

export function latestPosition(
  positions: PositionsData,
  organisationId: number,
): PositionVersion | null {
  return positions.get(organisationId)?.versions.at(-1) ?? null;
}

export type StanceCounts = Record<Stance, number>;

export interface StanceTally {
  invited: number;
  counts: StanceCounts;
  unanswered: number;
}
export interface GroupTally extends StanceTally {
  group: TallyGroup;
}

export interface Tally {
  groups: GroupTally[]; // in TALLY_GROUPS order, each even when nobody of it is invited
  total: StanceTally; // every invited organisation
  // The invited organisations with a position (their latest) and without one, each by name.
  answered: { organisation: Organisation; position: PositionVersion }[];
  unanswered: Organisation[];
}

function emptyCounts(): StanceCounts {
  return Object.fromEntries(STANCES.map((stance) => [stance, 0])) as StanceCounts;
}

const byName = (a: Organisation, b: Organisation): number =>
  a.name.localeCompare(b.name, 'sv') || a.id - b.id;

// The tally counts the organisations invited now: a withdrawn organisation is no longer asked,
// and its earlier positions stay in the history only.
export function tally(invited: readonly Organisation[], positions: PositionsData): Tally {
  const groups = new Map<TallyGroup, GroupTally>(
    TALLY_GROUPS.map((group) => [
      group,
      { group, invited: 0, counts: emptyCounts(), unanswered: 0 },
    ]),
  );
  const total: StanceTally = { invited: 0, counts: emptyCounts(), unanswered: 0 };
  const answered: Tally['answered'] = [];
  const unanswered: Organisation[] = [];
  for (const organisation of invited) {
    const group = groups.get(tallyGroupOf(organisation.kind));
    if (!group) continue;
    group.invited += 1;
    total.invited += 1;
    const position = latestPosition(positions, organisation.id);
    if (position) {
      group.counts[position.stance] += 1;
      total.counts[position.stance] += 1;
      answered.push({ organisation, position });
    } else {
      group.unanswered += 1;
      total.unanswered += 1;
      unanswered.push(organisation);
    }
  }
  answered.sort((a, b) => byName(a.organisation, b.organisation));
  unanswered.sort(byName);
  return {
    groups: TALLY_GROUPS.map((group) => groups.get(group)!),
    total,
    answered,
    unanswered,
  };
}
