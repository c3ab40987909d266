// Ack after commit: a post that was acknowledged survives kill -9 of the server right after the
// ack (restart on the same database; a fresh subscribe since=0 contains it).
import { afterEach, describe, expect, test } from "vitest";
import {
  cleanupAll,
  expectContiguous,
  people,
  startServer,
  threadIds,
  type SamradServer,
  type WsClient,
} from "./support/server";

afterEach(cleanupAll);

async function fullReplay(server: SamradServer, round = 1) {
  const c = await server.connectAs(people.secretariat);
  const r = await c.subscribe(round, 0);
  expect(r.replay).toHaveLength(r.head_seq);
  expectContiguous(r.replay, 1);
  await c.close();
  return r;
}

describe("ack after commit", () => {
  test("one acked post survives an immediate kill -9", async () => {
    const server = await startServer();
    const anna = await server.connectAs(people.anna);
    const before = await anna.subscribe(1, 0);
    const thread = threadIds(before.replay)[0]!;
    const body = "Detta inlägg måste överleva kill -9.";

    const ack = await anna.ok<{
      round_id: number;
      seq: number;
      post_id: number;
    }>("create_post", { round_id: 1, thread_id: thread, body });
    const exit = await server.kill9(); // synchronously after the ack arrived
    expect(exit.signal).toBe("SIGKILL");

    await server.restart();
    const after = await fullReplay(server);
    expect(after.head_seq).toBe(ack.seq);
    const ev = after.replay.find(
      (e) => e.kind === "post_created" && e.data.post_id === ack.post_id,
    );
    expect(ev).toBeDefined();
    expect(ev).toMatchObject({
      seq: ack.seq,
      data: { body, thread_id: thread, reply_to: null },
      actor: { name: "Anna Lind" },
    });
    // The events before the post are unchanged by the crash.
    expect(after.replay.slice(0, before.head_seq)).toEqual(before.replay);
  });

  test("20 posts fired concurrently by 4 people, all acked, then kill -9: all 20 are there after restart", async () => {
    const server = await startServer();
    const writers: WsClient[] = await Promise.all(
      [people.anna, people.erik, people.maria, people.per].map((p) =>
        server.connectAs(p),
      ),
    );
    const before = await writers[0]!.subscribe(1, 0);
    const threads = threadIds(before.replay);

    const sent = Array.from({ length: 20 }, (_, i) => ({
      writer: writers[i % 4]!,
      thread: threads[i % threads.length]!,
      body: `Samtidigt inlägg ${i} — åäö`,
    }));
    const acks = await Promise.all(
      sent.map((s) =>
        s.writer.ok<{ round_id: number; seq: number; post_id: number }>(
          "create_post",
          { round_id: 1, thread_id: s.thread, body: s.body },
        ),
      ),
    );
    await server.kill9();

    // The acks themselves: distinct, gap-free seqs right after the previous head.
    expect([...acks.map((a) => a.seq)].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => before.head_seq + 1 + i),
    );
    expect(new Set(acks.map((a) => a.post_id)).size).toBe(20);

    await server.restart();
    const after = await fullReplay(server);
    expect(after.head_seq).toBe(before.head_seq + 20);
    for (let i = 0; i < 20; i++) {
      const ev = after.replay.find(
        (e) => e.kind === "post_created" && e.data.post_id === acks[i]!.post_id,
      );
      expect(ev, `post ${i} (post_id ${acks[i]!.post_id})`).toBeDefined();
      expect(ev!.seq).toBe(acks[i]!.seq);
      expect(ev!.data).toMatchObject({
        body: sent[i]!.body,
        thread_id: sent[i]!.thread,
      });
    }
  });

  test("repeated: post → ack → kill -9 → restart, three times on the same database; the seq continues", async () => {
    const server = await startServer();
    let expectedHead = 0;
    const acked: Array<{ seq: number; post_id: number; body: string }> = [];
    for (let round = 0; round < 3; round++) {
      if (round > 0) await server.restart();
      const c = await server.connectAs(people.erik);
      const r = await c.subscribe(1, 0);
      if (round > 0) expect(r.head_seq).toBe(expectedHead);
      const body = `Omstart ${round}`;
      const ack = await c.ok<{ seq: number; post_id: number }>("create_post", {
        round_id: 1,
        thread_id: threadIds(r.replay)[0],
        body,
      });
      expect(ack.seq).toBe(r.head_seq + 1);
      acked.push({ ...ack, body });
      expectedHead = ack.seq;
      await server.kill9();
    }
    await server.restart();
    const after = await fullReplay(server);
    expect(after.head_seq).toBe(expectedHead);
    for (const a of acked) {
      expect(
        after.replay.find((e) => e.data.post_id === a.post_id),
      ).toMatchObject({ seq: a.seq, data: { body: a.body } });
    }
  });

  test("a restart with --demo-data on a non-empty database does not reseed or duplicate anything", async () => {
    const server = await startServer();
    const before = await fullReplay(server);
    const list1 = await (
      await server.connectAs(people.secretariat)
    ).ok<{ rounds: unknown[] }>("list_rounds");
    const exit = await server.stop();
    expect(exit.code).toBe(0);
    await server.restart();
    const after = await fullReplay(server);
    expect(after.replay).toEqual(before.replay);
    const list2 = await (
      await server.connectAs(people.secretariat)
    ).ok<{ rounds: unknown[] }>("list_rounds");
    expect(list2).toEqual(list1);
  });
});
