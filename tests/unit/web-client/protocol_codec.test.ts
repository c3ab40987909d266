// The client's protocol codec against the shared fixtures in protocol/: every server example
// decodes, every request the encoder builds validates against the client schemas, and the
// hand-written decoder agrees with the schemas about which fields are required.

import { describe, expect, it } from 'vitest';
import {
  decodeResultFor,
  decodeServerMessage,
  decodeServerValue,
  DecodeError,
} from '../../../web-client/src/protocol/decode';
import { buildRequest, encodeRequest } from '../../../web-client/src/protocol/encode';
import {
  isClientTimestamp,
  timestampMillis,
  wireTimestamp,
} from '../../../web-client/src/protocol/timestamps';
import type { RequestBody, RequestType } from '../../../web-client/src/protocol/messages';
import {
  clientExamples,
  createAjv,
  invalidExamples,
  schemaCount,
  serverExamples,
  validator,
} from './protocol_fixtures';

const ajv = createAjv();
const validateServerMessage = validator(ajv, 'server/message.schema.json');
const validateRequest = validator(ajv, 'client/request.schema.json');

const RESULT_TYPES: Record<string, RequestType> = {
  'result_list_rounds.json': 'list_rounds',
  'result_list_rounds_empty.json': 'list_rounds',
  'result_subscribe.json': 'subscribe',
  'result_subscribe_preparation_stream.json': 'subscribe',
  'result_unsubscribe.json': 'unsubscribe',
  'result_unsubscribe_preparation_stream.json': 'unsubscribe',
  'result_create_thread.json': 'create_thread',
  'result_create_post.json': 'create_post',
  'result_list_rounds_schedule.json': 'list_rounds',
  'result_list_organisations.json': 'list_organisations',
  'result_create_round.json': 'create_round',
  'result_change_phase.json': 'change_phase',
  'result_set_schedule.json': 'set_schedule',
  'result_invite_organisation.json': 'invite_organisation',
  'result_withdraw_invitation.json': 'withdraw_invitation',
  'result_create_thread_preparation_stream.json': 'create_thread',
  'result_propose_agenda_item.json': 'propose_agenda_item',
  'result_decide_agenda_item.json': 'decide_agenda_item',
  'result_move_thread.json': 'move_thread',
  'result_lock_thread.json': 'lock_thread',
  'result_pin_post.json': 'pin_post',
  'result_revise_proposal.json': 'revise_proposal',
  'result_list_participation.json': 'list_participation',
  'result_list_presence.json': 'list_presence',
  'result_send_reminder.json': 'send_reminder',
  'result_state_position.json': 'state_position',
  'result_write_outcome.json': 'write_outcome',
  'result_attach_dissent.json': 'attach_dissent',
  'result_write_minutes.json': 'write_minutes',
  'result_write_joint_document.json': 'write_joint_document',
  'result_approve_joint_document.json': 'approve_joint_document',
  'result_edit_post.json': 'edit_post',
  'result_edit_post_preparation_stream.json': 'edit_post',
  'result_hide_post.json': 'hide_post',
  'result_unhide_post.json': 'unhide_post',
  'result_report_post.json': 'report_post',
  'result_dismiss_report.json': 'dismiss_report',
  'result_post_history.json': 'post_history',
  'result_post_history_hidden.json': 'post_history',
  'result_subscribe_moderation_stream.json': 'subscribe',
};

// Results that say which stream their request went to: decoded with `stream` always set.
const STREAM_RESULTS: ReadonlySet<RequestType> = new Set([
  'subscribe',
  'unsubscribe',
  'create_thread',
  'create_post',
  'edit_post',
  'dismiss_report',
]);

// What the decoder makes of a wire object that may carry `stream`: absent means main, and the
// decoded value always says so.
function withStream(value: unknown): unknown {
  return { stream: 'main', ...(value as object) };
}

