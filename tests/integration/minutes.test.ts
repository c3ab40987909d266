// Minutes per agenda item over the wire (issue 8): `write_minutes` appends `minutes_written` to
// the round's main stream while it is open or closed, live to everyone in the round; every
// version of an item's minutes is kept and `revises` must name the latest (two secretariat
// connections racing hundreds of times never overwrite each other unawares); the posts linked are
// readable posts of that item's thread; only the secretariat writes them, never once decided; the
// audit log names the item but copies no text; the decision record carries the latest minutes of
// each item in agenda order, and the discussion archive links them to the posts.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  startServer,
  type EventMsg,
  type SamradServer,
  type WsClient,
} from "./support/server";
import { api, audit } from "./support/accounts";
import {
  createOpenRound,
  organisationsByName,
  writeOutcome,
} from "./support/rounds";
import { isStreamEvent } from "./support/agenda";

let server: SamradServer;
let sec: WsClient;
let anna: WsClient; // Malmö stad
let erik: WsClient; // Kiruna kommun
let eva: WsClient; // observer, Finansdepartementet
let MALMO: number;
let ROUND: number; // open; invites Malmö stad, Kiruna kommun, Finansdepartementet
let ITEM: number; // the first agenda item
let OTHER_ITEM: number; // the second
let POST: number; // Anna's post in ITEM
let REPLY: number; // Erik's reply in ITEM
let ELSEWHERE: number; // Anna's post in OTHER_ITEM
let PREPARATION_POST: number; // Anna's post in the municipal side's preparation

interface Minutes {
  thread_id: number;
  version: number;
  state_input: string;
  municipal_input: string;
  state_comment: string;
  post_ids: number[];
}

function minutes(
  revises: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    round_id: ROUND,
    thread_id: ITEM,
    revises,
    state_input: "Staten vill ha **två** budgetår.",
    municipal_input: "Kommunerna vill ha tre.",
    state_comment: "",
    post_ids: [POST],
    ...extra,
  };
}

async function post(
  c: WsClient,
  thread: number,
  body: string,
  replyTo: number | null = null,
) {
  return (
    await c.ok<{ post_id: number }>("create_post", {
      round_id: ROUND,
      thread_id: thread,
      reply_to: replyTo,
      body,
    })
  ).post_id;
}

beforeAll(async () => {
  server = await startServer();
  sec = await server.connectAs(people.secretariat);
  const orgs = await organisationsByName(sec);
  MALMO = orgs.get("Malmö stad")!.id;
  const invited = ["Malmö stad", "Kiruna kommun", "Finansdepartementet"].map(
    (n) => orgs.get(n)!.id,
  );
  const r = await createOpenRound(sec, {
    title: "Protokoll",
    invited,
    agenda: ["Budgetår", "Uppföljning"],
  });
  ROUND = r.round;
  ITEM = r.threads[0]!;
  OTHER_ITEM = r.threads[1]!;
  anna = await server.connectAs(people.anna);
  erik = await server.connectAs(people.erik);
  eva = await server.connectAs(people.eva);
  for (const c of [sec, anna, erik, eva]) await c.subscribe(ROUND);
  POST = await post(anna, ITEM, "Malmö stad vill ha tre budgetår.");
  REPLY = await post(erik, ITEM, "Kiruna håller med.", POST);
  ELSEWHERE = await post(anna, OTHER_ITEM, "Om uppföljningen.");
  const prep = await anna.ok<{ thread_id: number }>("create_thread", {
    round_id: ROUND,
    stream: "municipal_preparation",
    title: "Internt",
  });
  PREPARATION_POST = (
    await anna.ok<{ post_id: number }>("create_post", {
      round_id: ROUND,
      thread_id: prep.thread_id,
      body: "Bara för kommunerna.",
    })
  ).post_id;
});

afterAll(async () => {
  await cleanupAll();
});

