// Streams (issue 6, point 3): besides its main stream, a round has one preparation stream per
// side that only that side's organisations may read. `subscribe` takes an optional `stream`
// ("main", the default and never written on the wire; "state_preparation";
// "municipal_preparation"); a stream the person may not read is not_found like a round they may
// not see, and main-stream messages look exactly as before streams existed.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  anEpoch,
  cleanupAll,
  people,
  sleep,
  startServer,
  threadIds,
  type EventMsg,
  type SamradServer,
  type WsClient,
} from "./support/server";
import {
  createOpenRound,
  organisationsByName,
  roundSummary,
} from "./support/rounds";

const ROUND = 1; // every demo organisation is invited
let server: SamradServer;
let thread: number;
let head: number;
// The demo data's preparation threads: each side's stream of round 1 has some events already.
let municipalHead: number;
let stateHead: number;

async function preparationHead(email: string, stream: string): Promise<number> {
  const c = await server.connectAs(email);
  const { head_seq } = await c.ok<{ head_seq: number }>("subscribe", {
    round_id: ROUND,
    stream,
    since: 0,
  });
  await c.close();
  return head_seq;
}

beforeAll(async () => {
  server = await startServer();
  const c = await server.connectAs(people.secretariat);
  const first = await c.subscribe(ROUND, 0);
  thread = threadIds(first.replay)[0]!;
  head = first.head_seq;
  await c.close();
  municipalHead = await preparationHead(people.anna, "municipal_preparation");
  stateHead = await preparationHead(people.per, "state_preparation");
});
afterAll(cleanupAll);

function connect(email: string): Promise<WsClient> {
  return server.connectAs(email);
}