// Server messages that name a stream: events and subscription_ended.
function hasStream(type: string): boolean {
  return type === 'event' || type === 'subscription_ended';
}

function example(name: string): Record<string, unknown> {
  const found = serverExamples.find((e) => e.name === name);
  if (!found) throw new Error(`no server example ${name}`);
  return JSON.parse(found.text) as Record<string, unknown>;
}

// Every path to a property inside a JSON value, e.g. ["data", "invited", 0, "kind"].
function propertyPaths(
  value: unknown,
  prefix: Array<string | number> = [],
): Array<Array<string | number>> {
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => propertyPaths(item, [...prefix, i]));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, inner]) => [
      [...prefix, key],
      ...propertyPaths(inner, [...prefix, key]),
    ]);
  }
  return [];
}

function without(value: unknown, path: Array<string | number>): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  delete node[path[path.length - 1] as string | number];
  return copy;
}

function decodes(value: unknown, name: string): boolean {
  try {
    const message = decodeServerValue(value);
    const resultType = RESULT_TYPES[name];
    if (message.type === 'result' && resultType) decodeResultFor(resultType, message.result);
    return true;
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    return false;
  }
}

describe('protocol fixtures', () => {
  it('are present', () => {
    expect(serverExamples.length).toBeGreaterThanOrEqual(10);
    expect(clientExamples.length).toBeGreaterThanOrEqual(5);
    expect(schemaCount).toBeGreaterThanOrEqual(10);
  });
});