describe("write_minutes", () => {
  test("is committed while the round is open, answered with its version, and reaches everyone live", async () => {
    const result = await sec.ok<{
      round_id: number;
      seq: number;
      thread_id: number;
      version: number;
    }>("write_minutes", minutes(0, { post_ids: [REPLY, POST] }));
    expect(result).toEqual({
      round_id: ROUND,
      seq: result.seq,
      thread_id: ITEM,
      version: 1,
    });
    for (const c of [sec, anna, erik, eva]) {
      await c.waitForSeq(ROUND, result.seq);
      const event = c.messages.find(
        (m): m is EventMsg =>
          isStreamEvent(m, ROUND, "main", "minutes_written") &&
          (m as EventMsg).seq === result.seq,
      )!;
      expect(event.actor?.name).toBe("Sara Ekström");
      expect(event.data as unknown as Minutes).toEqual({
        thread_id: ITEM,
        version: 1,
        state_input: "Staten vill ha **två** budgetår.",
        municipal_input: "Kommunerna vill ha tre.",
        state_comment: "",
        post_ids: [REPLY, POST],
      });
    }
  });

  test("versions count per agenda item; a stale revision is a conflict; the replay keeps every version", async () => {
    const revised = await sec.ok<{ version: number }>(
      "write_minutes",
      minutes(1, { state_comment: "Staten godtar två år." }),
    );
    expect(revised.version).toBe(2);
    const stale = await sec.fails("write_minutes", minutes(1));
    expect(stale.code).toBe("conflict");
    expect(stale.message).toContain("version 2");
    expect((await sec.fails("write_minutes", minutes(0))).code).toBe(
      "conflict",
    );
    // The other item has its own versions.
    const other = await sec.ok<{ thread_id: number; version: number }>(
      "write_minutes",
      minutes(0, { thread_id: OTHER_ITEM, post_ids: [ELSEWHERE] }),
    );
    expect(other).toMatchObject({ thread_id: OTHER_ITEM, version: 1 });
    const later = await server.connectAs(people.per);
    const { replay } = await later.subscribe(ROUND);
    expect(
      replay
        .filter((e) => e.kind === "minutes_written")
        .map((e) => {
          const data = e.data as unknown as Minutes;
          return [data.thread_id, data.version];
        }),
    ).toEqual([
      [ITEM, 1],
      [ITEM, 2],
      [OTHER_ITEM, 1],
    ]);
  });

  test("only the secretariat and admins write them; observers and representatives read only", async () => {
    for (const c of [anna, erik, eva])
      expect((await c.fails("write_minutes", minutes(2))).code).toBe(
        "forbidden",
      );
    const maria = await server.connectAs(people.maria); // Region Skåne: not invited
    expect((await maria.fails("write_minutes", minutes(2))).code).toBe(
      "not_found",
    );
    const admin = await server.connectAs(people.admin);
    expect(
      (
        await admin.ok<{ version: number }>(
          "write_minutes",
          minutes(2, { state_input: "Av admin." }),
        )
      ).version,
    ).toBe(3);
  });

  test("a linked post is a readable post of the item's thread; bad input stores nothing", async () => {
    const hidden = await post(erik, ITEM, "Ett inlägg som döljs.");
    await sec.ok("hide_post", {
      round_id: ROUND,
      post_id: hidden,
      reason: "Personuppgifter",
    });
    const cases: [Record<string, unknown>, string][] = [
      [minutes(3, { post_ids: [ELSEWHERE] }), "not_found"],
      [minutes(3, { post_ids: [PREPARATION_POST] }), "not_found"],
      [minutes(3, { post_ids: [999999] }), "not_found"],
      [minutes(3, { post_ids: [hidden] }), "invalid_state"],
      [minutes(3, { post_ids: [POST, POST] }), "bad_request"],
      [
        minutes(3, {
          post_ids: Array.from({ length: 51 }, (_, i) => 100000 + i),
        }),
        "too_large",
      ],
      [minutes(3, { post_ids: ["1"] }), "bad_request"],
      [minutes(3, { thread_id: 999999 }), "not_found"],
      [
        minutes(3, {
          state_input: " ",
          municipal_input: "",
          state_comment: "\n",
        }),
        "bad_request",
      ],
      [minutes(3, { state_comment: "x".repeat(20001) }), "too_large"],
      [minutes(3, { state_comment: null }), "bad_request"],
      [minutes(3, { revises: -1 }), "bad_request"],
      [minutes(3, { extra: 1 }), "unknown_field"],
      [{ ...minutes(3), round_id: 999999 }, "not_found"],
    ];
    const { post_ids: _ignored, ...withoutPosts } = minutes(3);
    cases.push([withoutPosts, "bad_request"]);
    for (const [fields, code] of cases) {
      expect(
        (await sec.fails("write_minutes", fields)).code,
        JSON.stringify(fields).slice(0, 140),
      ).toBe(code);
    }
    expect(
      (await sec.ok<{ version: number }>("write_minutes", minutes(3))).version,
    ).toBe(4);
  });

  test("a proposed agenda item and a preparation thread take no minutes", async () => {
    const proposed = await anna.ok<{ thread_id: number }>(
      "propose_agenda_item",
      {
        round_id: ROUND,
        title: "Ett förslag till fråga",
      },
    );
    expect(
      (
        await sec.fails(
          "write_minutes",
          minutes(0, { thread_id: proposed.thread_id, post_ids: [] }),
        )
      ).code,
    ).toBe("not_found");
  });

  test("the audit log names the agenda item and counts the posts, but copies no text", async () => {
    const entries = await audit(
      server,
      await server.login(people.secretariat),
      `round=${ROUND}`,
    );
    const written = entries.filter((e) => e.action === "write_minutes");
    expect(written.length).toBe(5);
    expect(JSON.stringify(written)).not.toContain("budgetår");
    expect(written[0]).toMatchObject({ target: { kind: "thread", id: ITEM } });
  });

  test("closed, the minutes may still be revised; decided, they are final and in the record", async () => {
    await sec.ok("change_phase", { round_id: ROUND, phase: "closed" });
    expect(
      (await sec.ok<{ version: number }>("write_minutes", minutes(4))).version,
    ).toBe(5);
    await writeOutcome(sec, ROUND);
    await sec.ok("change_phase", { round_id: ROUND, phase: "decided" });
    expect((await sec.fails("write_minutes", minutes(5))).code).toBe(
      "invalid_state",
    );

    const session = await server.login(people.anna);
    const response = await api(
      server,
      session,
      "GET",
      `/api/rounds/${ROUND}/record`,
    );
    expect(response.status).toBe(200);
    const bundle = JSON.parse(response.text) as {
      record: {
        minutes: unknown[];
        timeline: { kind: string; summary: string }[];
      };
    };
    expect(bundle.record.minutes).toEqual([
      {
        thread_id: ITEM,
        title: "Budgetår",
        version: 5,
        state_input: "Staten vill ha **två** budgetår.",
        municipal_input: "Kommunerna vill ha tre.",
        state_comment: "",
        posts: [POST],
        written_at: expect.any(String),
        written_by: expect.objectContaining({ name: "Sara Ekström" }),
      },
      expect.objectContaining({
        thread_id: OTHER_ITEM,
        version: 1,
        posts: [ELSEWHERE],
      }),
    ]);
    expect(
      bundle.record.timeline
        .filter((e) => e.kind === "minutes_written")
        .map((e) => e.summary),
    ).toContain("Minutes written (version 1) for: Uppföljning");

    // The printable record shows them under the agenda; the archive links them to the posts.
    const record = await api(
      server,
      session,
      "GET",
      `/api/export/rounds/${ROUND}/record.html`,
    );
    expect(record.status).toBe(200);
    expect(record.text).toContain("<h2>Protokoll per fråga</h2>");
    expect(record.text).toContain("<h4>Kommunsektorns inspel</h4>");
    expect(record.text).toContain(
      "Staten vill ha <strong>två</strong> budgetår.",
    );
    const archive = await api(
      server,
      session,
      "GET",
      `/api/export/rounds/${ROUND}/archive.html`,
    );
    expect(archive.status).toBe(200);
    expect(archive.text).toContain(
      `<a href="#inlagg-${POST}">inlägg ${POST}</a>`,
    );
    expect(archive.text).toContain(`id="inlagg-${POST}"`);
    expect(archive.text).toContain("<h4>Statens inspel</h4>");
  });
});

