// Consulted on a draft's agenda (issue 7: "Either side may propose an agenda item while the
// round is a draft or open"): a representative of an invited organisation sees the draft in
// list_rounds, subscribes to it, and proposes an agenda item in it; the secretariat accepts the
// item, and the representative sees both live. Nothing is posted in the draft, the accepted item
// included, until the round opens; after that the representative posts in the accepted item.
// An organisation the draft does not invite sees none of it.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  startServer,
  type EventMsg,
  type SamradServer,
  type WsClient,
} from "./support/server";
import {
  createRound,
  organisationsByName,
  roundSummary,
} from "./support/rounds";

let server: SamradServer;
let sec: WsClient;
let anna: WsClient; // Malmö stad, municipal representative: invited
let maria: WsClient; // Region Skåne: not invited

beforeAll(async () => {
  server = await startServer();
  sec = await server.connectAs(people.secretariat);
  anna = await server.connectAs(people.anna);
  maria = await server.connectAs(people.maria);
});
afterAll(cleanupAll);

describe("a draft's agenda, proposed by the invited before the round opens", () => {
  test("Anna lists the draft, subscribes, proposes an item; the secretariat accepts it; she posts in it only once the round is open", async () => {
    const orgs = await organisationsByName(sec);
    const invited = ["Malmö stad", "Finansdepartementet"].map(
      (name) => orgs.get(name)!.id,
    );
    const { round_id: round } = await createRound(sec, {
      title: "Utkast att tycka till om",
      invited,
      agenda: ["Förslagets omfattning"],
    });

    // Listed for her, as a draft.
    expect(await roundSummary(anna, round)).toMatchObject({
      id: round,
      title: "Utkast att tycka till om",
      phase: "draft",
      head_seq: 2,
    });
    expect(await roundSummary(maria, round)).toBeUndefined();

    // She subscribes and replays it.
    const { head_seq, replay } = await anna.subscribe(round, 0);
    expect(head_seq).toBe(2);
    expect(replay.map((e) => e.kind)).toEqual([
      "round_created",
      "thread_created",
    ]);
    expect(replay[0]!.data.phase).toBe("draft");

    // She proposes an item; she gets it live, as everyone subscribed does.
    const proposed = await anna.ok<{
      round_id: number;
      seq: number;
      thread_id: number;
    }>("propose_agenda_item", {
      round_id: round,
      title: "Hur påverkas små kommuner?",
      motivation: "Det saknas i utkastet.",
    });
    expect(proposed).toMatchObject({ round_id: round, seq: 3 });
    const item = proposed.thread_id;
    expect((await anna.waitForSeq(round, 3)) as EventMsg).toMatchObject({
      kind: "agenda_item_proposed",
      data: {
        thread_id: item,
        title: "Hur påverkas små kommuner?",
        motivation: "Det saknas i utkastet.",
      },
    });

    // The uninvited may not propose, nor learn that the round exists.
    const missing = await maria.fails("propose_agenda_item", {
      round_id: 987_654,
      title: "T",
    });
    expect(
      await maria.fails("propose_agenda_item", { round_id: round, title: "T" }),
    ).toEqual(missing);
    expect(missing.code).toBe("not_found");

    // Seeing the draft lets her follow nobody's participation: that is the secretariat's.
    expect(
      (await anna.fails("list_participation", { round_id: round })).code,
    ).toBe("forbidden");
    expect(
      (await maria.fails("list_participation", { round_id: round })).code,
    ).toBe("not_found");

    // The secretariat accepts it while the round is still a draft; Anna sees the decision live.
    expect(
      await sec.ok("decide_agenda_item", {
        round_id: round,
        thread_id: item,
        accept: true,
        reason: "Bra fråga.",
      }),
    ).toEqual({ round_id: round, seq: 4 });
    expect((await anna.waitForSeq(round, 4)) as EventMsg).toMatchObject({
      kind: "agenda_item_decided",
      data: { thread_id: item, accepted: true, reason: "Bra fråga." },
    });

    // Not open yet: no post, in the accepted item or anywhere else, and no preparation thread.
    expect(
      await anna.fails("create_post", {
        round_id: round,
        thread_id: item,
        body: "Redan nu?",
      }),
    ).toEqual({
      code: "invalid_state",
      message: "This round is not open for posts yet",
    });
    expect(
      (
        await anna.fails("create_thread", {
          round_id: round,
          stream: "municipal_preparation",
          title: "Förberedelse",
        })
      ).code,
    ).toBe("invalid_state");
    expect((await roundSummary(sec, round))!.head_seq).toBe(4);

    // Opened: she gets the phase change live and posts in the item she proposed.
    expect(
      await sec.ok("change_phase", { round_id: round, phase: "open" }),
    ).toEqual({ round_id: round, seq: 5 });
    expect((await anna.waitForSeq(round, 5)) as EventMsg).toMatchObject({
      kind: "phase_changed",
      data: { previous: "draft", phase: "open" },
    });
    const post = await anna.ok<{ seq: number; post_id: number }>(
      "create_post",
      {
        round_id: round,
        thread_id: item,
        body: "Små kommuner har färre handläggare.",
      },
    );
    expect(post.seq).toBe(6);
    expect((await anna.waitForSeq(round, 6)) as EventMsg).toMatchObject({
      kind: "post_created",
      data: { thread_id: item },
    });
    expect(maria.events(round)).toEqual([]);
  });
});