describe('decoder', () => {
  it.each(serverExamples.map((e) => [e.name, e] as const))(
    'decodes server/%s',
    (_name, example) => {
      const json: unknown = JSON.parse(example.text);
      expect(validateServerMessage(json), JSON.stringify(validateServerMessage.errors)).toBe(true);
      const message = decodeServerMessage(example.text);
      // Every example uses only fields this client knows, so nothing is lost in decoding; an
      // event without `stream` is decoded as one of the main stream.
      expect(message).toEqual(hasStream(message.type) ? withStream(json) : json);
      if (message.type === 'result') {
        const type = RESULT_TYPES[example.name];
        expect(type, `result example ${example.name} needs a request type`).toBeDefined();
        const result = (json as { result: unknown }).result;
        expect(decodeResultFor(type as RequestType, message.result)).toEqual(
          STREAM_RESULTS.has(type as RequestType) ? withStream(result) : result,
        );
        // Each result validates against the schema of its own request type only where it fits.
        const own = validator(ajv, `server/result_${type as string}.schema.json`);
        expect(own(json)).toBe(true);
      }
    },
  );

  it('agrees with the schemas on every removed field', () => {
    let refused = 0;
    for (const example of serverExamples) {
      const json: unknown = JSON.parse(example.text);
      for (const path of propertyPaths(json)) {
        const broken = without(json, path);
        let schemaValid = validateServerMessage(broken);
        const resultType = RESULT_TYPES[example.name];
        if (schemaValid && resultType) {
          schemaValid = validator(ajv, `server/result_${resultType}.schema.json`)(broken);
        }
        expect(decodes(broken, example.name), `${example.name} without ${path.join('.')}`).toBe(
          schemaValid,
        );
        if (!schemaValid) refused += 1;
      }
    }
    expect(refused).toBeGreaterThan(50);
  });

  it('refuses unknown message types, wrong types and bad values with the field named', () => {
    const welcome = JSON.parse(
      serverExamples.find((e) => e.name === 'welcome.json')?.text ?? '{}',
    ) as Record<string, unknown>;
    const cases: Array<[unknown, string]> = [
      [{ ...welcome, type: 'welcomed' }, 'message.type'],
      [{ ...welcome, protocol: '1' }, 'welcome.protocol'],
      [
        {
          ...welcome,
          person: { ...(welcome['person'] as object), role: 'king' },
        },
        'welcome.person.role',
      ],
      [{ ...welcome, person: { ...(welcome['person'] as object), id: 1.5 } }, 'welcome.person.id'],
      [[welcome], 'message'],
      [null, 'message'],
      [{ type: 'result', id: 0, result: {} }, 'result.id'],
      [{ type: 'result', id: 2 ** 53, result: {} }, 'result.id'],
      [{ type: 'error', id: 'x', error: { code: 'internal', message: '' } }, 'error.id'],
      [
        { type: 'error', id: 3, error: { code: 'rate_limited', message: '', retry_after_ms: 0 } },
        'error.error.retry_after_ms',
      ],
    ];
    for (const [value, path] of cases) {
      expect(() => decodeServerValue(value)).toThrow(DecodeError);
      try {
        decodeServerValue(value);
      } catch (error) {
        expect((error as DecodeError).path).toBe(path);
      }
    }
    expect(() => decodeServerMessage('{"type":')).toThrow(/not valid JSON/);
  });

  it('reads the wait a rate_limited error asks for, and leaves it out where there is none', () => {
    expect(
      decodeServerValue({
        type: 'error',
        id: 3,
        error: { code: 'rate_limited', message: 'Too many', retry_after_ms: 250 },
      }),
    ).toEqual({
      type: 'error',
      id: 3,
      error: { code: 'rate_limited', message: 'Too many', retryAfterMs: 250 },
    });
    expect(
      decodeServerValue({ type: 'error', id: null, error: { code: 'bad_json', message: '' } }),
    ).toEqual({
      type: 'error',
      id: null,
      error: { code: 'bad_json', message: '' },
    });
  });

  it('checks event data per kind', () => {
    const post = JSON.parse(
      serverExamples.find((e) => e.name === 'event_post_created.json')?.text ?? '{}',
    ) as { data: Record<string, unknown> };
    const bad = { ...post, data: { ...post.data, reply_to: 'x' } };
    expect(() => decodeServerValue(bad)).toThrow(/event\.data\.reply_to/);
    const badTime = { ...post, at: 'yesterday' };
    expect(() => decodeServerValue(badTime)).toThrow(/event\.at/);
  });

  it('ignores fields it does not know, as the spec asks of clients', () => {
    const text = serverExamples.find((e) => e.name === 'event_thread_created.json')?.text ?? '';
    const json = JSON.parse(text) as Record<string, unknown>;
    const extended = {
      ...json,
      trace: 'abc',
      data: { ...(json['data'] as object), pinned: true },
    };
    expect(decodeServerValue(extended)).toEqual(withStream(json));
  });

  it('reads the stream of events and of subscribe and unsubscribe results', () => {
    const eventOf = (name: string) =>
      JSON.parse(serverExamples.find((e) => e.name === name)?.text ?? '{}') as Record<
        string,
        unknown
      >;
    const main = eventOf('event_post_created.json');
    const preparation = eventOf('event_post_created_preparation.json');
    expect(decodeServerValue(main)).toMatchObject({ stream: 'main', seq: 5 });
    expect(decodeServerValue(preparation)).toMatchObject({
      stream: 'municipal_preparation',
      seq: 1,
    });
    // The server never writes "main" (the schema says so), but a tolerant reader takes it.
    expect(validateServerMessage({ ...main, stream: 'main' })).toBe(false);
    expect(decodeServerValue({ ...main, stream: 'main' })).toMatchObject({ stream: 'main' });
    for (const type of ['subscribe', 'unsubscribe'] as const) {
      const result =
        type === 'subscribe' ? { round_id: 1, head_seq: 0, epoch: 'e1' } : { round_id: 1 };
      expect(decodeResultFor(type, result)).toMatchObject({ stream: 'main' });
      expect(decodeResultFor(type, { ...result, stream: 'state_preparation' })).toMatchObject({
        stream: 'state_preparation',
      });
    }
  });

  it('refuses a stream name outside the spec, as the schemas do', () => {
    const event = JSON.parse(
      serverExamples.find((e) => e.name === 'event_post_created_preparation.json')?.text ?? '{}',
    ) as Record<string, unknown>;
    for (const bad of ['Main', 'other', 'preparation', '', null, 1, ['main'], { name: 'main' }]) {
      const broken = { ...event, stream: bad };
      expect(validateServerMessage(broken), JSON.stringify(bad)).toBe(false);
      expect(() => decodeServerValue(broken), JSON.stringify(bad)).toThrow(/^event\.stream: /);
      for (const type of ['subscribe', 'unsubscribe'] as const) {
        expect(() => decodeResultFor(type, { round_id: 1, head_seq: 0, stream: bad })).toThrow(
          DecodeError,
        );
        const answer = {
          type: 'result',
          id: 12,
          result: { round_id: 1, head_seq: 0, stream: bad },
        };
        expect(validator(ajv, `server/result_${type}.schema.json`)(answer)).toBe(false);
      }
    }
  });

  it('keeps an event of an unknown kind with its seq, so the seq chain stays whole', () => {
    const text = serverExamples.find((e) => e.name === 'event_thread_created.json')?.text ?? '';
    const json = JSON.parse(text) as Record<string, unknown>;
    const decoded = decodeServerValue({
      ...json,
      kind: 'a_kind_added_later',
      data: { x: 1 },
    });
    expect(decoded).toMatchObject({
      type: 'event',
      kind: 'unknown',
      original_kind: 'a_kind_added_later',
      seq: 2,
    });
  });
});

