// The codec for the agenda, preparation threads and proposal versions (protocol/README.md,
// "Agenda items and thread status", "Proposal versions"): the new events and results decode
// exactly as the examples captured from the server say, bad values are refused where the schemas
// refuse them, and the new requests are built field by field in the spec's order.

import { describe, expect, it } from 'vitest';
import {
  decodeResultFor,
  decodeServerValue,
  DecodeError,
} from '../../../web-client/src/protocol/decode';
import { buildRequest, encodeRequest } from '../../../web-client/src/protocol/encode';
import {
  checkText,
  PROPOSAL_MAX_BYTES,
  REASON_MAX_BYTES,
  utf8Length,
} from '../../../web-client/src/protocol/limits';
import {
  isPreparationStream,
  preparationStreamOf,
  type RequestBody,
} from '../../../web-client/src/protocol/messages';
import {
  clientExamples,
  createAjv,
  invalidExamples,
  serverExamples,
  validator,
} from './protocol_fixtures';

const ajv = createAjv();
const validateServerMessage = validator(ajv, 'server/message.schema.json');
const validateRequest = validator(ajv, 'client/request.schema.json');

function example(name: string): Record<string, unknown> {
  const found = serverExamples.find((e) => e.name === name);
  if (!found) throw new Error(`no server example ${name}`);
  return JSON.parse(found.text) as Record<string, unknown>;
}

function withData(event: Record<string, unknown>, patch: Record<string, unknown>): unknown {
  return { ...event, data: { ...(event['data'] as object), ...patch } };
}

const NEW_KINDS = [
  'agenda_item_proposed',
  'agenda_item_decided',
  'thread_moved',
  'thread_locked',
  'post_pinned',
  'proposal_revised',
] as const;

const NEW_REQUESTS = [
  'propose_agenda_item',
  'decide_agenda_item',
  'move_thread',
  'lock_thread',
  'pin_post',
  'revise_proposal',
] as const;

describe('agenda examples', () => {
  it('cover every new event kind, request and result, and create_thread with a stream', () => {
    const kinds = new Set(
      serverExamples
        .map((e) => JSON.parse(e.text) as Record<string, unknown>)
        .filter((m) => m['type'] === 'event')
        .map((m) => m['kind']),
    );
    for (const kind of NEW_KINDS) expect(kinds.has(kind), kind).toBe(true);
    const requests = new Set(
      clientExamples.map((e) => (JSON.parse(e.text) as Record<string, unknown>)['type']),
    );
    for (const type of NEW_REQUESTS) {
      expect(requests.has(type), type).toBe(true);
      expect(
        serverExamples.some((e) => e.name === `result_${type}.json`),
        type,
      ).toBe(true);
    }
    expect(
      clientExamples.some((e) => {
        const json = JSON.parse(e.text) as Record<string, unknown>;
        return json['type'] === 'create_thread' && 'stream' in json;
      }),
    ).toBe(true);
  });

  it('have invalid frames for every new request', () => {
    const manifest = JSON.parse(
      invalidExamples.find((e) => e.name === 'manifest.json')?.text ?? '{}',
    ) as Record<string, { code: string; id: number | null }>;
    for (const type of NEW_REQUESTS) {
      const names = Object.keys(manifest).filter((name) => name.startsWith(`${type}_`));
      expect(names.length, type).toBeGreaterThanOrEqual(2);
      for (const name of names) expect(manifest[name]?.id, name).not.toBeNull();
    }
  });
});

