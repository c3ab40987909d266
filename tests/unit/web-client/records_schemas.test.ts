// The JSON Schemas of the record exports (protocol/schemas/records/) against the hand-built
// fixtures of the C++ exporters (tests/unit/records/fixtures/) and the published example bundle:
// the schemas accept what records.md describes and refuse what it does not.

import { describe, expect, it } from 'vitest';
import { createAjv } from './protocol_fixtures';

const fixtureTexts = import.meta.glob('../records/fixtures/*.json', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const exampleBundleText = Object.values(
  import.meta.glob('../../../protocol/examples/records/bundle-valid.json', {
    query: '?raw',
    import: 'default',
    eager: true,
  }) as Record<string, string>,
)[0];

const RECORDS_BASE = 'https://samrad.example/protocol/records/v1/';

function fixture(name: string): unknown {
  const entry = Object.entries(fixtureTexts).find(([path]) => path.endsWith(`/${name}`));
  if (!entry) throw new Error(`no fixture ${name}`);
  return JSON.parse(entry[1]);
}

const ajv = createAjv();
const validateRecord = ajv.getSchema(`${RECORDS_BASE}decision_record.schema.json`);
const validateBundle = ajv.getSchema(`${RECORDS_BASE}record_bundle.schema.json`);
const validateExport = ajv.getSchema(`${RECORDS_BASE}records_export.schema.json`);

function errorsOf(validate: typeof validateRecord): string {
  return JSON.stringify(validate?.errors ?? [], null, 2);
}

describe('record schemas', () => {
  it('are versioned by their $id and compile in strict mode', () => {
    expect(validateRecord).toBeDefined();
    expect(validateBundle).toBeDefined();
    expect(validateExport).toBeDefined();
  });

  it('accept the fixture decision record', () => {
    const record = fixture('decision_record.json');
    expect(validateRecord?.(record), errorsOf(validateRecord)).toBe(true);
  });

  it('accept the fixture bundle, whose record is the fixture record', () => {
    const bundle = fixture('bundle.json') as { record: unknown };
    expect(validateBundle?.(bundle), errorsOf(validateBundle)).toBe(true);
    expect(bundle.record).toEqual(fixture('decision_record.json'));
  });

  it('validate every fixture by its format', () => {
    const names = Object.keys(fixtureTexts).map((path) => path.slice(path.lastIndexOf('/') + 1));
    expect(names.sort()).toEqual(['bundle.json', 'decision_record.json']);
  });

  it('accept the published example bundle and its record', () => {
    const bundle = JSON.parse(exampleBundleText ?? '') as { record: unknown };
    expect(validateBundle?.(bundle), errorsOf(validateBundle)).toBe(true);
    expect(validateRecord?.(bundle.record), errorsOf(validateRecord)).toBe(true);
  });

  it('accept a bulk export of bundles and refuse one that is not', () => {
    const bundle = fixture('bundle.json');
    const exported = {
      format: 'samrad-records-export/1',
      exported_at: '2026-11-30T14:02:00.000Z',
      bundles: [bundle, bundle],
    };
    expect(validateExport?.(exported), errorsOf(validateExport)).toBe(true);
    expect(validateExport?.({ ...exported, bundles: [] })).toBe(true);
    expect(validateExport?.({ ...exported, format: 'samrad-records-export/2' })).toBe(false);
    expect(
      validateExport?.({ ...exported, bundles: [{ ...(bundle as object), log_index: -1 }] }),
    ).toBe(false);
    expect(validateExport?.({ ...exported, exported_at: 'i går' })).toBe(false);
    const { exported_at: _dropped, ...withoutTime } = exported;
    expect(validateExport?.(withoutTime)).toBe(false);
  });

  it('accept a correction that names the record it supersedes and why', () => {
    const record = fixture('decision_record.json') as Record<string, unknown>;
    record.supersedes = { log_index: 0, leaf_hash: `${'A'.repeat(43)}=`, reason: 'Fel år.' };
    expect(validateRecord?.(record), errorsOf(validateRecord)).toBe(true);
  });

  const refused: [string, (record: Record<string, any>) => void][] = [
    ['a missing key', (r) => delete r.counts],
    ['an unknown key', (r) => (r.extra = 1)],
    ['another format', (r) => (r.format = 'samrad-decision-record/2')],
    ['an unknown stance', (r) => (r.positions[0].versions[0].stance = 'maybe')],
    ['a position without versions', (r) => (r.positions[0].versions = [])],
    ['a time without milliseconds', (r) => (r.round.decided_at = '2026-11-30T13:02:00Z')],
    ['an upper-case hash', (r) => (r.proposal.sha256 = r.proposal.sha256.toUpperCase())],
    ['an outcome that is a string', (r) => (r.outcome = 'Förslaget antas.')],
    ['an unknown response', (r) => (r.responses[0].response = 'rejected')],
    ['a person with an e-mail address', (r) => (r.round.decided_by.email = 'a@b.se')],
    [
      'a correction without its reason',
      (r) => (r.supersedes = { log_index: 0, leaf_hash: `${'A'.repeat(43)}=` }),
    ],
  ];
  for (const [what, change] of refused) {
    it(`refuse ${what}`, () => {
      const record = fixture('decision_record.json') as Record<string, any>;
      change(record);
      expect(validateRecord?.(record)).toBe(false);
    });
  }
});
