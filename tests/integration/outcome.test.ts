// The outcome and dissent over the wire (issue 8): `write_outcome` appends `outcome_written` to a
// closed round's main stream, live to everyone in the round; every version is kept and `revises`
// must name the latest (two secretariat connections racing hundreds of times never overwrite
// each other unawares); a response names main-stream posts and organisations with a position;
// invited organisations attach dissent once the outcome exists; a round is decided only with an
// outcome; the audit log counts but never copies the texts; bad input gets a clear code.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  startServer,
  type EventMsg,
  type Organisation,
  type SamradServer,
  type WsClient,
} from "./support/server";
import { audit } from "./support/accounts";
import { createOpenRound, organisationsByName } from "./support/rounds";
import { isStreamEvent } from "./support/agenda";

let server: SamradServer;
let orgs: Map<string, Organisation>;
let sec: WsClient;
let anna: WsClient; // Malmö stad, states a position
let erik: WsClient; // Kiruna kommun, states none
let eva: WsClient; // observer, Finansdepartementet
let ROUND: number; // closed; invites Malmö stad, Kiruna kommun, Finansdepartementet
let POST: number; // Anna's post in the main stream
let MALMO: number;
let PREPARATION_POST: number; // Anna's post in the municipal side's preparation

interface Written {
  version: number;
  summary: string;
  agreed: string[];
  responses: {
    point: string;
    post_ids: number[];
    organisation_ids: number[];
    response: string;
    reason: string;
  }[];
  correction: string | null;
}

function outcome(
  revises: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    round_id: ROUND,
    revises,
    summary: "Parterna är **överens**.",
    agreed: ["Två budgetår."],
    responses: [],
    ...extra,
  };
}

beforeAll(async () => {
  server = await startServer();
  sec = await server.connectAs(people.secretariat);
  orgs = await organisationsByName(sec);
  MALMO = orgs.get("Malmö stad")!.id;
  const invited = ["Malmö stad", "Kiruna kommun", "Finansdepartementet"].map(
    (n) => orgs.get(n)!.id,
  );
  const r = await createOpenRound(sec, { title: "Utfall", invited });
  ROUND = r.round;
  anna = await server.connectAs(people.anna);
  erik = await server.connectAs(people.erik);
  eva = await server.connectAs(people.eva);
  for (const c of [sec, anna, erik, eva]) await c.subscribe(ROUND);
  POST = (
    await anna.ok<{ post_id: number }>("create_post", {
      round_id: ROUND,
      thread_id: r.threads[0],
      reply_to: null,
      body: "Övergången behöver två budgetår.",
    })
  ).post_id;
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
  await anna.ok("state_position", {
    round_id: ROUND,
    revises: 0,
    stance: "opposes",
    motivation: "Nej.",
  });
  // Not yet closed: no outcome, and no dissent.
  expect((await sec.fails("write_outcome", outcome(0))).code).toBe(
    "invalid_state",
  );
  await sec.ok("change_phase", { round_id: ROUND, phase: "closed" });
});

afterAll(async () => {
  await cleanupAll();
});