describe('decoder: round life cycle', () => {
  it('reads round_created with kind and sectors, and without them as older rounds have it', () => {
    const legacy = decodeServerValue(example('event_round_created.json')) as { data: object };
    expect('kind' in legacy.data || 'sectors' in legacy.data).toBe(false);
    expect(decodeServerValue(example('event_round_created_bilateral.json'))).toMatchObject({
      kind: 'round_created',
      data: { kind: 'bilateral', sectors: ['health_care', 'social_care'] },
    });
    const plenary = decodeServerValue(example('event_round_created_plenary.json')) as {
      data: object;
    };
    expect(plenary).toMatchObject({ data: { kind: 'plenary', proposal: '', invited: [] } });
    expect('sectors' in plenary.data).toBe(false);
  });

  it('refuses unknown kinds, sectors and phases and malformed life-cycle data, as the schema does', () => {
    const created = example('event_round_created_bilateral.json');
    const phase = example('event_phase_changed.json');
    const schedule = example('event_schedule_changed.json');
    const invited = example('event_organisation_invited.json');
    const data = (event: Record<string, unknown>, patch: Record<string, unknown>) => ({
      ...event,
      data: { ...(event['data'] as object), ...patch },
    });
    const cases: Array<[unknown, RegExp]> = [
      [data(created, { kind: 'trilateral' }), /^event\.data\.kind: /],
      [data(created, { kind: null }), /^event\.data\.kind: /],
      [data(created, { sectors: ['school', 'defence'] }), /^event\.data\.sectors\[1\]: /],
      [data(created, { sectors: 'school' }), /^event\.data\.sectors: /],
      [data(phase, { phase: 'archived' }), /^event\.data\.phase: /],
      [data(phase, { previous: 'Open' }), /^event\.data\.previous: /],
      [data(phase, { automatic: 'true' }), /^event\.data\.automatic: /],
      [data(phase, { automatic: null }), /^event\.data\.automatic: /],
      [data(schedule, { opens_at: 'tomorrow' }), /^event\.data\.opens_at: /],
      [data(schedule, { closes_at: 1795593600000 }), /^event\.data\.closes_at: /],
      [data(invited, { organisation: { id: 6, name: 'Skolverket' } }), /organisation\.kind: /],
      [data(invited, { organisation: 6 }), /^event\.data\.organisation: /],
    ];
    for (const [value, error] of cases) {
      expect(validateServerMessage(value), JSON.stringify(value)).toBe(false);
      expect(() => decodeServerValue(value), JSON.stringify(value)).toThrow(error);
    }
  });

  it('reads kind, sectors, schedule and preparation streams in list_rounds and refuses bad values there', () => {
    const rounds = decodeResultFor(
      'list_rounds',
      (example('result_list_rounds_schedule.json')['result'] as Record<string, unknown>) ?? {},
    ).rounds;
    expect(
      rounds.map((r) => [r.kind, r.sectors, r.opens_at, r.closes_at, r.preparation_streams]),
    ).toEqual([
      ['plenary', [], null, '2027-01-29T16:00:00.000Z', []],
      [
        'bilateral',
        ['health_care', 'social_care'],
        '2026-12-01T08:00:00.000Z',
        '2026-12-18T16:00:00.000Z',
        ['municipal_preparation', 'state_preparation'],
      ],
    ]);
    const validate = validator(ajv, 'server/result_list_rounds.schema.json');
    const answer = example('result_list_rounds_schedule.json');
    const first = (answer['result'] as { rounds: Array<Record<string, unknown>> }).rounds[0] ?? {};
    for (const patch of [
      { kind: 'trilateral' },
      { sectors: ['defence'] },
      { sectors: null },
      { opens_at: 'soon' },
      { closes_at: 0 },
      { preparation_streams: ['main'] },
      { preparation_streams: ['secret_preparation'] },
      { preparation_streams: null },
      { preparation_streams: undefined },
    ]) {
      const broken = { ...answer, result: { rounds: [{ ...first, ...patch }] } };
      expect(validate(broken), JSON.stringify(patch)).toBe(false);
      expect(() => decodeResultFor('list_rounds', broken.result), JSON.stringify(patch)).toThrow(
        DecodeError,
      );
    }
  });

  it('reads subscription_ended with its stream, and keeps a reason a newer server may add', () => {
    expect(decodeServerValue(example('subscription_ended.json'))).toEqual({
      type: 'subscription_ended',
      round_id: 3,
      stream: 'main',
      reason: 'access_withdrawn',
    });
    expect(decodeServerValue(example('subscription_ended_preparation_stream.json'))).toMatchObject({
      stream: 'municipal_preparation',
    });
    const ended = example('subscription_ended.json');
    expect(decodeServerValue({ ...ended, reason: 'round_deleted' })).toMatchObject({
      reason: 'round_deleted',
    });
    expect(validateServerMessage({ ...ended, reason: 'round_deleted' })).toBe(false);
    for (const [value, error] of [
      [{ ...ended, reason: 'Access withdrawn' }, /^subscription_ended\.reason: /],
      [{ ...ended, reason: 1 }, /^subscription_ended\.reason: /],
      [{ ...ended, round_id: 0 }, /^subscription_ended\.round_id: /],
      [{ ...ended, stream: 'main_stream' }, /^subscription_ended\.stream: /],
    ] as Array<[unknown, RegExp]>) {
      expect(validateServerMessage(value)).toBe(false);
      expect(() => decodeServerValue(value)).toThrow(error);
    }
  });

  it('answers each round command with its place in the main stream', () => {
    for (const type of [
      'create_round',
      'change_phase',
      'set_schedule',
      'invite_organisation',
      'withdraw_invitation',
    ] as const) {
      expect(decodeResultFor(type, { round_id: 3, seq: 5 })).toEqual({ round_id: 3, seq: 5 });
      expect(() => decodeResultFor(type, { round_id: 3 })).toThrow(/seq: missing/);
      expect(() => decodeResultFor(type, { round_id: 3, seq: 0 })).toThrow(DecodeError);
    }
    expect(decodeResultFor('list_organisations', { organisations: [] })).toEqual({
      organisations: [],
    });
    expect(() =>
      decodeResultFor('list_organisations', {
        organisations: [{ id: 1, name: 'x', kind: 'ministry' }],
      }),
    ).toThrow(/organisations\[0\]\.side: missing/);
  });
});

