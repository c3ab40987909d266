// Two people subscribed to one round: a post by one reaches both, once, with the seq of the ack;
// replies form a tree inside one thread.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  sleep,
  startServer,
  threadIds,
  type EventMsg,
  type SamradServer,
  type WsClient,
} from "./support/server";

let server: SamradServer;
let anna: WsClient;
let erik: WsClient;
let threads: number[];
let head: number;

beforeAll(async () => {
  server = await startServer();
  anna = await server.connectAs(people.anna);
  erik = await server.connectAs(people.erik);
  const a = await anna.subscribe(1, 0);
  const e = await erik.subscribe(1, 0);
  expect(e.head_seq).toBe(a.head_seq);
  head = a.head_seq;
  threads = threadIds(a.replay);
  expect(threads.length).toBeGreaterThanOrEqual(2);
});
afterAll(cleanupAll);

function postEvents(c: WsClient, seq: number): EventMsg[] {
  return c.events(1).filter((e) => e.seq === seq);
}

describe("post and receive", () => {
  let firstPostId: number;

  test("Anna's post is acked with {round_id, seq, post_id}; Anna and Erik each get the event exactly once", async () => {
    const body =
      "Hej från Malmö! **Viktigt:** generella bidrag ger handlingsutrymme. <b>inte html</b> 🎉";
    const result = await anna.ok<{
      round_id: number;
      seq: number;
      post_id: number;
    }>("create_post", {
      round_id: 1,
      thread_id: threads[0],
      reply_to: null,
      body,
    });
    expect(result.round_id).toBe(1);
    expect(result.seq).toBe(head + 1);
    expect(Number.isInteger(result.post_id) && result.post_id > 0).toBe(true);
    firstPostId = result.post_id;
    head = result.seq;

    const ev = (await erik.waitForSeq(1, result.seq)) as EventMsg;
    expect(ev).toMatchObject({
      type: "event",
      round_id: 1,
      seq: result.seq,
      kind: "post_created",
      actor: {
        id: (await anna.welcome()).person.id,
        name: "Anna Lind",
        role: "representative",
      },
      data: {
        post_id: result.post_id,
        thread_id: threads[0],
        reply_to: null,
        body,
      },
    });
    expect(ev.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const annasCopy = (await anna.waitForSeq(1, result.seq)) as EventMsg;
    expect(annasCopy).toEqual(ev);

    // A second post, then a pause: if the first were delivered twice, the copy would be here by now.
    const second = await anna.ok<{ seq: number }>("create_post", {
      round_id: 1,
      thread_id: threads[0],
      body: "Andra inlägget.",
    });
    head = second.seq;
    await erik.waitForSeq(1, second.seq);
    await anna.waitForSeq(1, second.seq);
    await sleep(300);
    expect(postEvents(erik, result.seq)).toHaveLength(1);
    expect(postEvents(anna, result.seq)).toHaveLength(1);
    expect(second.seq).toBe(result.seq + 1);
  });

  test("Erik replies to Anna's post (reply_to) — both see it with reply_to set", async () => {
    const r = await erik.ok<{ round_id: number; seq: number; post_id: number }>(
      "create_post",
      {
        round_id: 1,
        thread_id: threads[0],
        reply_to: firstPostId,
        body: "Kiruna instämmer, med en reservation.",
      },
    );
    expect(r.seq).toBe(head + 1);
    head = r.seq;
    for (const c of [anna, erik]) {
      const ev = (await c.waitForSeq(1, r.seq)) as EventMsg;
      expect(ev).toMatchObject({
        seq: r.seq,
        kind: "post_created",
        actor: { name: "Erik Nilsson" },
        data: {
          post_id: r.post_id,
          thread_id: threads[0],
          reply_to: firstPostId,
        },
      });
    }
    // A reply to the reply: the tree can go deeper.
    const r2 = await anna.ok<{ seq: number; post_id: number }>("create_post", {
      round_id: 1,
      thread_id: threads[0],
      reply_to: r.post_id,
      body: "Vilken reservation?",
    });
    head = r2.seq;
    const ev2 = (await erik.waitForSeq(1, r2.seq)) as EventMsg;
    expect(ev2.data).toMatchObject({
      reply_to: r.post_id,
      thread_id: threads[0],
    });
  });

  test("reply_to a post of another thread → invalid_reply, nothing stored", async () => {
    const err = await anna.fails("create_post", {
      round_id: 1,
      thread_id: threads[1],
      reply_to: firstPostId,
      body: "Fel tråd.",
    });
    expect(err.code).toBe("invalid_reply");
    expect(typeof err.message).toBe("string");
    expect(err.message.length).toBeGreaterThan(0);
  });

  test("reply_to a post that does not exist → an error, nothing stored", async () => {
    const err = await anna.fails("create_post", {
      round_id: 1,
      thread_id: threads[0],
      reply_to: 987654,
      body: "Svar på inget.",
    });
    expect(["invalid_reply", "not_found"]).toContain(err.code);
  });

  test("a post in a thread that does not exist in the round → not_found", async () => {
    const err = await anna.fails("create_post", {
      round_id: 1,
      thread_id: 987654,
      body: "Ingen tråd.",
    });
    expect(err.code).toBe("not_found");
  });

  test("a post naming round 1 but a thread of round 2 → not_found (threads do not cross rounds)", async () => {
    const maria = await server.connectAs(people.maria); // Region Skåne is invited to round 2
    const r2 = await maria.subscribe(2, 0);
    const round2Threads = threadIds(r2.replay);
    expect(round2Threads.length).toBeGreaterThan(0);
    const err = await maria.fails("create_post", {
      round_id: 1,
      thread_id: round2Threads[0],
      body: "Korsad tråd.",
    });
    expect(["not_found", "invalid_reply", "bad_request"]).toContain(err.code);
    await maria.close();
  });

  test("failed commands left no event: head_seq is unchanged and no subscriber saw anything new", async () => {
    await sleep(200);
    const { rounds } = await anna.ok<{
      rounds: Array<{ id: number; head_seq: number }>;
    }>("list_rounds");
    expect(rounds.find((r) => r.id === 1)!.head_seq).toBe(head);
    expect(Math.max(...erik.events(1).map((e) => e.seq))).toBe(head);
    expect(Math.max(...anna.events(1).map((e) => e.seq))).toBe(head);
  });
});