describe("preparation streams", () => {
  test("Anna (Malmö stad, municipal) holds municipal_preparation of round 1 together with main", async () => {
    const anna = await connect(people.anna);
    const main = await anna.request("subscribe", { round_id: ROUND, since: 0 });
    expect(main).toMatchObject({ type: "result" });
    expect((main as { result: unknown }).result).toEqual({
      round_id: ROUND,
      head_seq: head,
      epoch: anEpoch,
    });
    const prep = await anna.ok("subscribe", {
      round_id: ROUND,
      stream: "municipal_preparation",
      since: 0,
    });
    expect(prep).toEqual({
      round_id: ROUND,
      stream: "municipal_preparation",
      head_seq: municipalHead,
      epoch: anEpoch,
    });
    await anna.waitForSeq(ROUND, head);

    // Both are live: a main-stream post reaches her exactly once, with no stream key.
    const writer = await connect(people.erik);
    const r = await writer.ok<{
      round_id: number;
      seq: number;
      post_id: number;
    }>("create_post", {
      round_id: ROUND,
      thread_id: thread,
      body: "Huvudströmmen.",
    });
    expect(r).toEqual({ round_id: ROUND, seq: head + 1, post_id: r.post_id });
    head = r.seq;
    const ev = (await anna.waitForSeq(ROUND, r.seq)) as EventMsg;
    expect(ev).toMatchObject({
      type: "event",
      round_id: ROUND,
      seq: r.seq,
      kind: "post_created",
    });
    expect(ev).not.toHaveProperty("stream");
    await sleep(200);
    // Main-stream events carry no stream key; the preparation stream's (the demo data has some)
    // all name it, and each stream counts its own seqs.
    const all = anna.events(ROUND);
    const mainEvents = all.filter((e) => !("stream" in e));
    expect(mainEvents.map((e) => e.seq)).toEqual(
      Array.from({ length: head }, (_, i) => i + 1),
    );
    const preparation = all.filter((e) => "stream" in e);
    expect(preparation.map((e) => e.seq)).toEqual(
      Array.from({ length: municipalHead }, (_, i) => i + 1),
    );
    for (const e of preparation)
      expect(e).toMatchObject({ stream: "municipal_preparation" });

    // A second subscribe to the same stream is a conflict, as for a round.
    expect(
      (
        await anna.fails("subscribe", {
          round_id: ROUND,
          stream: "municipal_preparation",
          since: 0,
        })
      ).code,
    ).toBe("conflict");

    // Unsubscribing the preparation stream names it and leaves main alone.
    expect(
      await anna.ok("unsubscribe", {
        round_id: ROUND,
        stream: "municipal_preparation",
      }),
    ).toEqual({ round_id: ROUND, stream: "municipal_preparation" });
    const r2 = await writer.ok<{ seq: number }>("create_post", {
      round_id: ROUND,
      thread_id: thread,
      body: "Fortfarande huvudströmmen.",
    });
    head = r2.seq;
    await anna.waitForSeq(ROUND, r2.seq);
    expect(await anna.ok("unsubscribe", { round_id: ROUND })).toEqual({
      round_id: ROUND,
    });
  });

  test("other municipal-side people (Erik, Maria, Lena) may read municipal_preparation", async () => {
    for (const email of [people.erik, people.maria, people.lena]) {
      const c = await connect(email);
      expect(
        await c.ok("subscribe", {
          round_id: ROUND,
          stream: "municipal_preparation",
          since: 0,
        }),
      ).toEqual({
        round_id: ROUND,
        stream: "municipal_preparation",
        head_seq: municipalHead,
        epoch: anEpoch,
      });
    }
  });

  test("Per (Finansdepartementet, ministry) and the secretariat get not_found for municipal_preparation", async () => {
    for (const email of [people.per, people.secretariat]) {
      const c = await connect(email);
      const err = await c.fails("subscribe", {
        round_id: ROUND,
        stream: "municipal_preparation",
        since: 0,
      });
      expect(err.code, email).toBe("not_found");
      // The refusal subscribed to nothing: main can still be subscribed.
      expect(await c.ok("subscribe", { round_id: ROUND, since: head })).toEqual(
        { round_id: ROUND, head_seq: head, epoch: anEpoch },
      );
    }
  });

  test("the secretariat (neutral side) gets not_found for state_preparation too", async () => {
    const c = await connect(people.secretariat);
    expect(
      (
        await c.fails("subscribe", {
          round_id: ROUND,
          stream: "state_preparation",
          since: 0,
        })
      ).code,
    ).toBe("not_found");
  });

  test("state side: Per and Lars (Skolverket) read state_preparation; Anna gets not_found for it", async () => {
    for (const email of [people.per, people.lars]) {
      const c = await connect(email);
      expect(
        await c.ok("subscribe", {
          round_id: ROUND,
          stream: "state_preparation",
          since: 0,
        }),
      ).toEqual({
        round_id: ROUND,
        stream: "state_preparation",
        head_seq: stateHead,
        epoch: anEpoch,
      });
      expect(
        await c.ok("unsubscribe", {
          round_id: ROUND,
          stream: "state_preparation",
        }),
      ).toEqual({ round_id: ROUND, stream: "state_preparation" });
    }
    const anna = await connect(people.anna);
    expect(
      (
        await anna.fails("subscribe", {
          round_id: ROUND,
          stream: "state_preparation",
          since: 0,
        })
      ).code,
    ).toBe("not_found");
  });

  test("since beyond a preparation stream's head is stale_position; for a stream the person may not read, not_found comes first", async () => {
    const anna = await connect(people.anna);
    expect(
      (
        await anna.fails("subscribe", {
          round_id: ROUND,
          stream: "municipal_preparation",
          since: municipalHead + 1,
        })
      ).code,
    ).toBe("stale_position");
    expect(
      (
        await anna.fails("subscribe", {
          round_id: ROUND,
          stream: "state_preparation",
          since: stateHead + 1,
        })
      ).code,
    ).toBe("not_found");
    // Neither refusal subscribed: the stream can be subscribed now.
    expect(
      await anna.ok("subscribe", {
        round_id: ROUND,
        stream: "municipal_preparation",
        since: 0,
      }),
    ).toEqual({
      round_id: ROUND,
      stream: "municipal_preparation",
      head_seq: municipalHead,
      epoch: anEpoch,
    });
  });

  test("a preparation stream of a round the person may not see is not_found (Anna, round 2)", async () => {
    const anna = await connect(people.anna);
    expect(
      (
        await anna.fails("subscribe", {
          round_id: 2,
          stream: "municipal_preparation",
          since: 0,
        })
      ).code,
    ).toBe("not_found");
  });

  test("an unknown stream name, or a stream that is not a string (null included), is bad_request", async () => {
    const c = await connect(people.anna);
    for (const stream of [
      "preparation",
      "Municipal_preparation",
      "",
      1,
      null,
    ]) {
      const err = await c.fails("subscribe", {
        round_id: ROUND,
        stream,
        since: 0,
      });
      expect(err.code, `subscribe ${JSON.stringify(stream)}`).toBe(
        "bad_request",
      );
      const err2 = await c.fails("unsubscribe", { round_id: ROUND, stream });
      expect(err2.code, `unsubscribe ${JSON.stringify(stream)}`).toBe(
        "bad_request",
      );
    }
    // None of them subscribed to anything.
    expect(await c.ok("subscribe", { round_id: ROUND, since: head })).toEqual({
      round_id: ROUND,
      head_seq: head,
      epoch: anEpoch,
    });
  });

  test('stream "main" written out is the main stream: the result carries no stream key', async () => {
    const c = await connect(people.johan);
    expect(
      await c.ok("subscribe", { round_id: ROUND, stream: "main", since: head }),
    ).toEqual({ round_id: ROUND, head_seq: head, epoch: anEpoch });
    expect(await c.ok("unsubscribe", { round_id: ROUND })).toEqual({
      round_id: ROUND,
    });
  });

  test("list_rounds tells everyone who sees a round which sides prepare in it, never what they write", async () => {
    // Round 1 of the demo: both sides have preparation threads.
    for (const email of [
      people.secretariat,
      people.anna,
      people.per,
      people.lena,
    ]) {
      const c = await connect(email);
      const summary = await roundSummary(c, ROUND);
      expect(summary?.preparation_streams, email).toEqual([
        "municipal_preparation",
        "state_preparation",
      ]);
      await c.close();
    }

    // A new round has none; once Anna opens a municipal preparation thread, everyone in the
    // round (the state side and the secretariat included) learns that the municipal side
    // prepares, and nothing more.
    const sec = await connect(people.secretariat);
    const orgs = await organisationsByName(sec);
    const invited = ["Malmö stad", "Finansdepartementet"].map(
      (name) => orgs.get(name)!.id,
    );
    const { round, openSeq } = await createOpenRound(sec, {
      invited,
      title: "Förberedelser syns",
    });
    const per = await connect(people.per);
    expect((await roundSummary(per, round))?.preparation_streams).toEqual([]);
    const anna = await connect(people.anna);
    const created = await anna.ok<{ stream: string; seq: number }>(
      "create_thread",
      {
        round_id: round,
        stream: "municipal_preparation",
        title: "Vår linje",
      },
    );
    expect(created).toMatchObject({ stream: "municipal_preparation", seq: 1 });
    for (const c of [per, sec, anna]) {
      const summary = await roundSummary(c, round);
      expect(summary?.preparation_streams).toEqual(["municipal_preparation"]);
      expect(summary?.head_seq, "the main stream is untouched").toBe(openSeq);
    }
    expect(
      (
        await per.fails("subscribe", {
          round_id: round,
          stream: "municipal_preparation",
          since: 0,
        })
      ).code,
    ).toBe("not_found");
  });
});