// A request body from an example request (everything but the id and the key).
function bodyOf(example: Record<string, unknown>): RequestBody {
  const { id: _id, key: _key, ...rest } = example;
  if (rest['type'] === 'create_post' && !('reply_to' in rest)) rest['reply_to'] = null;
  return rest as unknown as RequestBody;
}

describe('encoder', () => {
  it.each(clientExamples.map((e) => [e.name, e] as const))(
    'client/%s validates against its schema and is rebuilt exactly by the encoder',
    (_name, example) => {
      const json = JSON.parse(example.text) as Record<string, unknown>;
      const type = json['type'] as string;
      const own = validator(ajv, `client/${type}.schema.json`);
      expect(own(json), JSON.stringify(own.errors)).toBe(true);
      expect(validateRequest(json)).toBe(true);

      const key = typeof json['key'] === 'string' ? json['key'] : undefined;
      const encoded = JSON.parse(encodeRequest(json['id'] as number, bodyOf(json), key)) as Record<
        string,
        unknown
      >;
      expect(own(encoded), JSON.stringify(own.errors)).toBe(true);
      const expected = { ...json };
      if (type === 'create_post' && !('reply_to' in expected)) expected['reply_to'] = null;
      expect(encoded).toEqual(expected);
    },
  );

  it('never sends fields the request type does not define', () => {
    const sneaky = {
      type: 'subscribe',
      round_id: 1,
      since: 0,
      extra: true,
    } as unknown as RequestBody;
    const encoded = JSON.parse(encodeRequest(3, sneaky)) as Record<string, unknown>;
    expect(encoded).toEqual({
      type: 'subscribe',
      id: 3,
      round_id: 1,
      since: 0,
    });
    expect(validator(ajv, 'client/subscribe.schema.json')(encoded)).toBe(true);
  });

  it('builds valid requests of every type', () => {
    const bodies: RequestBody[] = [
      { type: 'list_rounds' },
      { type: 'subscribe', round_id: 7, since: 0 },
      { type: 'subscribe', round_id: 7, since: 123 },
      { type: 'subscribe', round_id: 7, stream: 'state_preparation', since: 0 },
      { type: 'subscribe', round_id: 7, stream: 'main', since: 0 },
      { type: 'unsubscribe', round_id: 7 },
      { type: 'unsubscribe', round_id: 7, stream: 'municipal_preparation' },
      { type: 'create_thread', round_id: 1, title: 'Övergångsregler' },
      {
        type: 'create_post',
        round_id: 1,
        thread_id: 2,
        reply_to: null,
        body: 'Hej',
      },
      {
        type: 'create_post',
        round_id: 1,
        thread_id: 2,
        reply_to: 9,
        body: '**Ja** 👍',
      },
      { type: 'list_organisations' },
      { type: 'create_round', title: 'Skolan', proposal: '', kind: 'plenary' },
      {
        type: 'create_round',
        title: 'Vården',
        proposal: '# Förslag',
        kind: 'bilateral',
        sectors: ['health_care'],
        invited: [1, 2],
        opens_at: null,
        closes_at: wireTimestamp(Date.UTC(2026, 11, 15, 16)),
        agenda: ['Finansiering'],
      },
      { type: 'change_phase', round_id: 3, phase: 'decided' },
      { type: 'set_schedule', round_id: 3, opens_at: null, closes_at: null },
      {
        type: 'set_schedule',
        round_id: 3,
        opens_at: '2026-12-01T08:00:00Z',
        closes_at: '2026-12-18T16:00:00.000Z',
      },
      { type: 'invite_organisation', round_id: 3, organisation_id: 6 },
      { type: 'withdraw_invitation', round_id: 3, organisation_id: 4 },
    ];
    for (const [i, body] of bodies.entries()) {
      const encoded: unknown = JSON.parse(encodeRequest(i + 1, body));
      expect(
        validateRequest(encoded),
        `${body.type}: ${JSON.stringify(validateRequest.errors)}`,
      ).toBe(true);
    }
  });

  it('sends the optional fields of create_round only when given, and copies the arrays', () => {
    const sectors: Array<'school'> = ['school'];
    const encoded = buildRequest(5, {
      type: 'create_round',
      title: 'Skolan',
      proposal: '',
      kind: 'plenary',
      sectors,
      closes_at: null,
    });
    expect(Object.keys(encoded)).toEqual([
      'type',
      'id',
      'title',
      'proposal',
      'kind',
      'sectors',
      'closes_at',
    ]);
    sectors.push('school');
    expect(encoded).toMatchObject({ sectors: ['school'], closes_at: null });
    // set_schedule always names both times; null is "none".
    expect(
      JSON.parse(
        encodeRequest(6, { type: 'set_schedule', round_id: 3, opens_at: null, closes_at: null }),
      ),
    ).toEqual({ type: 'set_schedule', id: 6, round_id: 3, opens_at: null, closes_at: null });
  });

  it('refuses request ids outside 1 … 2^53−1', () => {
    expect(() => buildRequest(0, { type: 'list_rounds' })).toThrow(RangeError);
    expect(() => buildRequest(2 ** 53, { type: 'list_rounds' })).toThrow(RangeError);
    expect(buildRequest(Number.MAX_SAFE_INTEGER, { type: 'list_rounds' }).id).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });
});