describe('decoder: the agenda', () => {
  it('reads a proposed item, with and without a motivation', () => {
    expect(decodeServerValue(example('event_agenda_item_proposed.json'))).toMatchObject({
      kind: 'agenda_item_proposed',
      stream: 'main',
      seq: 13,
      actor: { name: 'Anna Lind' },
      data: { thread_id: 12, title: 'Övergångsregler för pågående projekt' },
    });
    expect(
      decodeServerValue(example('event_agenda_item_proposed_without_motivation.json')),
    ).toMatchObject({ data: { thread_id: 14, motivation: '' } });
  });

  it('reads decisions, moves, locks, pins and revisions with their nulls and booleans', () => {
    const data = (name: string): unknown =>
      (decodeServerValue(example(name)) as { data: unknown }).data;
    expect(data('event_agenda_item_decided.json')).toEqual({
      thread_id: 12,
      accepted: true,
      reason: '',
    });
    expect(data('event_agenda_item_decided_declined.json')).toMatchObject({
      thread_id: 14,
      accepted: false,
    });
    expect(data('event_thread_moved.json')).toEqual({ thread_id: 12, before: 2 });
    expect(data('event_thread_moved_to_end.json')).toEqual({ thread_id: 1, before: null });
    expect(data('event_thread_locked.json')).toEqual({ thread_id: 3, locked: true });
    expect(data('event_thread_unlocked.json')).toEqual({ thread_id: 3, locked: false });
    expect(data('event_post_pinned.json')).toEqual({ thread_id: 1, post_id: 3 });
    expect(data('event_post_unpinned.json')).toEqual({ thread_id: 1, post_id: null });
    expect(data('event_proposal_revised.json')).toMatchObject({ version: 2 });
  });

  it('reads proposal_version of a post, and leaves it absent in posts written before versions', () => {
    expect(decodeServerValue(example('event_post_created_proposal_version.json'))).toMatchObject({
      data: { post_id: 21, thread_id: 12, proposal_version: 2 },
    });
    const older = decodeServerValue(example('event_post_created.json')) as { data: object };
    expect('proposal_version' in older.data).toBe(false);
  });

  it('reads a thread created in a preparation stream', () => {
    expect(decodeServerValue(example('event_thread_created_preparation.json'))).toMatchObject({
      kind: 'thread_created',
      stream: 'municipal_preparation',
      seq: 5,
      data: { thread_id: 13 },
    });
  });

  it('refuses malformed agenda data where the schema does, naming the field', () => {
    const proposed = example('event_agenda_item_proposed.json');
    const decided = example('event_agenda_item_decided.json');
    const moved = example('event_thread_moved.json');
    const locked = example('event_thread_locked.json');
    const pinned = example('event_post_pinned.json');
    const revised = example('event_proposal_revised.json');
    const post = example('event_post_created_proposal_version.json');
    const cases: Array<[unknown, RegExp]> = [
      [withData(proposed, { motivation: null }), /^event\.data\.motivation: /],
      [withData(proposed, { thread_id: 0 }), /^event\.data\.thread_id: /],
      [withData(decided, { accepted: 'yes' }), /^event\.data\.accepted: /],
      [withData(decided, { accepted: 1 }), /^event\.data\.accepted: /],
      [withData(decided, { reason: null }), /^event\.data\.reason: /],
      [withData(moved, { before: 0 }), /^event\.data\.before: /],
      [withData(moved, { before: '2' }), /^event\.data\.before: /],
      [withData(locked, { locked: 1 }), /^event\.data\.locked: /],
      [withData(locked, { locked: null }), /^event\.data\.locked: /],
      [withData(pinned, { post_id: '3' }), /^event\.data\.post_id: /],
      [withData(pinned, { post_id: false }), /^event\.data\.post_id: /],
      [withData(revised, { version: 1 }), /^event\.data\.version: /],
      [withData(revised, { version: 2.5 }), /^event\.data\.version: /],
      [withData(revised, { proposal: null }), /^event\.data\.proposal: /],
      [withData(post, { proposal_version: 0 }), /^event\.data\.proposal_version: /],
      [withData(post, { proposal_version: '2' }), /^event\.data\.proposal_version: /],
      [withData(post, { proposal_version: null }), /^event\.data\.proposal_version: /],
    ];
    for (const [value, error] of cases) {
      expect(validateServerMessage(value), JSON.stringify(value)).toBe(false);
      expect(() => decodeServerValue(value), JSON.stringify(value)).toThrow(error);
    }
  });

  it('keeps an agenda kind it does not know as unknown, so the seq still counts', () => {
    const decoded = decodeServerValue({
      ...example('event_thread_locked.json'),
      kind: 'meeting_scheduled',
    });
    expect(decoded).toMatchObject({ kind: 'unknown', original_kind: 'meeting_scheduled', seq: 16 });
  });
});