describe("write_outcome", () => {
  test("deciding without an outcome is refused, and dissent waits for the outcome", async () => {
    const refused = await sec.fails("change_phase", {
      round_id: ROUND,
      phase: "decided",
    });
    expect(refused).toMatchObject({
      code: "invalid_state",
      message: "Write the outcome before deciding the round",
    });
    const early = await anna.fails("attach_dissent", {
      round_id: ROUND,
      text: "För tidigt.",
    });
    expect(early.code).toBe("invalid_state");
    expect(early.message).toContain("outcome");
  });

  test("is committed, answered with its version and seq, and reaches everyone in the round live", async () => {
    const responses = [
      {
        point: "Två budgetår",
        post_ids: [POST],
        organisation_ids: [MALMO],
        response: "partly_accepted",
        reason: "Ett år räcker inte.",
      },
    ];
    const result = await sec.ok<{
      round_id: number;
      seq: number;
      version: number;
    }>("write_outcome", outcome(0, { responses }));
    expect(result).toEqual({ round_id: ROUND, seq: result.seq, version: 1 });
    for (const c of [sec, anna, erik, eva]) {
      await c.waitForSeq(ROUND, result.seq);
      const event = c.messages.find(
        (m): m is EventMsg =>
          isStreamEvent(m, ROUND, "main", "outcome_written") &&
          (m as EventMsg).seq === result.seq,
      )!;
      expect(event.actor?.name).toBe("Sara Ekström");
      expect(event.data as unknown as Written).toEqual({
        version: 1,
        summary: "Parterna är **överens**.",
        agreed: ["Två budgetår."],
        responses,
        correction: null,
      });
    }
  });

  test("a revision is the next version, a stale one a conflict, and the replay keeps both", async () => {
    const revised = await sec.ok<{ version: number }>(
      "write_outcome",
      outcome(1, { summary: "Reviderat." }),
    );
    expect(revised.version).toBe(2);
    const stale = await sec.fails("write_outcome", outcome(1));
    expect(stale.code).toBe("conflict");
    expect(stale.message).toContain("version 2");
    expect((await sec.fails("write_outcome", outcome(0))).code).toBe(
      "conflict",
    );
    const later = await server.connectAs(people.per);
    const { replay } = await later.subscribe(ROUND);
    expect(
      replay
        .filter((e) => e.kind === "outcome_written")
        .map((e) => (e.data as unknown as Written).version),
    ).toEqual([1, 2]);
  });

  test("only the secretariat and admins write it", async () => {
    for (const c of [anna, eva])
      expect((await c.fails("write_outcome", outcome(2))).code).toBe(
        "forbidden",
      );
    const admin = await server.connectAs(people.admin);
    expect(
      (
        await admin.ok<{ version: number }>(
          "write_outcome",
          outcome(2, { summary: "Av admin." }),
        )
      ).version,
    ).toBe(3);
  });

  test("a response names main-stream posts and organisations with a position; bad input stores nothing", async () => {
    const response = (fields: Record<string, unknown>) => ({
      point: "P",
      post_ids: [],
      organisation_ids: [],
      response: "accepted",
      reason: "Skäl.",
      ...fields,
    });
    const kiruna = orgs.get("Kiruna kommun")!.id; // invited, but no position
    const cases: [Record<string, unknown>, string][] = [
      [
        outcome(3, { responses: [response({ post_ids: [999999] })] }),
        "not_found",
      ],
      // A preparation post is not part of the record.
      [
        outcome(3, { responses: [response({ post_ids: [PREPARATION_POST] })] }),
        "not_found",
      ],
      [
        outcome(3, { responses: [response({ organisation_ids: [kiruna] })] }),
        "not_found",
      ],
      [
        outcome(3, { responses: [response({ post_ids: [POST, POST] })] }),
        "bad_request",
      ],
      [
        outcome(3, { responses: [response({ response: "godtas" })] }),
        "bad_request",
      ],
      [outcome(3, { responses: [response({ reason: " " })] }), "bad_request"],
      [
        outcome(3, { responses: [response({ point: "x".repeat(301) })] }),
        "too_large",
      ],
      [outcome(3, { responses: [response({ note: "x" })] }), "unknown_field"],
      [
        outcome(3, {
          responses: [
            {
              point: "P",
              organisation_ids: [],
              response: "accepted",
              reason: "R",
            },
          ],
        }),
        "bad_request",
      ],
      [outcome(3, { summary: "  \u00a0" }), "bad_request"],
      [outcome(3, { summary: "x".repeat(20001) }), "too_large"],
      [outcome(3, { agreed: [""] }), "bad_request"],
      [
        outcome(3, { agreed: Array.from({ length: 101 }, () => "P") }),
        "too_large",
      ],
      [outcome(3, { extra: 1 }), "unknown_field"],
      [{ ...outcome(3), round_id: 999999 }, "not_found"],
    ];
    for (const [fields, code] of cases) {
      expect(
        (await sec.fails("write_outcome", fields)).code,
        JSON.stringify(fields).slice(0, 140),
      ).toBe(code);
    }
    const next = await sec.ok<{ version: number }>("write_outcome", outcome(3));
    expect(next.version).toBe(4);
  });
});

