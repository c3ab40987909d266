// [server] delivery_interval_ms: a connection gets at most one delivery per interval, so that
// events coming faster than that share a write; the first event after a quiet interval is not
// held, for any of the room. Here with a whole second, so that holding and not holding are far
// apart.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  sleep,
  startServer,
  threadIds,
  type SamradServer,
  type WsClient,
} from "./support/server";

const INTERVAL_MS = 1000; // the most the setting allows
// Enough connections that the fan-out thread is still handing an event to some of them when
// the first are already being written to.
const WATCHERS = 12;

let server: SamradServer;
let anna: WsClient;
let thread: number;
// Per watching connection: when each event arrived, by seq.
const watchers: { client: WsClient; arrivals: Map<number, number> }[] = [];

beforeAll(async () => {
  server = await startServer({
    config: `[server]\ndelivery_interval_ms = ${INTERVAL_MS}\n`,
  });
  anna = await server.connectAs(people.anna);
  thread = threadIds((await anna.subscribe(1, 0)).replay)[0]!;
  for (let i = 0; i < WATCHERS; i++) {
    const client = await server.connectAs(i % 2 ? people.erik : people.eva);
    const arrivals = new Map<number, number>();
    client.ws.on("message", (data) => {
      const msg = JSON.parse(data.toString()) as {
        type: string;
        round_id?: number;
        seq?: number;
      };
      if (msg.type === "event" && msg.round_id === 1)
        arrivals.set(msg.seq!, performance.now());
    });
    await client.subscribe(1, 0);
    watchers.push({ client, arrivals });
  }
});
afterAll(cleanupAll);

const post = (body: string) =>
  anna.ok<{ seq: number }>("create_post", {
    round_id: 1,
    thread_id: thread,
    body,
  });

describe("the delivery interval", () => {
  test("an event after a quiet interval reaches every connection at once, not after the interval", async () => {
    for (let i = 0; i < 3; i++) {
      await sleep(INTERVAL_MS + 200);
      const { seq } = await post(`Efter en paus, nummer ${i + 1}.`);
      // The event is handed on after the acknowledgement is sent.
      const acked = performance.now();
      for (const { client, arrivals } of watchers) {
        await client.waitForSeq(1, seq);
        expect(arrivals.get(seq)! - acked).toBeLessThan(INTERVAL_MS * 0.75);
      }
    }
  });

  test("events sent back to back after the first wait for the interval, then arrive together, in order, once each", async () => {
    await sleep(INTERVAL_MS + 200);
    const { seq: firstSeq } = await post("Först efter pausen.");
    // The rest at once, without waiting for each acknowledgement.
    const acks = await Promise.all(
      Array.from({ length: 19 }, (_, i) =>
        post(`Tätt efter varandra ${i + 1}.`),
      ),
    );
    const restSeqs = acks.map((a) => a.seq).sort((a, b) => a - b);
    for (const { client, arrivals } of watchers) {
      await client.waitForSeq(1, Math.max(...restSeqs));
      const first = arrivals.get(firstSeq)!;
      const rest = restSeqs.map((seq) => arrivals.get(seq)!);
      // The first went at once; the others were held until the interval since it had passed.
      expect(Math.min(...rest) - first).toBeGreaterThan(INTERVAL_MS / 2);
      expect(Math.max(...rest) - Math.min(...rest)).toBeLessThan(
        INTERVAL_MS / 2,
      );
      const received = client
        .events(1)
        .map((e) => e.seq)
        .filter((s) => s >= firstSeq);
      expect(received).toEqual([firstSeq, ...restSeqs]);
    }
  });
});