describe('decoder: results of the agenda requests', () => {
  it('reads the thread of a proposed item and the place of every other change', () => {
    expect(decodeResultFor('propose_agenda_item', { round_id: 1, seq: 13, thread_id: 12 })).toEqual(
      { round_id: 1, seq: 13, thread_id: 12 },
    );
    expect(() => decodeResultFor('propose_agenda_item', { round_id: 1, seq: 13 })).toThrow(
      /thread_id: missing/,
    );
    for (const type of [
      'decide_agenda_item',
      'move_thread',
      'lock_thread',
      'pin_post',
      'revise_proposal',
    ] as const) {
      expect(decodeResultFor(type, { round_id: 1, seq: 14 })).toEqual({ round_id: 1, seq: 14 });
      expect(() => decodeResultFor(type, { round_id: 1, seq: 0 }), type).toThrow(DecodeError);
    }
  });

  it('says which stream a new thread or post went to', () => {
    const result = example('result_create_thread_preparation_stream.json')['result'] as Record<
      string,
      unknown
    >;
    expect(decodeResultFor('create_thread', result)).toEqual({
      round_id: 1,
      stream: 'municipal_preparation',
      seq: 5,
      thread_id: 13,
    });
    expect(decodeResultFor('create_thread', { round_id: 1, seq: 3, thread_id: 4 })).toMatchObject({
      stream: 'main',
    });
    expect(
      decodeResultFor('create_post', {
        round_id: 1,
        stream: 'state_preparation',
        seq: 2,
        post_id: 9,
      }),
    ).toMatchObject({ stream: 'state_preparation' });
    expect(() =>
      decodeResultFor('create_thread', { round_id: 1, stream: 'other', seq: 3, thread_id: 4 }),
    ).toThrow(/stream/);
  });
});

describe('encoder: the agenda requests', () => {
  it('builds valid requests of every new type', () => {
    const bodies: RequestBody[] = [
      { type: 'create_thread', round_id: 1, stream: 'state_preparation', title: 'Statens linje' },
      { type: 'create_thread', round_id: 1, stream: 'main', title: 'Ny punkt' },
      { type: 'propose_agenda_item', round_id: 1, title: 'Övergångsregler' },
      { type: 'propose_agenda_item', round_id: 1, title: 'Övergångsregler', motivation: '' },
      { type: 'decide_agenda_item', round_id: 1, thread_id: 12, accept: true },
      { type: 'decide_agenda_item', round_id: 1, thread_id: 12, accept: false, reason: 'Nej.' },
      { type: 'move_thread', round_id: 1, thread_id: 12, before: 2 },
      { type: 'move_thread', round_id: 1, thread_id: 12, before: null },
      { type: 'lock_thread', round_id: 1, thread_id: 3, locked: true },
      { type: 'lock_thread', round_id: 1, thread_id: 3, locked: false },
      { type: 'pin_post', round_id: 1, thread_id: 1, post_id: 3 },
      { type: 'pin_post', round_id: 1, thread_id: 1, post_id: null },
      { type: 'revise_proposal', round_id: 1, proposal: '' },
    ];
    for (const [i, body] of bodies.entries()) {
      const encoded: unknown = JSON.parse(encodeRequest(i + 1, body));
      expect(
        validateRequest(encoded),
        `${body.type}: ${JSON.stringify(validateRequest.errors)}`,
      ).toBe(true);
    }
  });

  it('writes the fields in the spec order, optional ones only when given, null when null', () => {
    const keys = (body: RequestBody): string[] => Object.keys(buildRequest(7, body));
    expect(keys({ type: 'create_thread', round_id: 1, title: 'x' })).toEqual([
      'type',
      'id',
      'round_id',
      'title',
    ]);
    expect(
      keys({ type: 'create_thread', round_id: 1, stream: 'municipal_preparation', title: 'x' }),
    ).toEqual(['type', 'id', 'round_id', 'stream', 'title']);
    expect(keys({ type: 'propose_agenda_item', round_id: 1, title: 'x' })).toEqual([
      'type',
      'id',
      'round_id',
      'title',
    ]);
    expect(keys({ type: 'propose_agenda_item', round_id: 1, title: 'x', motivation: 'y' })).toEqual(
      ['type', 'id', 'round_id', 'title', 'motivation'],
    );
    expect(
      keys({ type: 'decide_agenda_item', round_id: 1, thread_id: 2, accept: false, reason: 'y' }),
    ).toEqual(['type', 'id', 'round_id', 'thread_id', 'accept', 'reason']);
    // `before` and `post_id` are required: null goes on the wire, it is not left out.
    expect(
      JSON.parse(
        encodeRequest(8, { type: 'move_thread', round_id: 1, thread_id: 2, before: null }),
      ),
    ).toEqual({ type: 'move_thread', id: 8, round_id: 1, thread_id: 2, before: null });
    expect(
      JSON.parse(encodeRequest(9, { type: 'pin_post', round_id: 1, thread_id: 2, post_id: null })),
    ).toEqual({ type: 'pin_post', id: 9, round_id: 1, thread_id: 2, post_id: null });
  });

  it('never sends a field the new request types do not define', () => {
    const sneaky = {
      type: 'lock_thread',
      round_id: 1,
      thread_id: 3,
      locked: true,
      stream: 'main',
    } as unknown as RequestBody;
    expect(JSON.parse(encodeRequest(3, sneaky))).toEqual({
      type: 'lock_thread',
      id: 3,
      round_id: 1,
      thread_id: 3,
      locked: true,
    });
  });
});

