// Resume after a disconnect: reconnect and subscribe with since=<last seq> → the missed events
// exactly once, in order, then live ones; seq continuity across the whole session.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  expectContiguous,
  people,
  sleep,
  startServer,
  threadIds,
  type EventMsg,
  type SamradServer,
} from "./support/server";

let server: SamradServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(cleanupAll);

describe("resume after disconnect", () => {
  test("Erik misses 5 posts while away, gets exactly those 5 on resume, then live ones", async () => {
    const erikSession = await server.login(people.erik);
    const erik1 = await server.connect(erikSession);
    const first = await erik1.subscribe(1, 0);
    expectContiguous(first.replay, 1);
    const threads = threadIds(first.replay);
    const seen: EventMsg[] = [...first.replay];
    const last = seen[seen.length - 1]!.seq;
    expect(last).toBe(first.head_seq);
    await erik1.close();

    const anna = await server.connectAs(people.anna);
    const missed: Array<{ seq: number; post_id: number; body: string }> = [];
    for (let i = 1; i <= 5; i++) {
      const body = `Missat inlägg nr ${i}`;
      const r = await anna.ok<{ seq: number; post_id: number }>("create_post", {
        round_id: 1,
        thread_id: threads[i % threads.length],
        body,
      });
      missed.push({ ...r, body });
    }
    expect(missed.map((m) => m.seq)).toEqual(
      [1, 2, 3, 4, 5].map((i) => last + i),
    );

    const erik2 = await server.connect(erikSession);
    const resumed = await erik2.subscribe(1, last);
    expect(resumed.head_seq).toBe(last + 5);
    expect(resumed.replay).toHaveLength(5);
    expectContiguous(resumed.replay, last + 1);
    resumed.replay.forEach((e, i) => {
      expect(e).toMatchObject({
        kind: "post_created",
        data: { post_id: missed[i]!.post_id, body: missed[i]!.body },
      });
    });
    seen.push(...resumed.replay);

    // Live events follow the replay without a gap.
    const live = [];
    for (let i = 1; i <= 3; i++) {
      live.push(
        await anna.ok<{ seq: number; post_id: number }>("create_post", {
          round_id: 1,
          thread_id: threads[0],
          body: `Live ${i}`,
        }),
      );
    }
    await erik2.waitForSeq(1, live[2]!.seq);
    await sleep(300);
    const all = erik2.events(1);
    expect(all).toHaveLength(8);
    expectContiguous(all, last + 1);
    seen.push(...all.slice(5));
    expectContiguous(seen, 1);
    expect(all.slice(5).map((e) => e.data.post_id)).toEqual(
      live.map((l) => l.post_id),
    );
  });

  test("resume while posts are being written concurrently: no loss, no duplicates", async () => {
    // Three writers (so a per-person rate limit is not what is being tested here).
    const writers = await Promise.all(
      [people.anna, people.maria, people.lena].map((p) => server.connectAs(p)),
    );
    const erik = await server.connectAs(people.erik);
    const start = await erik.subscribe(1, 0);
    const threads = threadIds(start.replay);
    const last = start.head_seq;
    erik.terminate(); // abrupt disconnect, no close handshake

    // 30 posts in flight; Erik reconnects in the middle of them.
    const writes: Promise<{ seq: number; post_id: number }>[] = [];
    for (let i = 0; i < 30; i++) {
      writes.push(
        writers[i % 3]!.ok("create_post", {
          round_id: 1,
          thread_id: threads[0],
          body: `Samtidigt ${i}`,
        }),
      );
      if (i === 10) await sleep(5);
    }
    const erik2 = await server.connectAs(people.erik);
    const resumed = await erik2.subscribe(1, last);
    const acks = await Promise.all(writes);
    const maxSeq = Math.max(...acks.map((a) => a.seq));
    expect(maxSeq).toBe(last + 30);
    expect(new Set(acks.map((a) => a.seq)).size).toBe(30);
    await erik2.waitForSeq(1, maxSeq);
    await sleep(300);
    const got = erik2.events(1);
    expect(got.length).toBe(30);
    expectContiguous(got, last + 1);
    expect(resumed.head_seq).toBeGreaterThanOrEqual(last);
    expect(new Set(got.map((e) => e.data.post_id))).toEqual(
      new Set(acks.map((a) => a.post_id)),
    );
  });
});
