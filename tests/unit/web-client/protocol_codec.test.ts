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
};

// What the decoder makes of a wire object that may carry `stream`: absent means main, and the
// decoded value always says so.
function withStream(value: unknown): unknown {
  return { stream: 'main', ...(value as object) };
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
      expect(message).toEqual(message.type === 'event' ? withStream(json) : json);
      if (message.type === 'result') {
        const type = RESULT_TYPES[example.name];
        expect(type, `result example ${example.name} needs a request type`).toBeDefined();
        const result = (json as { result: unknown }).result;
        expect(decodeResultFor(type as RequestType, message.result)).toEqual(
          type === 'subscribe' || type === 'unsubscribe' ? withStream(result) : result,
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
      const result = type === 'subscribe' ? { round_id: 1, head_seq: 0 } : { round_id: 1 };
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
      kind: 'position_stated',
      data: { x: 1 },
    });
    expect(decoded).toMatchObject({
      type: 'event',
      kind: 'unknown',
      original_kind: 'position_stated',
      seq: 2,
    });
  });
});

// A request body from an example request (everything but the id).
function bodyOf(example: Record<string, unknown>): RequestBody {
  const { id: _id, ...rest } = example;
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

      const encoded = JSON.parse(encodeRequest(json['id'] as number, bodyOf(json))) as Record<
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
    ];
    for (const [i, body] of bodies.entries()) {
      const encoded: unknown = JSON.parse(encodeRequest(i + 1, body));
      expect(
        validateRequest(encoded),
        `${body.type}: ${JSON.stringify(validateRequest.errors)}`,
      ).toBe(true);
    }
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
    // Only subscribe and unsubscribe name a stream in this version.
    const createThread = validator(ajv, 'client/create_thread.schema.json');
    expect(
      createThread({ type: 'create_thread', id: 1, round_id: 1, title: 'x', stream: 'main' }),
    ).toBe(false);
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
