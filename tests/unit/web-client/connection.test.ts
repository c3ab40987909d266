// The transport's state machine and resume logic, driven through a scripted socket that plays
// the server's side of protocol v1 (the real server is exercised by tests/browser/). Timers are
// Vitest's fake timers, so backoff and timeouts run instantly and deterministically.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProtocolError } from '../../../web-client/src/protocol/errors';
import type { RoundEvent } from '../../../web-client/src/protocol/messages';
import {
  Connection,
  type ConnectionState,
  type SessionCheck,
  type SocketLike,
} from '../../../web-client/src/transport/connection';
import { createAjv, validator } from './protocol_fixtures';

const validateRequest = validator(createAjv(), 'client/request.schema.json');

const person = {
  id: 3,
  name: 'Anna Lind',
  role: 'representative',
  organisation: {
    id: 2,
    name: 'Malmö stad',
    kind: 'municipality',
    side: 'municipal',
  },
};

class ScriptedSocket implements SocketLike {
  readyState = 0;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  sent: Array<Record<string, unknown>> = [];
  closedByClient: number | null = null;

  send(data: string): void {
    const request = JSON.parse(data) as Record<string, unknown>;
    // Everything the client sends must be a valid protocol v1 request.
    expect(validateRequest(request), JSON.stringify(validateRequest.errors)).toBe(true);
    this.sent.push(request);
  }
  close(code?: number): void {
    this.closedByClient = code ?? 1000;
    this.readyState = 3;
  }
  // Server side of the script.
  accept(): void {
    this.readyState = 1;
    this.onopen?.({} as Event);
    this.deliver({
      type: 'welcome',
      protocol: 1,
      person,
      limits: { max_message_bytes: 65536 },
    });
  }
  deliver(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) } as MessageEvent);
  }
  drop(code: number): void {
    this.readyState = 3;
    this.onclose?.({ code } as CloseEvent);
  }
  lastRequest(type?: string): Record<string, unknown> {
    const found = [...this.sent].reverse().find((r) => type === undefined || r['type'] === type);
    if (!found) throw new Error(`no ${type ?? ''} request sent`);
    return found;
  }
  answer(request: Record<string, unknown>, result: unknown): void {
    this.deliver({ type: 'result', id: request['id'], result });
  }
}

function postEvent(seq: number, postId = 100 + seq, stream?: string): unknown {
  return {
    type: 'event',
    round_id: 1,
    ...(stream === undefined ? {} : { stream }),
    seq,
    at: '2026-11-23T10:15:00.123Z',
    kind: 'post_created',
    actor: person,
    data: {
      post_id: postId,
      thread_id: 2,
      reply_to: null,
      body: `Inlägg ${seq}`,
    },
  };
}

interface Harness {
  connection: Connection;
  sockets: ScriptedSocket[];
  states: ConnectionState[];
  events: Array<{ seq: number; initialLoad: boolean }>;
  socket: () => ScriptedSocket;
}