describe('client schemas', () => {
  it('take stream as an optional name from the spec, never null or another value', () => {
    const subscribe = validator(ajv, 'client/subscribe.schema.json');
    const unsubscribe = validator(ajv, 'client/unsubscribe.schema.json');
    const sub = { type: 'subscribe', id: 1, round_id: 1, since: 0 };
    const unsub = { type: 'unsubscribe', id: 1, round_id: 1 };
    for (const stream of ['main', 'state_preparation', 'municipal_preparation']) {
      expect(subscribe({ ...sub, stream }), stream).toBe(true);
      expect(unsubscribe({ ...unsub, stream }), stream).toBe(true);
    }
    for (const stream of ['Main', 'other', '', null, 0]) {
      expect(subscribe({ ...sub, stream }), String(stream)).toBe(false);
      expect(unsubscribe({ ...unsub, stream }), String(stream)).toBe(false);
    }
    expect(subscribe(sub)).toBe(true);
    // create_thread names a stream too (a preparation thread); the agenda requests do not.
    const createThread = validator(ajv, 'client/create_thread.schema.json');
    const thread = { type: 'create_thread', id: 1, round_id: 1, title: 'x' };
    for (const stream of ['main', 'state_preparation', 'municipal_preparation']) {
      expect(createThread({ ...thread, stream }), stream).toBe(true);
    }
    for (const stream of ['Main', 'preparation', '', null, 0]) {
      expect(createThread({ ...thread, stream }), String(stream)).toBe(false);
    }
    const propose = validator(ajv, 'client/propose_agenda_item.schema.json');
    const item = { type: 'propose_agenda_item', id: 1, round_id: 1, title: 'x' };
    expect(propose(item)).toBe(true);
    expect(propose({ ...item, stream: 'main' })).toBe(false);
  });
});

