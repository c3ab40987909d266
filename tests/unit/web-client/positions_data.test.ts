// Positions folded from position_stated events, and the tally of the latest ones by part of the
// consultation, with the organisations that have not answered.
import { describe, expect, it } from 'vitest';
import type {
  Organisation,
  OrganisationKind,
  Person,
  PositionStatedEvent,
  Stance,
} from '../../../web-client/src/protocol/messages';
import {
  applyPositionStated,
  latestPosition,
  tally,
  tallyGroupOf,
  type PositionsData,
} from '../../../web-client/src/round/positions_data';

function org(id: number, name: string, kind: OrganisationKind): Organisation {
  const side =
    kind === 'ministry' || kind === 'agency' ? 'state' : kind === 'other' ? 'neutral' : 'municipal';
  return { id, name, kind, side };
}
const malmo = org(9, 'Malmö stad', 'municipality');
const kiruna = org(10, 'Kiruna kommun', 'municipality');
const skane = org(7, 'Region Skåne', 'region');
const finans = org(2, 'Finansdepartementet', 'ministry');
const statskontoret = org(11, 'Statskontoret', 'agency');
const skr = org(6, 'Sveriges Kommuner och Regioner', 'association');

const anna: Person = { id: 3, name: 'Anna Lind', role: 'representative', organisation: malmo };

let seq = 10;
function stated(organisation: Organisation, version: number, stance: Stance): PositionStatedEvent {
  seq += 1;
  return {
    type: 'event',
    round_id: 1,
    stream: 'main',
    seq,
    at: '2026-11-30T13:00:00.000Z',
    kind: 'position_stated',
    actor: anna,
    data: { organisation, version, stance, motivation: `${stance} ${version}`, points: [] },
  };
}

describe('folding positions', () => {
  it('keeps every version in order and names the latest', () => {
    const positions: PositionsData = new Map();
    expect(applyPositionStated(positions, stated(malmo, 1, 'opposes'))).toBe(true);
    expect(applyPositionStated(positions, stated(malmo, 2, 'supports'))).toBe(true);
    expect(positions.get(malmo.id)?.versions.map((v) => v.stance)).toEqual(['opposes', 'supports']);
    expect(latestPosition(positions, malmo.id)?.version).toBe(2);
    expect(latestPosition(positions, kiruna.id)).toBeNull();
  });

  it('refuses a version that does not follow the last one, changing nothing', () => {
    const positions: PositionsData = new Map();
    expect(applyPositionStated(positions, stated(malmo, 2, 'opposes'))).toBe(false);
    expect(positions.size).toBe(0);
    applyPositionStated(positions, stated(malmo, 1, 'opposes'));
    expect(applyPositionStated(positions, stated(malmo, 1, 'supports'))).toBe(false);
    expect(applyPositionStated(positions, stated(malmo, 3, 'supports'))).toBe(false);
    expect(positions.get(malmo.id)?.versions.length).toBe(1);
  });
});

describe('the tally', () => {
  it('groups ministries and agencies as the state, and associations with others', () => {
    expect(tallyGroupOf('ministry')).toBe('state');
    expect(tallyGroupOf('agency')).toBe('state');
    expect(tallyGroupOf('municipality')).toBe('municipalities');
    expect(tallyGroupOf('region')).toBe('regions');
    expect(tallyGroupOf('association')).toBe('others');
    expect(tallyGroupOf('other')).toBe('others');
  });

  it('counts the latest position of each invited organisation by part, and who has not answered', () => {
    const positions: PositionsData = new Map();
    applyPositionStated(positions, stated(malmo, 1, 'opposes'));
    applyPositionStated(positions, stated(malmo, 2, 'supports_with_reservations'));
    applyPositionStated(positions, stated(skane, 1, 'no_comments'));
    applyPositionStated(positions, stated(finans, 1, 'supports'));
    const result = tally([malmo, kiruna, skane, finans, statskontoret, skr], positions);
    const byGroup = new Map(result.groups.map((g) => [g.group, g]));
    expect(result.groups.map((g) => g.group)).toEqual([
      'state',
      'municipalities',
      'regions',
      'others',
    ]);
    expect(byGroup.get('municipalities')).toMatchObject({ invited: 2, unanswered: 1 });
    expect(byGroup.get('municipalities')!.counts.supports_with_reservations).toBe(1);
    expect(byGroup.get('municipalities')!.counts.opposes).toBe(0); // only the latest counts
    expect(byGroup.get('regions')!.counts.no_comments).toBe(1);
    expect(byGroup.get('state')).toMatchObject({ invited: 2, unanswered: 1 });
    expect(byGroup.get('others')).toMatchObject({ invited: 1, unanswered: 1 });
    expect(result.total).toMatchObject({ invited: 6, unanswered: 3 });
    expect(result.total.counts.supports).toBe(1);
    expect(result.unanswered.map((o) => o.name)).toEqual([
      'Kiruna kommun',
      'Statskontoret',
      'Sveriges Kommuner och Regioner',
    ]);
    expect(result.answered.map((a) => a.organisation.name)).toEqual([
      'Finansdepartementet',
      'Malmö stad',
      'Region Skåne',
    ]);
  });

  it('leaves out an organisation that is no longer invited, whatever it stated', () => {
    const positions: PositionsData = new Map();
    applyPositionStated(positions, stated(kiruna, 1, 'opposes'));
    const result = tally([malmo], positions);
    expect(result.total).toMatchObject({ invited: 1, unanswered: 1 });
    expect(result.total.counts.opposes).toBe(0);
    expect(result.answered).toEqual([]);
  });
});
