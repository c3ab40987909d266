// subscribe with since=N replays every stored event with seq > N, in order, without gaps, then
// goes live.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  expectContiguous,
  people,
  sleep,
  startServer,
  type EventMsg,
  type SamradServer,
  type WsClient,
} from "./support/server";

let server: SamradServer;
let full: EventMsg[];
let head: number;

beforeAll(async () => {
  server = await startServer();
});
afterAll(cleanupAll);

async function listHead(c: WsClient, round: number): Promise<number> {
  const { rounds } = await c.ok<{
    rounds: Array<{ id: number; head_seq: number }>;
  }>("list_rounds");
  return rounds.find((r) => r.id === round)!.head_seq;
}

describe("subscribe and replay", () => {
  test("since=0 replays every event 1..head_seq in order, no gaps, no duplicates", async () => {
    const c = await server.connectAs(people.erik);
    const before = c.messages.length;
    const { head_seq, replay } = await c.subscribe(1, 0);
    expect(head_seq).toBeGreaterThanOrEqual(3); // the demo round has a round, threads and posts
    expect(head_seq).toBe(await listHead(c, 1));
    expect(replay).toHaveLength(head_seq);
    expectContiguous(replay, 1);

    // The subscribe result comes before the replayed events.
    const after = c.messages.slice(before);
    expect(after[0]).toMatchObject({
      type: "result",
      result: { round_id: 1, head_seq },
    });

    // The round's history starts with round_created and contains threads, posts and replies.
    expect(replay[0]!.kind).toBe("round_created");
    expect(replay[0]!.data).toMatchObject({
      title: "Generella statsbidrag som huvudprincip",
      phase: "open",
    });
    expect(typeof replay[0]!.data.proposal).toBe("string");
    expect(Array.isArray(replay[0]!.data.invited)).toBe(true);
    const kinds = new Set(replay.map((e) => e.kind));
    expect(kinds).toContain("thread_created");
    expect(kinds).toContain("post_created");
    expect(
      replay.some((e) => e.kind === "post_created" && e.data.reply_to !== null),
    ).toBe(true);
    for (const e of replay) {
      expect(e.type).toBe("event");
      expect(e.round_id).toBe(1);
      expect(typeof e.at).toBe("string");
    }
    await sleep(300);
    expect(c.events(1)).toHaveLength(head_seq); // nothing extra arrived after the replay
    full = replay;
    head = head_seq;
    await c.close();
  });

  test("since=N replays only events with seq > N, identical to the full replay's tail", async () => {
    const n = Math.floor(head / 2);
    const c = await server.connectAs(people.anna);
    const { head_seq, replay } = await c.subscribe(1, n);
    expect(head_seq).toBe(head);
    expect(replay).toHaveLength(head - n);
    expectContiguous(replay, n + 1);
    expect(replay).toEqual(full.slice(n));
    await sleep(300);
    expect(c.events(1)).toHaveLength(head - n);
    await c.close();
  });

  test("since=head_seq replays nothing, then delivers live events", async () => {
    const c = await server.connectAs(people.anna);
    const { head_seq, replay } = await c.subscribe(1, head);
    expect(head_seq).toBe(head);
    expect(replay).toHaveLength(0);
    await sleep(300);
    expect(c.events(1)).toHaveLength(0);

    const writer = await server.connectAs(people.lars);
    const r = await writer.ok<{ seq: number; post_id: number }>("create_post", {
      round_id: 1,
      thread_id: full.find((e) => e.kind === "thread_created")!.data.thread_id,
      body: "Skolverket tillför.",
    });
    expect(r.seq).toBe(head + 1);
    const ev = (await c.waitForSeq(1, r.seq)) as EventMsg;
    expect(ev).toMatchObject({
      seq: head + 1,
      kind: "post_created",
      data: { post_id: r.post_id },
    });
    expect(c.events(1)).toHaveLength(1);
    head = r.seq;
    await writer.close();
    await c.close();
  });

  test("since beyond head_seq is refused with stale_position and subscribes to nothing", async () => {
    const c = await server.connectAs(people.erik);
    const refused = await c.fails("subscribe", {
      round_id: 1,
      since: head + 5,
    });
    expect(refused.code).toBe("stale_position");
    // Nothing is subscribed: a fresh subscribe is not a conflict, and it replays from the start.
    const { head_seq, replay } = await c.subscribe(1, 0);
    expect(head_seq).toBe(head);
    expectContiguous(replay, 1);
    expect(replay).toHaveLength(head);
    await c.close();
  });

  test("the same replay is delivered to every subscriber, byte-for-byte equal JSON", async () => {
    const a = await server.connectAs(people.ida);
    const b = await server.connectAs(people.per);
    const ra = await a.subscribe(1, 0);
    const rb = await b.subscribe(1, 0);
    expect(ra.replay).toHaveLength(head);
    expect(rb.replay).toEqual(ra.replay);
    expect(ra.replay.slice(0, full.length)).toEqual(full);
  });

  test("two subscriptions on one connection (rounds 1 and 2) each replay their own round", async () => {
    const c = await server.connectAs(people.maria); // Region Skåne: invited to rounds 1 and 2
    const r1 = await c.subscribe(1, 0);
    const r2 = await c.subscribe(2, 0);
    expectContiguous(r1.replay, 1);
    expectContiguous(r2.replay, 1);
    expect(r2.replay.length).toBe(r2.head_seq);
    expect(r2.replay[0]!.data).toMatchObject({
      title: "Nationell konsultationsordning för hälso- och sjukvård",
    });
    expect(c.events(1)).toHaveLength(r1.head_seq);
    expect(c.events(2)).toHaveLength(r2.head_seq);
  });

  test("subscribing twice to the same round on one connection → conflict, and no second replay", async () => {
    const c = await server.connectAs(people.lena);
    const first = await c.subscribe(1, 0);
    const err = await c.fails("subscribe", { round_id: 1, since: 0 });
    expect(err.code).toBe("conflict");
    await sleep(300);
    expect(c.events(1)).toHaveLength(first.head_seq);
    expectContiguous(c.events(1), 1);
  });

  test("unsubscribe is idempotent: answered with a result even when not subscribed", async () => {
    const c = await server.connectAs(people.lena);
    expect(await c.ok("unsubscribe", { round_id: 1 })).toEqual({ round_id: 1 });
    expect(await c.ok("unsubscribe", { round_id: 1 })).toEqual({ round_id: 1 });
  });

  test("unsubscribe stops live events for that round", async () => {
    const c = await server.connectAs(people.johan);
    await c.subscribe(1, head);
    const u = await c.ok<{ round_id: number }>("unsubscribe", { round_id: 1 });
    expect(u).toEqual({ round_id: 1 });
    const writer = await server.connectAs(people.erik);
    const watcher = await server.connectAs(people.anna);
    await watcher.subscribe(1, head);
    const r = await writer.ok<{ seq: number }>("create_post", {
      round_id: 1,
      thread_id: full.find((e) => e.kind === "thread_created")!.data.thread_id,
      body: "Efter avregistrering.",
    });
    head = r.seq;
    await watcher.waitForSeq(1, r.seq);
    await sleep(300);
    expect(c.events(1)).toHaveLength(0);
  });
});