describe('invalid examples', () => {
  const manifestText = invalidExamples.find((e) => e.name === 'manifest.json')?.text ?? '{}';
  const manifest = JSON.parse(manifestText) as Record<string, { schema_valid?: boolean }>;

  it('are refused by the request schema unless marked schema_valid', () => {
    const names = Object.keys(manifest);
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) {
      const example = invalidExamples.find((e) => e.name === name);
      expect(example, name).toBeDefined();
      let parsed: unknown;
      try {
        parsed = JSON.parse(example?.text ?? '');
      } catch {
        continue; // not JSON at all
      }
      expect(validateRequest(parsed), name).toBe(manifest[name]?.schema_valid === true);
    }
  });
});

// The times a client may send (protocol/README.md, Transport), as the server's parser decides
// (protocol/examples/invalid holds the frames that prove the refusals against the C++ codec).
describe('client timestamps', () => {
  const accepted = [
    '2026-11-23T10:15:00.123Z',
    '2026-11-23T10:15:00Z',
    '2028-02-29T00:00:00Z',
    '2026-12-31T23:59:59.999Z',
    '0001-01-01T00:00:00Z',
  ];
  // Refused by the schema's pattern as well ...
  const malformed = [
    '2026-11-23 10:00:00Z',
    '2026-11-23T10:00:00+01:00',
    '2026-11-23T10:00:00.000+00:00',
    '2026-11-23T10:00:00',
    '2026-11-23T10:00:00.000z',
    '2026-11-23T10:00:00.1Z',
    '2026-11-23T10:00:00.123456Z',
    '2026-11-23T24:00:00Z',
    '2026-12-31T23:59:60Z',
    '2026-13-01T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-11-00T00:00:00Z',
    '2026-11-32T00:00:00Z',
    '2026-11-23',
    '+2026-11-23T10:00:00Z',
    '',
  ];
  // ... while a date that does not exist only the codec (and isClientTimestamp) can tell.
  const noSuchDay = ['2026-11-31T10:00:00Z', '2027-02-29T08:00:00Z', '2100-02-29T00:00:00Z'];

  it('are the ones the server accepts', () => {
    for (const text of accepted) expect(isClientTimestamp(text), text).toBe(true);
    for (const text of [...malformed, ...noSuchDay])
      expect(isClientTimestamp(text), text).toBe(false);
    expect(timestampMillis('2026-11-23T10:15:00Z')).toBe(Date.UTC(2026, 10, 23, 10, 15));
    expect(timestampMillis('2026-11-31T10:00:00Z')).toBeNaN();
  });

  it('agree with the schema pattern, which cannot see whether a day exists', () => {
    const setSchedule = validator(ajv, 'client/set_schedule.schema.json');
    const request = (opens_at: string) => ({
      type: 'set_schedule',
      id: 1,
      round_id: 3,
      opens_at,
      closes_at: null,
    });
    for (const text of [...accepted, ...noSuchDay])
      expect(setSchedule(request(text)), text).toBe(true);
    for (const text of malformed) expect(setSchedule(request(text)), text).toBe(false);
  });

  it('are written by wireTimestamp in the form the server writes', () => {
    const text = wireTimestamp(Date.UTC(2026, 10, 23, 10, 15, 0, 123));
    expect(text).toBe('2026-11-23T10:15:00.123Z');
    expect(isClientTimestamp(text)).toBe(true);
    const serverForm = validator(ajv, 'server/event.schema.json');
    const event = JSON.parse(
      serverExamples.find((e) => e.name === 'event_schedule_changed.json')?.text ?? '{}',
    ) as { data: Record<string, unknown> };
    expect(serverForm({ ...event, data: { opens_at: text, closes_at: null } })).toBe(true);
  });

  it('in the invalid examples are refused by isClientTimestamp too', () => {
    const manifest = JSON.parse(
      invalidExamples.find((e) => e.name === 'manifest.json')?.text ?? '{}',
    ) as Record<string, unknown>;
    let seen = 0;
    for (const name of Object.keys(manifest)) {
      if (!/_(opens|closes)_at_/.test(name)) continue;
      const frame = JSON.parse(
        invalidExamples.find((e) => e.name === name)?.text ?? '{}',
      ) as Record<string, unknown>;
      const field = /_opens_at_/.test(name) ? 'opens_at' : 'closes_at';
      const value = frame[field];
      expect(typeof value === 'string' && isClientTimestamp(value), name).toBe(false);
      seen += 1;
    }
    expect(seen).toBeGreaterThanOrEqual(10);
  });
});