function harness(checkSession: SessionCheck = async () => 'valid'): Harness {
  const sockets: ScriptedSocket[] = [];
  const connection = new Connection({
    url: 'ws://test/ws',
    createSocket: () => {
      const s = new ScriptedSocket();
      sockets.push(s);
      return s;
    },
    random: () => 0.5,
    requestTimeoutMs: 5000,
    offlineAfterMs: 30_000,
    checkSession,
    isOnline: () => true,
    log: () => undefined,
  });
  const states: ConnectionState[] = [];
  const events: Array<{ seq: number; initialLoad: boolean }> = [];
  connection.on('state', (s) => states.push(s));
  connection.on('event', (e: RoundEvent, initialLoad) => events.push({ seq: e.seq, initialLoad }));
  return {
    connection,
    sockets,
    states,
    events,
    socket: () => {
      const last = sockets[sockets.length - 1];
      if (!last) throw new Error('no socket');
      return last;
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Connection', () => {
  it('connects, sends requests with ids and settles each by its own answer', async () => {
    const h = harness();
    h.connection.start();
    expect(h.connection.state).toBe('connecting');
    h.socket().accept();
    expect(h.connection.state).toBe('connected');

    const rounds = h.connection.request({ type: 'list_rounds' });
    const post = h.connection.request({
      type: 'create_post',
      round_id: 1,
      thread_id: 2,
      reply_to: null,
      body: 'Hej',
    });
    const [listReq, postReq] = h.socket().sent;
    expect(listReq?.['id']).not.toBe(postReq?.['id']);
    // Answers in the opposite order still reach the right promise.
    h.socket().answer(postReq ?? {}, { round_id: 1, seq: 44, post_id: 120 });
    h.socket().deliver({
      type: 'error',
      id: listReq?.['id'],
      error: { code: 'rate_limited', message: 'Slow down' },
    });
    await expect(post).resolves.toEqual({ round_id: 1, stream: 'main', seq: 44, post_id: 120 });
    await expect(rounds).rejects.toMatchObject({
      code: 'rate_limited',
      serverMessage: 'Slow down',
    });
  });

  it('rejects a malformed result, times out unanswered requests, and refuses when offline', async () => {
    const h = harness();
    await expect(h.connection.request({ type: 'list_rounds' })).rejects.toMatchObject({
      code: 'not_connected',
    });
    h.connection.start();
    h.socket().accept();
    const bad = h.connection.request({ type: 'list_rounds' });
    h.socket().answer(h.socket().lastRequest(), { rounds: 'none' });
    await expect(bad).rejects.toMatchObject({ code: 'bad_response' });

    const slow = h.connection.request({ type: 'list_rounds' });
    const expectation = expect(slow).rejects.toMatchObject({ code: 'timeout' });
    vi.advanceTimersByTime(5001);
    await expectation;
  });

  it('fails pending reads when the connection drops', async () => {
    const h = harness();
    h.connection.start();
    h.socket().accept();
    const pending = h.connection.request({ type: 'list_rounds' });
    h.socket().drop(1006);
    await expect(pending).rejects.toBeInstanceOf(ProtocolError);
    await expect(pending).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('gives every request that changes something a fresh key, and no read one', () => {
    const h = harness();
    h.connection.start();
    h.socket().accept();
    void h.connection.request({ type: 'list_rounds' }).catch(() => undefined);
    for (let i = 0; i < 3; ++i) {
      void h.connection
        .request({ type: 'create_post', round_id: 1, thread_id: 2, reply_to: null, body: 'Hej' })
        .catch(() => undefined);
    }
    const [read, ...posts] = h.socket().sent;
    expect(read).not.toHaveProperty('key');
    const keys = posts.map((p) => p['key']);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(keys).size).toBe(3);
    h.connection.stop();
  });

  it('sends a command again with its key after a reconnect, and settles it with that answer', async () => {
    const h = harness();
    h.connection.start();
    h.socket().accept();
    const post = h.connection.request({
      type: 'create_post',
      round_id: 1,
      thread_id: 2,
      reply_to: null,
      body: 'Hej',
    });
    const first = h.socket().lastRequest('create_post');
    h.socket().drop(1006); // the answer, if there was one, is lost
    // Offline for longer than the request timeout: a held request does not time out.
    await vi.advanceTimersByTimeAsync(20_000);
    expect(h.sockets.length).toBeGreaterThan(1);
    h.socket().accept();
    const again = h.socket().lastRequest('create_post');
    expect(again['key']).toBe(first['key']);
    expect(again['id']).not.toBe(first['id']);
    expect({ ...again, id: 0 }).toEqual({ ...first, id: 0 });
    // The server had carried it out: it answers as the first time.
    h.socket().answer(again, { round_id: 1, seq: 7, post_id: 70 });
    await expect(post).resolves.toEqual({ round_id: 1, stream: 'main', seq: 7, post_id: 70 });
    // Answered once: a stray answer to the old id changes nothing.
    h.socket().answer(first, { round_id: 1, seq: 8, post_id: 80 });
  });

  it('times a command out once it is sent again and stays unanswered', async () => {
    const h = harness();
    h.connection.start();
    h.socket().accept();
    const post = h.connection.request({
      type: 'edit_post',
      round_id: 1,
      post_id: 5,
      body: 'Ändrad',
    });
    const expectation = expect(post).rejects.toMatchObject({ code: 'timeout' });
    h.socket().drop(1006);
    await vi.advanceTimersByTimeAsync(2_000);
    h.socket().accept();
    await vi.advanceTimersByTimeAsync(5_001);
    await expectation;
  });

  it('fails held commands when stopped (a logout)', async () => {
    const h = harness();
    h.connection.start();
    h.socket().accept();
    const post = h.connection.request({
      type: 'create_post',
      round_id: 1,
      thread_id: 2,
      reply_to: null,
      body: 'Hej',
    });
    h.socket().drop(1006);
    h.connection.stop();
    await expect(post).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('resumes after a restart from the last seq: nothing missed, nothing doubled', async () => {
    const h = harness();
    h.connection.start();
    h.socket().accept();
    h.connection.follow(1, 0);
    const sub1 = h.socket().lastRequest('subscribe');
    expect(sub1).toMatchObject({ round_id: 1, since: 0 });
    h.socket().answer(sub1, { round_id: 1, head_seq: 2, epoch: 'e1' });
    h.socket().deliver(postEvent(1));
    h.socket().deliver(postEvent(2));
    h.socket().deliver(postEvent(3)); // live
    expect(h.events).toEqual([
      { seq: 1, initialLoad: true },
      { seq: 2, initialLoad: true },
      { seq: 3, initialLoad: false },
    ]);

    h.socket().drop(1001); // server shutdown
    expect(h.connection.state).toBe('resuming');
    expect(h.sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(250); // 125 ms: random 0.5 of the first ceiling
    expect(h.sockets).toHaveLength(2);
    h.socket().accept();
    expect(h.connection.state).toBe('resuming'); // until the round is caught up
    const sub2 = h.socket().lastRequest('subscribe');
    expect(sub2).toMatchObject({ round_id: 1, since: 3 });
    h.socket().answer(sub2, { round_id: 1, head_seq: 5, epoch: 'e1' });
    expect(h.connection.state).toBe('connected');
    h.socket().deliver(postEvent(3)); // a duplicate the server should not send; dropped anyway
    h.socket().deliver(postEvent(4));
    h.socket().deliver(postEvent(5));
    expect(h.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    // Posts missed during the outage are news, not the first load.
    expect(h.events.slice(3).every((e) => !e.initialLoad)).toBe(true);
    expect(h.states).toEqual(['connecting', 'connected', 'resuming', 'connected']);
  });

  it('fills a gap by unsubscribing and subscribing again from the last seq', async () => {
    const h = harness();
    h.connection.start();
    h.socket().accept();
    h.connection.follow(1, 0);
    h.socket().answer(h.socket().lastRequest('subscribe'), {
      round_id: 1,
      head_seq: 0,
      epoch: 'e1',
    });
    h.socket().deliver(postEvent(1));
    h.socket().deliver(postEvent(4)); // 2 and 3 are missing
    expect(h.events.map((e) => e.seq)).toEqual([1]);
    const unsub = h.socket().lastRequest('unsubscribe');
    expect(unsub).toMatchObject({ round_id: 1 });
    expect(h.socket().sent.filter((r) => r['type'] === 'subscribe')).toHaveLength(1);
    h.socket().answer(unsub, { round_id: 1 });
    await vi.advanceTimersByTimeAsync(0);
    const again = h.socket().lastRequest('subscribe');
    expect(again).toMatchObject({ round_id: 1, since: 1 });
    h.socket().answer(again, { round_id: 1, head_seq: 4, epoch: 'e1' });
    for (const seq of [2, 3, 4]) h.socket().deliver(postEvent(seq));
    expect(h.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('starts a round over when the server answers stale_position', async () => {
    const h = harness();
    const resets: number[] = [];
    h.connection.on('roundReset', (id) => resets.push(id));
    h.connection.start();
    h.socket().accept();
    h.connection.follow(1, 40);
    const first = h.socket().lastRequest('subscribe');
    h.socket().deliver({
      type: 'error',
      id: first['id'],
      error: {
        code: 'stale_position',
        message: 'since 40 is beyond the newest seq of the stream (3)',
      },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(resets).toEqual([1]);
    // The refused subscribe left nothing to unsubscribe from.
    expect(h.socket().sent.filter((r) => r['type'] === 'unsubscribe')).toHaveLength(0);
    const again = h.socket().lastRequest('subscribe');
    expect(again['id']).not.toBe(first['id']);
    expect(again).toMatchObject({ round_id: 1, since: 0 });
    h.socket().answer(again, { round_id: 1, head_seq: 3, epoch: 'e1' });
    for (const seq of [1, 2, 3]) h.socket().deliver(postEvent(seq));
    expect(h.events.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('starts over without an epoch when the server refuses the epoch of its seq', async () => {
    const h = harness();
    const resets: number[] = [];
    h.connection.on('roundReset', (id) => resets.push(id));
    h.connection.start();
    h.socket().accept();
    h.connection.follow(1, 0);
    h.socket().answer(h.socket().lastRequest('subscribe'), {
      round_id: 1,
      head_seq: 2,
      epoch: 'old',
    });
    for (const seq of [1, 2]) h.socket().deliver(postEvent(seq));
    h.socket().drop(1001);
    await vi.advanceTimersByTimeAsync(250);
    h.socket().accept();
    const resume = h.socket().lastRequest('subscribe');
    expect(resume).toMatchObject({ round_id: 1, since: 2, epoch: 'old' });
    h.socket().deliver({
      type: 'error',
      id: resume['id'],
      error: { code: 'stale_position', message: 'since 2 is of epoch old' },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(resets).toEqual([1]);
    const fresh = h.socket().lastRequest('subscribe');
    expect(fresh).toMatchObject({ round_id: 1, since: 0 });
    expect(fresh).not.toHaveProperty('epoch');
    h.socket().answer(fresh, { round_id: 1, head_seq: 1, epoch: 'new' });
    h.socket().deliver(postEvent(1));
    expect(h.events.map((e) => e.seq)).toEqual([1, 2, 1]);
  });

  it('reports any other refusal of a resuming subscribe instead of starting over', async () => {
    for (const [code, since] of [
      ['bad_request', 40],
      ['stale_position', 0], // a broken server: starting over from 0 again would loop
    ] as const) {
      const h = harness();
      const resets: number[] = [];
      const failures: string[] = [];
      h.connection.on('roundReset', (id) => resets.push(id));
      h.connection.on('subscribeFailed', (_id, error) => failures.push(error.code));
      h.connection.start();
      h.socket().accept();
      h.connection.follow(1, since);
      const sub = h.socket().lastRequest('subscribe');
      h.socket().deliver({ type: 'error', id: sub['id'], error: { code, message: 'x' } });
      await vi.advanceTimersByTimeAsync(0);
      expect(resets, code).toEqual([]);
      expect(failures, code).toEqual([code]);
      expect(h.socket().sent.filter((r) => r['type'] === 'subscribe')).toHaveLength(1);
      expect(h.connection.isFollowing(1)).toBe(false);
      expect(h.connection.state).toBe('connected');
    }
  });

  it('never takes an event of another stream for one of the round it follows', async () => {
    const h = harness();
    h.connection.start();
    h.socket().accept();
    h.connection.follow(1, 0);
    h.socket().answer(h.socket().lastRequest('subscribe'), {
      round_id: 1,
      head_seq: 1,
      epoch: 'e1',
    });
    h.socket().deliver(postEvent(1));
    h.socket().deliver(postEvent(2, 500, 'municipal_preparation')); // not main's seq 2
    h.socket().deliver(postEvent(5, 501, 'state_preparation')); // not a gap either
    h.socket().deliver(postEvent(2, 102, 'main')); // an explicit main is main
    expect(h.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(h.connection.lastSeq(1)).toBe(2);
    expect(h.socket().sent.filter((r) => r['type'] !== 'subscribe')).toEqual([]);
    // Following a round's main stream never names a stream on the wire.
    expect(h.socket().lastRequest('subscribe')).not.toHaveProperty('stream');
  });

  it('ignores the answer to a subscribe of a round unfollowed and followed again meanwhile', async () => {
    const h = harness();
    const subscribed: Array<[number, number]> = [];
    h.connection.on('subscribed', (id, head) => subscribed.push([id, head]));
    h.connection.start();
    h.socket().accept();
    h.connection.follow(1, 0);
    const first = h.socket().lastRequest('subscribe');
    h.connection.unfollow(1);
    const unsub = h.socket().lastRequest('unsubscribe');
    h.connection.follow(1, 0);
    const second = h.socket().lastRequest('subscribe');
    expect(second['id']).not.toBe(first['id']);
    // The server answers in order: the first subscribe, the unsubscribe, the second subscribe.
    h.socket().answer(first, { round_id: 1, head_seq: 9, epoch: 'e1' });
    h.socket().answer(unsub, { round_id: 1 });
    expect(subscribed).toEqual([]);
    h.socket().answer(second, { round_id: 1, head_seq: 3, epoch: 'e1' });
    expect(subscribed).toEqual([[1, 3]]);
  });

  it('retries a subscribe refused with conflict after unsubscribing', async () => {
    const h = harness();
    h.connection.start();
    h.socket().accept();
    h.connection.follow(1, 0);
    const sub = h.socket().lastRequest('subscribe');
    h.socket().deliver({
      type: 'error',
      id: sub['id'],
      error: { code: 'conflict', message: 'x' },
    });
    await vi.advanceTimersByTimeAsync(0);
    const unsub = h.socket().lastRequest('unsubscribe');
    h.socket().answer(unsub, { round_id: 1 });
    await vi.advanceTimersByTimeAsync(0);
    const again = h.socket().lastRequest('subscribe');
    expect(again['id']).not.toBe(sub['id']);
    h.socket().answer(again, { round_id: 1, head_seq: 0, epoch: 'e1' });
    expect(h.connection.state).toBe('connected');
  });

  it('reports a refused subscription and stays connected', async () => {
    const h = harness();
    const failures: Array<[number, string]> = [];
    h.connection.on('subscribeFailed', (id, error) => failures.push([id, error.code]));
    h.connection.start();
    h.socket().accept();
    h.connection.follow(9, 0);
    const sub = h.socket().lastRequest('subscribe');
    h.socket().deliver({
      type: 'error',
      id: sub['id'],
      error: { code: 'not_found', message: 'x' },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(failures).toEqual([[9, 'not_found']]);
    expect(h.connection.isFollowing(9)).toBe(false);
    expect(h.connection.state).toBe('connected');
  });

  it('goes to logged_out on close code 4001 and stops reconnecting', async () => {
    const h = harness();
    h.connection.start();
    h.socket().accept();
    h.socket().drop(4001);
    expect(h.connection.state).toBe('logged_out');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.sockets).toHaveLength(1);
  });

  it('goes to logged_out when a request is answered with unauthenticated', async () => {
    const h = harness();
    const failures: string[] = [];
    h.connection.on('subscribeFailed', (_id, error) => failures.push(error.code));
    h.connection.start();
    h.socket().accept();
    h.connection.follow(1, 0);
    h.socket().answer(h.socket().lastRequest('subscribe'), {
      round_id: 1,
      head_seq: 0,
      epoch: 'e1',
    });
    const post = h.connection.request({
      type: 'create_post',
      round_id: 1,
      thread_id: 2,
      reply_to: null,
      body: 'Hej',
    });
    const rounds = h.connection.request({ type: 'list_rounds' });
    const first = h.socket();
    first.deliver({
      type: 'error',
      id: first.lastRequest('create_post')['id'],
      error: { code: 'unauthenticated', message: 'The session has ended' },
    });
    expect(h.connection.state).toBe('logged_out');
    await expect(post).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(rounds).rejects.toMatchObject({ code: 'disconnected' });
    expect(first.closedByClient).toBe(1000);
    first.drop(4001); // the server's close that follows changes nothing
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.sockets).toHaveLength(1);
    expect(h.connection.state).toBe('logged_out');
    expect(failures).toEqual([]);
  });

  it('treats unauthenticated answering a subscribe as the session ending, not a refused round', async () => {
    const h = harness();
    const failures: string[] = [];
    h.connection.on('subscribeFailed', (_id, error) => failures.push(error.code));
    h.connection.start();
    h.socket().accept();
    h.connection.follow(1, 0);
    const sub = h.socket().lastRequest('subscribe');
    h.socket().deliver({
      type: 'error',
      id: sub['id'],
      error: { code: 'unauthenticated', message: 'The session has ended' },
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.connection.state).toBe('logged_out');
    expect(failures).toEqual([]);
    expect(h.sockets).toHaveLength(1);
  });

  it('forgets followed rounds when stopped, so the next session loads them from 0', async () => {
    const h = harness();
    h.connection.start();
    h.socket().accept();
    h.connection.follow(1, 0);
    h.socket().answer(h.socket().lastRequest('subscribe'), {
      round_id: 1,
      head_seq: 0,
      epoch: 'e1',
    });
    h.socket().deliver(postEvent(1));
    h.socket().drop(4001);
    expect(h.connection.state).toBe('logged_out');
    h.connection.stop(); // what the app does when it shows the login page
    expect(h.connection.isFollowing(1)).toBe(false);
    h.connection.start();
    h.socket().accept();
    expect(h.socket().sent).toEqual([]);
    h.connection.follow(1, 0);
    expect(h.socket().lastRequest('subscribe')).toMatchObject({ round_id: 1, since: 0 });
  });

  it('asks /api/me when the upgrade fails and logs out if the session is gone', async () => {
    let session: 'valid' | 'ended' | 'unknown' = 'unknown';
    const h = harness(async () => session);
    h.connection.start();
    h.socket().drop(1006); // refused before the welcome
    expect(h.connection.state).toBe('connecting');
    await vi.advanceTimersByTimeAsync(250);
    expect(h.sockets).toHaveLength(2); // server unreachable: keep trying
    session = 'ended';
    h.socket().drop(1006);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(h.connection.state).toBe('logged_out');
    expect(h.sockets).toHaveLength(2);
  });

  it('retries within a second early in an outage, then backs off; shows offline after a while', async () => {
    const h = harness();
    h.connection.start();
    h.socket().accept();
    h.socket().drop(1001);
    expect(h.connection.state).toBe('resuming');
    // Every attempt fails at once; with random = 0.5 each wait is half its ceiling: 125, 250,
    // then 500 ms while the outage is younger than 30 s, then 1 s, 2 s … up to 7.5 s.
    let elapsed = 0;
    const waits: Array<{ at: number; waited: number }> = [];
    while (elapsed < 200_000) {
      const before = h.sockets.length;
      let waited = 0;
      while (h.sockets.length === before) {
        await vi.advanceTimersByTimeAsync(25);
        waited += 25;
        expect(waited).toBeLessThanOrEqual(7_500);
      }
      waits.push({ at: elapsed, waited });
      elapsed += waited;
      h.socket().drop(1006);
    }
    const early = waits.filter((w) => w.at < 29_000).map((w) => w.waited);
    expect(early.slice(0, 4)).toEqual([125, 250, 500, 500]);
    expect(Math.max(...early)).toBe(500);
    expect(waits.filter((w) => w.at > 31_000 && w.at < 59_000).map((w) => w.waited)).toContain(
      1000,
    );
    expect(waits[waits.length - 1]?.waited).toBe(7_500);
    expect(h.connection.state).toBe('offline');
    await vi.advanceTimersByTimeAsync(7_500);
    h.socket().accept();
    expect(h.connection.state).toBe('connected');
  });

  it('starts a new outage young: after a reconnect the first retry is quick again', async () => {
    const h = harness();
    h.connection.start();
    h.socket().accept();
    h.socket().drop(1001);
    await vi.advanceTimersByTimeAsync(60_000); // a long outage of failing attempts
    for (let i = 0; i < 200 && h.connection.state !== 'connected'; i += 1) {
      const before = h.sockets.length;
      while (h.sockets.length === before) await vi.advanceTimersByTimeAsync(25);
      if (i < 30) h.socket().drop(1006);
      else h.socket().accept();
    }
    expect(h.connection.state).toBe('connected');
    const before = h.sockets.length;
    h.socket().drop(1001);
    await vi.advanceTimersByTimeAsync(125);
    expect(h.sockets.length).toBe(before + 1);
  });

  it('retries at once when asked to (försök nu)', async () => {
    const h = harness();
    h.connection.start();
    h.socket().accept();
    h.socket().drop(1001);
    expect(h.sockets).toHaveLength(1);
    h.connection.retryNow();
    expect(h.sockets).toHaveLength(2);
    h.socket().accept();
    expect(h.connection.state).toBe('connected');
  });

  it('does not retry after a policy close until asked to', async () => {
    const h = harness();
    h.connection.start();
    h.socket().accept();
    h.socket().drop(1008);
    expect(h.connection.state).toBe('offline');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.sockets).toHaveLength(1);
    h.connection.retryNow();
    expect(h.sockets).toHaveLength(2);
  });

  it('gives up on a socket that opens but never says welcome', async () => {
    const h = harness();
    h.connection.start();
    h.socket().readyState = 1; // open, but silent
    await vi.advanceTimersByTimeAsync(5001);
    expect(h.socket().closedByClient).toBe(1000);
    await vi.advanceTimersByTimeAsync(500);
    expect(h.sockets).toHaveLength(2);
    h.socket().accept();
    expect(h.connection.state).toBe('connected');
  });

  it('stops cleanly: no reconnect, socket closed', async () => {
    const h = harness();
    h.connection.start();
    h.socket().accept();
    const first = h.socket();
    h.connection.stop();
    expect(h.connection.state).toBe('stopped');
    expect(first.closedByClient).toBe(1000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.sockets).toHaveLength(1);
  });

  it('refuses to send a request larger than the server allows', async () => {
    const h = harness();
    h.connection.start();
    h.socket().readyState = 1;
    h.socket().deliver({
      type: 'welcome',
      protocol: 1,
      person,
      limits: { max_message_bytes: 200 },
    });
    await expect(
      h.connection.request({
        type: 'create_post',
        round_id: 1,
        thread_id: 1,
        reply_to: null,
        body: 'x'.repeat(300),
      }),
    ).rejects.toMatchObject({ code: 'too_large' });
    expect(h.socket().sent).toHaveLength(0);
  });
});

// subscription_ended: the server drops a subscription itself (protocol/README.md), e.g. when the
// person's organisation is no longer invited. The round must not come back after a reconnect.
describe('Connection: a subscription the server ends', () => {
  const ended = (roundId = 1, stream?: string, reason = 'access_withdrawn'): unknown => ({
    type: 'subscription_ended',
    round_id: roundId,
    ...(stream === undefined ? {} : { stream }),
    reason,
  });
  const withdrawn = (seq: number): unknown => ({
    type: 'event',
    round_id: 1,
    seq,
    at: '2026-11-25T09:12:30.000Z',
    kind: 'invitation_withdrawn',
    actor: person,
    data: { organisation: person.organisation },
  });

  function following(): Harness & { accessEnded: Array<[number, string]> } {
    const h = harness();
    const accessEnded: Array<[number, string]> = [];
    h.connection.on('accessEnded', (id, reason) => accessEnded.push([id, reason]));
    h.connection.start();
    h.socket().accept();
    h.connection.follow(1, 0);
    h.socket().answer(h.socket().lastRequest('subscribe'), {
      round_id: 1,
      head_seq: 1,
      epoch: 'e1',
    });
    h.socket().deliver(postEvent(1));
    return { ...h, accessEnded };
  }

  it('stops following the round and tells the app why, after the withdrawal event', async () => {
    const h = following();
    h.socket().deliver(withdrawn(2));
    h.socket().deliver(ended());
    expect(h.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(h.accessEnded).toEqual([[1, 'access_withdrawn']]);
    expect(h.connection.isFollowing(1)).toBe(false);
    expect(h.connection.state).toBe('connected');
    // Nothing of the round is applied any more, and nothing is sent to the server about it.
    h.socket().deliver(postEvent(3));
    expect(h.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(h.socket().sent.filter((r) => r['type'] === 'unsubscribe')).toHaveLength(0);
  });

  it('does not subscribe the round again after a reconnect', async () => {
    const h = following();
    h.connection.follow(2, 0);
    h.socket().answer(h.socket().lastRequest('subscribe'), {
      round_id: 2,
      head_seq: 0,
      epoch: 'e1',
    });
    h.socket().deliver(ended(1));
    h.socket().drop(1001);
    await vi.advanceTimersByTimeAsync(250);
    h.socket().accept();
    const again = h.socket().sent.filter((r) => r['type'] === 'subscribe');
    expect(again.map((r) => r['round_id'])).toEqual([2]);
    h.socket().answer(again[0] ?? {}, { round_id: 2, head_seq: 0, epoch: 'e1' });
    expect(h.connection.state).toBe('connected');
  });

  it('ignores an end it cannot relate to a followed round: another stream, another round', () => {
    const h = following();
    h.socket().deliver(ended(1, 'municipal_preparation'));
    h.socket().deliver(ended(7));
    expect(h.accessEnded).toEqual([]);
    expect(h.connection.isFollowing(1)).toBe(true);
    h.socket().deliver(postEvent(2));
    expect(h.events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('passes on a reason a newer server may send', () => {
    const h = following();
    h.socket().deliver(ended(1, undefined, 'round_removed'));
    expect(h.accessEnded).toEqual([[1, 'round_removed']]);
    expect(h.connection.isFollowing(1)).toBe(false);
  });

  it('gives a refused subscribe its own answer first and then ignores the end', async () => {
    const h = harness();
    const accessEnded: number[] = [];
    const failed: string[] = [];
    h.connection.on('accessEnded', (id) => accessEnded.push(id));
    h.connection.on('subscribeFailed', (_id, error) => failed.push(error.code));
    h.connection.start();
    h.socket().accept();
    h.connection.follow(1, 0);
    const sub = h.socket().lastRequest('subscribe');
    h.socket().deliver({
      type: 'error',
      id: sub['id'],
      error: { code: 'not_found', message: 'No such round' },
    });
    h.socket().deliver(ended());
    expect(failed).toEqual(['not_found']);
    expect(accessEnded).toEqual([]);
    expect(h.connection.state).toBe('connected');
  });

  it('ends a gap fill under way instead of subscribing again', async () => {
    const h = following();
    h.socket().deliver(postEvent(3)); // 2 is missing: unsubscribe, then subscribe from 1
    const unsub = h.socket().lastRequest('unsubscribe');
    h.socket().deliver(ended());
    h.socket().answer(unsub, { round_id: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.socket().sent.filter((r) => r['type'] === 'subscribe')).toHaveLength(1);
    expect(h.accessEnded).toEqual([[1, 'access_withdrawn']]);
    expect(h.connection.isFollowing(1)).toBe(false);
  });

  it('subscribes afresh when the round is followed again', () => {
    const h = following();
    h.socket().deliver(ended());
    h.connection.follow(1, 1);
    expect(h.connection.isFollowing(1)).toBe(true);
    expect(h.socket().lastRequest('subscribe')).toMatchObject({ round_id: 1, since: 1 });
  });
});

// A side's preparation stream followed beside the round's main stream (follow with a stream):
// its own subscribe, position, gaps, resume, end and reset; main-stream following unchanged.
describe('Connection: a preparation stream', () => {
  const prep = 'municipal_preparation';

  function both() {
    const h = harness();
    const streams: string[] = [];
    h.connection.on('event', (e) => streams.push(`${e.stream} ${e.seq}`));
    h.connection.start();
    h.socket().accept();
    h.connection.follow(1, 0);
    const main = h.socket().lastRequest('subscribe');
    h.connection.follow(1, 0, prep);
    const preparation = h.socket().lastRequest('subscribe');
    return { ...h, streams, main, preparation };
  }

  it('subscribes with the stream named, beside the main stream without one', () => {
    const h = both();
    expect(h.main).toEqual({ type: 'subscribe', id: h.main['id'], round_id: 1, since: 0 });
    expect(h.preparation).toEqual({
      type: 'subscribe',
      id: h.preparation['id'],
      round_id: 1,
      stream: prep,
      since: 0,
    });
    h.socket().answer(h.main, { round_id: 1, head_seq: 1, epoch: 'e1' });
    h.socket().answer(h.preparation, { round_id: 1, stream: prep, head_seq: 1, epoch: 'e1' });
    expect(h.connection.state).toBe('connected');
    expect(h.connection.isFollowing(1)).toBe(true);
    expect(h.connection.isFollowing(1, prep)).toBe(true);
    expect(h.connection.isFollowing(1, 'state_preparation')).toBe(false);
  });

  it('delivers the events of both, each counted in its own stream', () => {
    const h = both();
    const subscribed: Array<[number, number, string]> = [];
    h.connection.on('subscribed', (id, head, stream) => subscribed.push([id, head, stream]));
    h.socket().answer(h.main, { round_id: 1, head_seq: 1, epoch: 'e1' });
    h.socket().answer(h.preparation, { round_id: 1, stream: prep, head_seq: 2, epoch: 'e1' });
    expect(subscribed).toEqual([
      [1, 1, 'main'],
      [1, 2, prep],
    ]);
    h.socket().deliver(postEvent(1));
    h.socket().deliver(postEvent(1, 500, prep));
    h.socket().deliver(postEvent(2, 501, prep));
    h.socket().deliver(postEvent(2, 502, prep)); // a duplicate
    h.socket().deliver(postEvent(1, 503, 'state_preparation')); // not followed
    h.socket().deliver(postEvent(2));
    expect(h.streams).toEqual(['main 1', `${prep} 1`, `${prep} 2`, 'main 2']);
    expect(h.events.map((e) => e.initialLoad)).toEqual([true, true, true, false]);
    expect(h.connection.lastSeq(1)).toBe(2);
    expect(h.connection.lastSeq(1, prep)).toBe(2);
  });

  it('fills a gap of the preparation stream with its own unsubscribe and subscribe', async () => {
    const h = both();
    h.socket().answer(h.main, { round_id: 1, head_seq: 0, epoch: 'e1' });
    h.socket().answer(h.preparation, { round_id: 1, stream: prep, head_seq: 0, epoch: 'e1' });
    h.socket().deliver(postEvent(1, 500, prep));
    h.socket().deliver(postEvent(3, 502, prep)); // 2 is missing
    const unsub = h.socket().lastRequest('unsubscribe');
    expect(unsub).toMatchObject({ round_id: 1, stream: prep });
    h.socket().answer(unsub, { round_id: 1, stream: prep });
    await vi.advanceTimersByTimeAsync(0);
    const again = h.socket().lastRequest('subscribe');
    expect(again).toMatchObject({ round_id: 1, stream: prep, since: 1 });
    h.socket().answer(again, { round_id: 1, stream: prep, head_seq: 3, epoch: 'e1' });
    h.socket().deliver(postEvent(2, 501, prep));
    h.socket().deliver(postEvent(3, 502, prep));
    // The main stream meanwhile goes on from its own position.
    h.socket().deliver(postEvent(1));
    expect(h.streams).toEqual([`${prep} 1`, `${prep} 2`, `${prep} 3`, 'main 1']);
  });

  it('resubscribes both after a reconnect, each from its own last seq', async () => {
    const h = both();
    h.socket().answer(h.main, { round_id: 1, head_seq: 2, epoch: 'e1' });
    h.socket().answer(h.preparation, { round_id: 1, stream: prep, head_seq: 1, epoch: 'p7' });
    h.socket().deliver(postEvent(1));
    h.socket().deliver(postEvent(2));
    h.socket().deliver(postEvent(1, 500, prep));
    h.socket().drop(1001);
    await vi.advanceTimersByTimeAsync(250);
    h.socket().accept();
    // Each names the epoch its seq belongs to, so a restored server can refuse it.
    const again = h.socket().sent.filter((r) => r['type'] === 'subscribe');
    expect(again.map(({ id: _id, ...rest }) => rest)).toEqual([
      { type: 'subscribe', round_id: 1, since: 2, epoch: 'e1' },
      { type: 'subscribe', round_id: 1, stream: prep, since: 1, epoch: 'p7' },
    ]);
  });

  it('stops following only the stream whose subscription the server ended', () => {
    const h = both();
    const ended: Array<[number, string, string]> = [];
    h.connection.on('accessEnded', (id, reason, stream) => ended.push([id, reason, stream]));
    h.socket().answer(h.main, { round_id: 1, head_seq: 0, epoch: 'e1' });
    h.socket().answer(h.preparation, { round_id: 1, stream: prep, head_seq: 0, epoch: 'e1' });
    h.socket().deliver({
      type: 'subscription_ended',
      round_id: 1,
      stream: prep,
      reason: 'access_withdrawn',
    });
    expect(ended).toEqual([[1, 'access_withdrawn', prep]]);
    expect(h.connection.isFollowing(1, prep)).toBe(false);
    expect(h.connection.isFollowing(1)).toBe(true);
    h.socket().deliver(postEvent(1, 500, prep));
    h.socket().deliver(postEvent(1));
    expect(h.streams).toEqual(['main 1']);
  });

  it('starts only the preparation stream over on stale_position, and unfollows it alone', async () => {
    const h = harness();
    const resets: Array<[number, string]> = [];
    h.connection.on('roundReset', (id, stream) => resets.push([id, stream]));
    h.connection.start();
    h.socket().accept();
    h.connection.follow(1, 3);
    h.socket().answer(h.socket().lastRequest('subscribe'), {
      round_id: 1,
      head_seq: 3,
      epoch: 'e1',
    });
    h.connection.follow(1, 9, prep);
    const first = h.socket().lastRequest('subscribe');
    h.socket().deliver({
      type: 'error',
      id: first['id'],
      error: { code: 'stale_position', message: 'since 9 is beyond the newest seq (2)' },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(resets).toEqual([[1, prep]]);
    expect(h.socket().lastRequest('subscribe')).toMatchObject({ stream: prep, since: 0 });
    expect(h.connection.lastSeq(1)).toBe(3);
    h.connection.unfollow(1, prep);
    expect(h.socket().lastRequest('unsubscribe')).toEqual({
      type: 'unsubscribe',
      id: h.socket().lastRequest('unsubscribe')['id'],
      round_id: 1,
      stream: prep,
    });
    expect(h.connection.isFollowing(1)).toBe(true);
    h.connection.unfollow(1);
    expect(h.socket().lastRequest('unsubscribe')).not.toHaveProperty('stream');
  });

  it('reports a refused preparation subscribe with its stream', async () => {
    const h = harness();
    const failures: Array<[number, string, string]> = [];
    h.connection.on('subscribeFailed', (id, error, stream) =>
      failures.push([id, error.code, stream]),
    );
    h.connection.start();
    h.socket().accept();
    h.connection.follow(1, 0, 'state_preparation');
    const sub = h.socket().lastRequest('subscribe');
    h.socket().deliver({
      type: 'error',
      id: sub['id'],
      error: { code: 'not_found', message: 'No such stream' },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(failures).toEqual([[1, 'not_found', 'state_preparation']]);
    expect(h.connection.isFollowing(1, 'state_preparation')).toBe(false);
    expect(h.connection.state).toBe('connected');
  });
});
