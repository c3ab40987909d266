// Every read and write is authorised on the server: rounds a person may not see are not_found
// (not even their existence leaks); a draft is seen by the organisations it invites, who post
// nothing in it until it opens; observers cannot post; only the secretariat creates threads.
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
let thread1: number;

interface RoundSummary {
  id: number;
  title: string;
  phase: string;
  head_seq: number;
  created_at: string;
}

beforeAll(async () => {
  server = await startServer();
  anna = await server.connectAs(people.anna);
  thread1 = threadIds((await anna.subscribe(1, 0)).replay)[0]!;
});
afterAll(cleanupAll);

async function roundIds(c: WsClient): Promise<number[]> {
  const { rounds } = await c.ok<{ rounds: RoundSummary[] }>("list_rounds");
  return rounds.map((r) => r.id).sort((a, b) => a - b);
}

describe("authorisation", () => {
  test("Anna (Malmö, not invited to round 2) subscribing to round 2 → not_found", async () => {
    const err = await anna.fails("subscribe", { round_id: 2, since: 0 });
    expect(err.code).toBe("not_found");
  });

  test("round 3 is a draft inviting Malmö: Anna subscribes and reads it; Maria (Region Skåne, not invited) → not_found, the same as a round that does not exist", async () => {
    const r3 = await anna.subscribe(3, 0);
    expect(r3.replay.length).toBe(r3.head_seq);
    expect(r3.replay[0]).toMatchObject({
      seq: 1,
      kind: "round_created",
      data: { phase: "draft" },
    });
    await anna.ok("unsubscribe", { round_id: 3 });
    const maria = await server.connectAs(people.maria);
    const draft = await maria.fails("subscribe", { round_id: 3, since: 0 });
    const missing = await maria.fails("subscribe", { round_id: 999, since: 0 });
    expect(draft).toEqual(missing);
    expect(draft.code).toBe("not_found");
    await sleep(200);
    expect(maria.events(3)).toHaveLength(0);
    await maria.close();
  });

  test("the refused subscription delivered no events of round 2", async () => {
    await sleep(200);
    expect(anna.events(2)).toHaveLength(0);
  });

  test("Anna cannot post into round 2 (not_found) nor into the draft round 3 (invalid_state: not open yet); Maria not into round 3 (not_found)", async () => {
    const secretariat = await server.connectAs(people.secretariat);
    const t2 = threadIds((await secretariat.subscribe(2, 0)).replay)[0]!;
    const e2 = await anna.fails("create_post", {
      round_id: 2,
      thread_id: t2,
      body: "Obehörigt.",
    });
    expect(e2.code).toBe("not_found");
    const r3 = await secretariat.subscribe(3, 0);
    const t3 = threadIds(r3.replay)[0];
    const e3 = await anna.fails("create_post", {
      round_id: 3,
      thread_id: t3 ?? 1,
      body: "Utkast.",
    });
    expect(e3).toEqual({
      code: "invalid_state",
      message: "This round is not open for posts yet",
    });
    const maria = await server.connectAs(people.maria);
    const m3 = await maria.fails("create_post", {
      round_id: 3,
      thread_id: t3 ?? 1,
      body: "Utkast.",
    });
    expect(m3.code).toBe("not_found");
    await maria.close();
    await secretariat.close();
  });

  test("list_rounds: Anna sees rounds 1, 3 (a draft inviting Malmö), 4 and 5 but not 2; Maria (Region Skåne) sees 1, 2 and 4", async () => {
    expect((await roundIds(anna)).sort()).toEqual([1, 3, 4, 5]);
    const maria = await server.connectAs(people.maria);
    expect((await roundIds(maria)).sort()).toEqual([1, 2, 4]);
    await maria.close();
  });

  test("list_rounds: the secretariat and the admin see all five, with phases and titles", async () => {
    for (const email of [people.secretariat, people.admin]) {
      const c = await server.connectAs(email);
      const { rounds } = await c.ok<{ rounds: RoundSummary[] }>("list_rounds");
      expect(rounds.map((r) => r.id).sort()).toEqual([1, 2, 3, 4, 5]);
      const byId = new Map(rounds.map((r) => [r.id, r]));
      expect(byId.get(1)).toMatchObject({
        title: "Generella statsbidrag som huvudprincip",
        phase: "open",
      });
      expect(byId.get(2)).toMatchObject({
        title: "Nationell konsultationsordning för hälso- och sjukvård",
        phase: "open",
      });
      expect(byId.get(3)).toMatchObject({
        title: "Tillitsbaserad tillsyn inom skolan",
        phase: "draft",
      });
      for (const r of rounds) {
        expect(r.head_seq).toBeGreaterThanOrEqual(1);
        expect(r.created_at).toMatch(
          /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
        );
      }
      // Newest first.
      const times = rounds.map((r) => r.created_at);
      expect([...times].sort().reverse()).toEqual(times);
      await c.close();
    }
  });

  test("Eva (observer, Finansdepartementet) can read round 1 but create_post → forbidden", async () => {
    const eva = await server.connectAs(people.eva);
    const r = await eva.subscribe(1, 0);
    expect(r.replay.length).toBe(r.head_seq);
    const err = await eva.fails("create_post", {
      round_id: 1,
      thread_id: thread1,
      body: "Observatören skriver.",
    });
    expect(err.code).toBe("forbidden");
    const err2 = await eva.fails("create_thread", {
      round_id: 1,
      title: "Observatörens tråd",
    });
    expect(err2.code).toBe("forbidden");
    await sleep(200);
    expect(eva.events(1)).toHaveLength(r.head_seq); // nothing was written
    await eva.close();
  });

  test("Anna (representative) create_thread → forbidden", async () => {
    const err = await anna.fails("create_thread", {
      round_id: 1,
      title: "En ny fråga från Malmö",
    });
    expect(err.code).toBe("forbidden");
  });

  test("the secretariat creates a thread in round 1 → ok, and subscribers get thread_created", async () => {
    const erik = await server.connectAs(people.erik);
    await erik.subscribe(1, 0);
    const sec = await server.connectAs(people.secretariat);
    const title = "Hur ska uppföljningen av statsbidragen gå till?";
    const res = await sec.ok<{
      round_id: number;
      seq: number;
      thread_id: number;
    }>("create_thread", { round_id: 1, title });
    expect(res.round_id).toBe(1);
    expect(res.thread_id).toBeGreaterThan(0);
    for (const c of [anna, erik]) {
      const ev = (await c.waitForSeq(1, res.seq)) as EventMsg;
      expect(ev).toMatchObject({
        seq: res.seq,
        kind: "thread_created",
        actor: { name: "Sara Ekström", role: "secretariat" },
        data: { thread_id: res.thread_id, title },
      });
    }
    // A representative can post in the new thread.
    const post = await anna.ok<{ seq: number }>("create_post", {
      round_id: 1,
      thread_id: res.thread_id,
      body: "Första svaret.",
    });
    expect(post.seq).toBe(res.seq + 1);
    await erik.close();
    await sec.close();
  });

  test("Erik subscribed to round 1 receives nothing of round 2 when the secretariat writes there", async () => {
    const erik = await server.connectAs(people.erik);
    await erik.subscribe(1, 0);
    const sec = await server.connectAs(people.secretariat);
    const maria = await server.connectAs(people.maria);
    const m = await maria.subscribe(2, 0);
    const res = await sec.ok<{ seq: number }>("create_thread", {
      round_id: 2,
      title: "Vårdens styrning",
    });
    await maria.waitForSeq(2, res.seq);
    expect(res.seq).toBe(m.head_seq + 1);
    await sleep(200);
    expect(erik.events(2)).toHaveLength(0);
    expect(anna.events(2)).toHaveLength(0);
  });
});