describe("attach_dissent", () => {
  test("an invited organisation attaches dissent, more than once, and everyone sees it", async () => {
    const first = await anna.ok<{ round_id: number; seq: number }>(
      "attach_dissent",
      { round_id: ROUND, text: "Malmö stad **reserverar** sig." },
    );
    expect(first).toEqual({ round_id: ROUND, seq: first.seq });
    const second = await erik.ok<{ seq: number }>("attach_dissent", {
      round_id: ROUND,
      text: "Kiruna kommun reserverar sig.",
    });
    const third = await anna.ok<{ seq: number }>("attach_dissent", {
      round_id: ROUND,
      text: "Och en gång till.",
    });
    for (const c of [sec, eva]) {
      await c.waitForSeq(ROUND, third.seq);
      const dissent = c.messages.filter((m): m is EventMsg =>
        isStreamEvent(m, ROUND, "main", "dissent_attached"),
      );
      expect(
        dissent.map((e) => [
          e.seq,
          (e.data as { organisation: Organisation }).organisation.name,
          e.actor?.name,
        ]),
      ).toEqual([
        [first.seq, "Malmö stad", "Anna Lind"],
        [second.seq, "Kiruna kommun", "Erik Nilsson"],
        [third.seq, "Malmö stad", "Anna Lind"],
      ]);
    }
  });

  test("only representatives of invited organisations, with clear codes for bad input", async () => {
    expect(
      (await sec.fails("attach_dissent", { round_id: ROUND, text: "Nej." }))
        .code,
    ).toBe("forbidden");
    expect(
      (await eva.fails("attach_dissent", { round_id: ROUND, text: "Nej." }))
        .code,
    ).toBe("forbidden");
    const maria = await server.connectAs(people.maria); // Region Skåne: not invited
    expect(
      (await maria.fails("attach_dissent", { round_id: ROUND, text: "Nej." }))
        .code,
    ).toBe("not_found");
    expect(
      (await anna.fails("attach_dissent", { round_id: ROUND, text: " \n" }))
        .code,
    ).toBe("bad_request");
    expect(
      (
        await anna.fails("attach_dissent", {
          round_id: ROUND,
          text: "x".repeat(20001),
        })
      ).code,
    ).toBe("too_large");
    expect((await anna.fails("attach_dissent", { round_id: ROUND })).code).toBe(
      "bad_request",
    );
    expect(
      (
        await anna.fails("attach_dissent", {
          round_id: ROUND,
          text: "Ja.",
          extra: 1,
        })
      ).code,
    ).toBe("unknown_field");
  });

  test("the audit log counts the outcome and names the dissenter, but copies no text", async () => {
    const entries = await audit(
      server,
      await server.login(people.secretariat),
      `round=${ROUND}`,
    );
    const written = entries.filter((e) => e.action === "write_outcome");
    const dissent = entries.filter((e) => e.action === "attach_dissent");
    expect(written.length).toBe(4);
    expect(dissent.length).toBe(3);
    const text = JSON.stringify([...written, ...dissent]);
    expect(text).not.toContain("överens");
    expect(text).not.toContain("reserverar");
    expect(text).toContain("Malmö stad");
  });

  test("once decided, the outcome is final and no more dissent is attached", async () => {
    await sec.ok("change_phase", { round_id: ROUND, phase: "decided" });
    expect((await sec.fails("write_outcome", outcome(4))).code).toBe(
      "invalid_state",
    );
    expect(
      (await anna.fails("attach_dissent", { round_id: ROUND, text: "Sent." }))
        .code,
    ).toBe("invalid_state");
  });
});

describe("two secretariat connections revising at once", () => {
  test("exactly one of each pair wins and the versions stay gapless (200 races)", async () => {
    const r = await createOpenRound(sec, {
      title: "Kapplöpning om utfallet",
      invited: [MALMO],
    });
    await sec.ok("change_phase", { round_id: r.round, phase: "closed" });
    const other = await server.connectAs(people.secretariat);
    let version = 0;
    for (let i = 0; i < 200; i++) {
      const fields = (summary: string) => ({
        round_id: r.round,
        revises: version,
        summary,
        agreed: [],
        responses: [],
      });
      const [a, b] = await Promise.all([
        sec.request("write_outcome", fields(`Första ${i}`)),
        other.request("write_outcome", fields(`Andra ${i}`)),
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
      .filter((e) => e.kind === "outcome_written")
      .map((e) => (e.data as unknown as Written).version);
    expect(versions).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  }, 120_000);
});
