// Fast readers must not be cut during replay (issue 6, section 8): replay is paced by the send
// queue's real bounds, so a client that reads as fast as it can — here over loopback — gets a
// long replay whole, and only a reader that is actually slow is ever cut with 4000. Runs against
// a server with its default settings.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  requestRetryingRateLimit,
  sleep,
  startServer,
  threadIds,
  type EventMsg,
  type SamradServer,
  type WsClient,
} from "./support/server";

const ROUND = 1;
const TARGET_EVENTS = 10_000;
const IN_FLIGHT = 30; // the server allows 32 requests in flight per connection
const READERS = 5;
const REPEATS = 3;

let server: SamradServer;
let head: number;

beforeAll(async () => {
  server = await startServer();
});
afterAll(cleanupAll);

/**
 * Posts on one connection until `claim()` says there is nothing left, keeping up to IN_FLIGHT
 * requests open; returns the highest seq acknowledged.
 */
async function postAll(
  c: WsClient,
  thread: number,
  claim: () => number | null,
): Promise<number> {
  let highest = 0;
  const lane = async (): Promise<void> => {
    for (let n = claim(); n !== null; n = claim()) {
      const a = await requestRetryingRateLimit(
        c,
        "create_post",
        { round_id: ROUND, thread_id: thread, body: `Inlägg ${n}.` },
        30_000,
      );
      if (a.type !== "result")
        throw new Error(`create_post → ${JSON.stringify(a)}`);
      highest = Math.max(highest, a.result.seq as number);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return highest;
}

/** Subscribes READERS fresh connections with since=0 at once and checks each gets the whole round. */
async function replayOnce(rep: number): Promise<void> {
  const readers = await Promise.all(
    [people.maria, people.per, people.ida, people.lars, people.eva]
      .slice(0, READERS)
      .map((p) => server.connectAs(p)),
  );
  // Count and check as frames arrive rather than scanning the recorded list at the end.
  const state = readers.map(() => ({ last: 0, wrong: [] as string[] }));
  readers.forEach((c, i) =>
    c.ws.on("message", () => {
      const m = c.messages[c.messages.length - 1];
      if (m?.type !== "event") return;
      const e = m as EventMsg;
      const s = state[i]!;
      if (e.round_id !== ROUND || e.seq !== s.last + 1)
        s.wrong.push(`round ${e.round_id} seq ${e.seq} after ${s.last}`);
      s.last = e.seq;
    }),
  );
  const subscribed = await Promise.all(
    readers.map((c) =>
      c.request("subscribe", { round_id: ROUND, since: 0 }, 30_000),
    ),
  );
  for (const a of subscribed)
    expect(a).toMatchObject({
      type: "result",
      result: { round_id: ROUND, head_seq: head },
    });

  const outcomes = await Promise.all(
    readers.map(async (c, i) => {
      const done = await Promise.race([
        c.waitForSeq(ROUND, head, 60_000).then(() => "complete"),
        c.closed.then(
          (close) =>
            `closed with ${close.code} "${close.reason}" after ${state[i]!.last} of ${head} events`,
        ),
      ]).catch(
        (err: Error) =>
          `stalled after ${state[i]!.last} of ${head} events: ${err.message.slice(0, 200)}`,
      );
      return `reader ${i}: ${done}`;
    }),
  );
  expect(outcomes, `repetition ${rep}`).toEqual(
    readers.map((_, i) => `reader ${i}: complete`),
  );
  await sleep(300); // nothing after the last event either
  readers.forEach((c, i) => {
    expect(state[i]!.wrong, `repetition ${rep}, reader ${i}`).toEqual([]);
    expect(c.unparsable).toEqual([]);
    expect(c.events(ROUND)).toHaveLength(head);
    expect(c.isOpen).toBe(true);
  });
  await Promise.all(readers.map((c) => c.close()));
}

describe("fast replay", () => {
  test(`a round of ${TARGET_EVENTS} events is built by pipelined writers`, async () => {
    const setup = await server.connectAs(people.secretariat);
    const first = await setup.subscribe(ROUND, 0);
    const thread = threadIds(first.replay)[0]!;
    await setup.close();
    const toWrite = TARGET_EVENTS - first.head_seq;
    let next = 0;
    const claim = () => (next < toWrite ? next++ : null);
    const writers = await Promise.all(
      [people.anna, people.erik, people.lena, people.johan].map((p) =>
        server.connectAs(p),
      ),
    );
    const highest = await Promise.all(
      writers.map((w) => postAll(w, thread, claim)),
    );
    head = Math.max(...highest);
    expect(head).toBe(TARGET_EVENTS);
    await Promise.all(writers.map((w) => w.close()));
  }, 120_000);

  test(`${READERS} loopback clients replay since=0 at once: none is cut, each gets 1..head exactly once in order (${REPEATS} times)`, async () => {
    for (let rep = 0; rep < REPEATS; rep++) await replayOnce(rep);
  }, 180_000);
});