describe("two secretariat connections revising at once", () => {
  test("exactly one of each pair wins and the versions stay gapless (200 races)", async () => {
    const r = await createOpenRound(sec, {
      title: "Kapplöpning om protokollet",
      invited: [MALMO],
    });
    const other = await server.connectAs(people.secretariat);
    let version = 0;
    for (let i = 0; i < 200; i++) {
      const fields = (text: string) => ({
        round_id: r.round,
        thread_id: r.threads[0],
        revises: version,
        state_input: text,
        municipal_input: "",
        state_comment: "",
        post_ids: [],
      });
      const [a, b] = await Promise.all([
        sec.request("write_minutes", fields(`Första ${i}`)),
        other.request("write_minutes", fields(`Andra ${i}`)),
      ]);
      const outcomes = [a, b]
        .map((x) =>
          x.type === "result"
            ? "ok"
            : (x as { error: { code: string } }).error.code,
        )
        .sort();
      expect(outcomes, `race ${i}`).toEqual(["conflict", "ok"]);
      version += 1;
      const won = (a.type === "result" ? a : b) as unknown as {
        result: { version: number };
      };
      expect(won.result.version).toBe(version);
    }
    const { replay } = await sec.subscribe(r.round);
    const versions = replay
      .filter((e) => e.kind === "minutes_written")
      .map((e) => (e.data as unknown as Minutes).version);
    expect(versions).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  }, 120_000);
});