describe('client schemas: the agenda requests', () => {
  it('require before and post_id, which may be null but not 0, and booleans as booleans', () => {
    const move = validator(ajv, 'client/move_thread.schema.json');
    const lock = validator(ajv, 'client/lock_thread.schema.json');
    const pin = validator(ajv, 'client/pin_post.schema.json');
    const decide = validator(ajv, 'client/decide_agenda_item.schema.json');
    const base = { id: 1, round_id: 1, thread_id: 2 };
    expect(move({ ...base, type: 'move_thread', before: null })).toBe(true);
    expect(move({ ...base, type: 'move_thread' })).toBe(false);
    expect(move({ ...base, type: 'move_thread', before: 0 })).toBe(false);
    expect(pin({ ...base, type: 'pin_post', post_id: null })).toBe(true);
    expect(pin({ ...base, type: 'pin_post' })).toBe(false);
    expect(lock({ ...base, type: 'lock_thread', locked: 1 })).toBe(false);
    expect(decide({ ...base, type: 'decide_agenda_item', accept: 'yes' })).toBe(false);
    // Declining without a reason is well-formed; the server refuses it after its other checks.
    expect(decide({ ...base, type: 'decide_agenda_item', accept: false })).toBe(true);
  });
});

describe('text limits of the agenda requests', () => {
  it('are the byte limits the schemas bound in characters', () => {
    const propose = validator(ajv, 'client/propose_agenda_item.schema.json');
    const revise = validator(ajv, 'client/revise_proposal.schema.json');
    const item = { type: 'propose_agenda_item', id: 1, round_id: 1, title: 'x' };
    expect(propose({ ...item, motivation: 'a'.repeat(REASON_MAX_BYTES) })).toBe(true);
    expect(propose({ ...item, motivation: 'a'.repeat(REASON_MAX_BYTES + 1) })).toBe(false);
    const proposal = { type: 'revise_proposal', id: 1, round_id: 1 };
    expect(revise({ ...proposal, proposal: 'a'.repeat(PROPOSAL_MAX_BYTES) })).toBe(true);
    expect(revise({ ...proposal, proposal: 'a'.repeat(PROPOSAL_MAX_BYTES + 1) })).toBe(false);
    // The invalid example of 1001 characters passes the schema but not the byte limit.
    const frame = JSON.parse(
      invalidExamples.find((e) => e.name === 'propose_agenda_item_motivation_2001_bytes.json')
        ?.text ?? '{}',
    ) as { motivation: string };
    expect(utf8Length(frame.motivation)).toBe(REASON_MAX_BYTES + 1);
    expect(checkText(frame.motivation, REASON_MAX_BYTES)).toBe('too_long');
  });
});

describe('preparation streams', () => {
  it('belong to the state and municipal sides; neutral organisations have none', () => {
    expect(preparationStreamOf('state')).toBe('state_preparation');
    expect(preparationStreamOf('municipal')).toBe('municipal_preparation');
    expect(preparationStreamOf('neutral')).toBeNull();
    expect(isPreparationStream('main')).toBe(false);
    expect(isPreparationStream('state_preparation')).toBe(true);
  });
});
