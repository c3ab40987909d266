// Positions over the wire (issue 8): `state_position` appends `position_stated` to the round's
// main stream, live to everyone in the round and in the replay of whoever opens it later; every
// version is kept; `revises` must name the latest version, so two representatives of one
// organisation revising at once never overwrite each other unawares (raced hundreds of times);
// only representatives of invited organisations state one, only while the round is open; the
// participation list and reminders know about positions; bad input is refused with a clear code.
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
import { acceptInvitation, audit, createPerson } from "./support/accounts";
import { createOpenRound, organisationsByName } from "./support/rounds";
import { isStreamEvent } from "./support/agenda";

let server: SamradServer;
let orgs: Map<string, Organisation>;
let sec: WsClient;
let anna: WsClient; // Malmö stad
let erik: WsClient; // Kiruna kommun
let eva: WsClient; // observer, Finansdepartementet
let ROUND: number; // open; invites Malmö stad, Kiruna kommun, Finansdepartementet
let THREADS: number[];

interface Stated {
  organisation: Organisation;
  version: number;
  stance: string;
  motivation: string;
  points: { thread_id: number; stance: string; motivation: string }[];
}

function positionsIn(c: WsClient, round: number): EventMsg[] {
  return c.messages.filter((m): m is EventMsg =>
    isStreamEvent(m, round, "main", "position_stated"),
  );
}

beforeAll(async () => {
  server = await startServer();
  sec = await server.connectAs(people.secretariat);
  orgs = await organisationsByName(sec);
  const invited = ["Malmö stad", "Kiruna kommun", "Finansdepartementet"].map(
    (n) => orgs.get(n)!.id,
  );
  const r = await createOpenRound(sec, {
    title: "Ställningstaganden",
    invited,
    agenda: ["Finansiering", "Uppföljning"],
  });
  ROUND = r.round;
  THREADS = r.threads;
  anna = await server.connectAs(people.anna);
  erik = await server.connectAs(people.erik);
  eva = await server.connectAs(people.eva);
  for (const c of [sec, anna, erik, eva]) await c.subscribe(ROUND);
});

afterAll(async () => {
  await cleanupAll();
});

describe("state_position", () => {
  test("is committed, answered with its version and seq, and reaches everyone in the round live", async () => {
    const result = await anna.ok<{
      round_id: number;
      seq: number;
      version: number;
    }>("state_position", {
      round_id: ROUND,
      revises: 0,
      stance: "supports_with_reservations",
      motivation: "Malmö stad tillstyrker **med förbehåll**.",
      points: [
        {
          thread_id: THREADS[0],
          stance: "opposes",
          motivation: "Inte i ett steg.",
        },
        { thread_id: THREADS[1], stance: "supports" },
      ],
    });
    expect(result).toEqual({ round_id: ROUND, seq: result.seq, version: 1 });
    for (const c of [sec, anna, erik, eva]) {
      const event = (await c.waitForSeq(ROUND, result.seq)) as EventMsg;
      const stated = positionsIn(c, ROUND).find((e) => e.seq === result.seq)!;
      expect(stated, `${event.kind} at ${result.seq}`).toBeDefined();
      expect(stated.actor?.name).toBe("Anna Lind");
      const data = stated.data as unknown as Stated;
      expect(data.organisation.name).toBe("Malmö stad");
      expect(data.version).toBe(1);
      expect(data.stance).toBe("supports_with_reservations");
      expect(data.points).toEqual([
        {
          thread_id: THREADS[0],
          stance: "opposes",
          motivation: "Inte i ett steg.",
        },
        { thread_id: THREADS[1], stance: "supports", motivation: "" },
      ]);
    }
  });

  test("a revision is the next version; the earlier one stays in the replay", async () => {
    const revised = await anna.ok<{ seq: number; version: number }>(
      "state_position",
      {
        round_id: ROUND,
        revises: 1,
        stance: "supports",
        motivation: "Efter samtalen tillstyrker vi.",
      },
    );
    expect(revised.version).toBe(2);
    const later = await server.connectAs(people.per);
    const { replay } = await later.subscribe(ROUND);
    const versions = replay
      .filter((e) => e.kind === "position_stated")
      .map((e) => [
        (e.data as unknown as Stated).organisation.name,
        (e.data as unknown as Stated).version,
        (e.data as unknown as Stated).stance,
      ]);
    expect(versions).toEqual([
      ["Malmö stad", 1, "supports_with_reservations"],
      ["Malmö stad", 2, "supports"],
    ]);
  });

  test("a stale revision is a conflict naming the latest version, and stores nothing", async () => {
    const before = positionsIn(anna, ROUND).length;
    const error = await anna.fails("state_position", {
      round_id: ROUND,
      revises: 1,
      stance: "opposes",
      motivation: "Nej.",
    });
    expect(error.code).toBe("conflict");
    expect(error.message).toContain("version 2");
    expect(
      (
        await anna.fails("state_position", {
          round_id: ROUND,
          revises: 0,
          stance: "opposes",
          motivation: "Nej.",
        })
      ).code,
    ).toBe("conflict");
    // Another organisation's first position is version 1 whatever Malmö has stated.
    const kiruna = await erik.ok<{ version: number }>("state_position", {
      round_id: ROUND,
      revises: 0,
      stance: "no_comments",
      motivation: "",
    });
    expect(kiruna.version).toBe(1);
    await anna.waitFor(
      (m) =>
        isStreamEvent(m, ROUND, "main", "position_stated") &&
        (m as EventMsg).actor?.name === "Erik Nilsson",
    );
    expect(positionsIn(anna, ROUND).length).toBe(before + 1);
  });

  test("only representatives of invited organisations state one", async () => {
    expect(
      (
        await sec.fails("state_position", {
          round_id: ROUND,
          revises: 0,
          stance: "supports",
          motivation: "Ja.",
        })
      ).code,
    ).toBe("forbidden");
    expect(
      (
        await eva.fails("state_position", {
          round_id: ROUND,
          revises: 0,
          stance: "supports",
          motivation: "Ja.",
        })
      ).code,
    ).toBe("forbidden");
    const maria = await server.connectAs(people.maria); // Region Skåne: not invited
    expect(
      (
        await maria.fails("state_position", {
          round_id: ROUND,
          revises: 0,
          stance: "supports",
          motivation: "Ja.",
        })
      ).code,
    ).toBe("not_found");
  });

  test("bad input is refused with a clear code and stores nothing", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        {
          round_id: ROUND,
          revises: 0,
          stance: "tillstyrker",
          motivation: "Ja.",
        },
        "bad_request",
      ],
      [
        {
          round_id: ROUND,
          revises: 0,
          stance: "opposes",
          motivation: "  \u00a0",
        },
        "bad_request",
      ],
      [
        {
          round_id: ROUND,
          revises: 0,
          stance: "opposes",
          motivation: "x".repeat(20001),
        },
        "too_large",
      ],
      [
        {
          round_id: ROUND,
          revises: 0,
          stance: "opposes",
          motivation: "Nej.",
          points: [{ thread_id: 999999, stance: "opposes" }],
        },
        "not_found",
      ],
      [
        {
          round_id: ROUND,
          revises: 0,
          stance: "opposes",
          motivation: "Nej.",
          points: [
            { thread_id: THREADS[0], stance: "opposes" },
            { thread_id: THREADS[0], stance: "supports" },
          ],
        },
        "bad_request",
      ],
      [
        {
          round_id: ROUND,
          revises: 0,
          stance: "opposes",
          motivation: "Nej.",
          points: [{ thread_id: THREADS[0], stance: "opposes", note: "x" }],
        },
        "unknown_field",
      ],
      [
        {
          round_id: ROUND,
          revises: 0,
          stance: "opposes",
          motivation: "Nej.",
          extra: 1,
        },
        "unknown_field",
      ],
      [
        {
          round_id: ROUND,
          revises: 0,
          stance: "opposes",
          motivation: "Nej.",
          points: [
            {
              thread_id: THREADS[0],
              stance: "opposes",
              motivation: "é".repeat(1001),
            },
          ],
        },
        "too_large",
      ],
    ];
    const finans = await server.connectAs(people.per); // Finansdepartementet, no position yet
    for (const [fields, code] of cases) {
      expect(
        (await finans.fails("state_position", fields)).code,
        JSON.stringify(fields).slice(0, 120),
      ).toBe(code);
    }
    const list = await sec.ok<{
      organisations: {
        organisation: Organisation;
        position: { version: number };
      }[];
    }>("list_participation", { round_id: ROUND });
    expect(
      list.organisations.find(
        (o) => o.organisation.name === "Finansdepartementet",
      )!.position.version,
    ).toBe(0);
  });

  test("who has answered lists each organisation's latest position; a reminder names a missing one", async () => {
    const list = await sec.ok<{
      organisations: {
        organisation: Organisation;
        position: {
          version: number;
          stance: string | null;
          latest_at: string | null;
        };
      }[];
    }>("list_participation", { round_id: ROUND });
    const byName = new Map(
      list.organisations.map((o) => [o.organisation.name, o.position]),
    );
    expect(byName.get("Malmö stad")).toMatchObject({
      version: 2,
      stance: "supports",
    });
    expect(byName.get("Kiruna kommun")).toMatchObject({
      version: 1,
      stance: "no_comments",
    });
    expect(byName.get("Finansdepartementet")).toEqual({
      version: 0,
      stance: null,
      latest_at: null,
    });
    const toFinans = await sec.ok<{ seq: number }>("send_reminder", {
      round_id: ROUND,
      organisation_id: orgs.get("Finansdepartementet")!.id,
    });
    const toMalmo = await sec.ok<{ seq: number }>("send_reminder", {
      round_id: ROUND,
      organisation_id: orgs.get("Malmö stad")!.id,
    });
    await anna.waitForSeq(ROUND, toMalmo.seq);
    const reminders = anna.messages.filter((m): m is EventMsg =>
      isStreamEvent(m, ROUND, "main", "reminder_sent"),
    );
    expect(
      reminders.find((e) => e.seq === toFinans.seq)!.data.position_missing,
    ).toBe(true);
    expect(
      reminders.find((e) => e.seq === toMalmo.seq)!.data.position_missing,
    ).toBe(false);
  });

  test("every position is in the audit log with its stance, but not its motivation", async () => {
    const entries = await audit(
      server,
      await server.login(people.secretariat),
      `round=${ROUND}`,
    );
    const stated = entries.filter((e) => e.action === "state_position");
    expect(stated.length).toBe(3);
    expect(JSON.stringify(stated)).not.toContain("Efter samtalen");
    expect(JSON.stringify(stated)).toContain("supports");
  });

  test("a closed round takes no more positions", async () => {
    const r = await createOpenRound(sec, {
      title: "Stängs",
      invited: [orgs.get("Malmö stad")!.id],
    });
    await anna.ok("state_position", {
      round_id: r.round,
      revises: 0,
      stance: "opposes",
      motivation: "Nej.",
    });
    await sec.ok("change_phase", { round_id: r.round, phase: "closed" });
    const error = await anna.fails("state_position", {
      round_id: r.round,
      revises: 1,
      stance: "supports",
      motivation: "Ja ändå.",
    });
    expect(error.code).toBe("invalid_state");
  });
});

describe("two representatives of one organisation revising at once", () => {
  test("exactly one of each pair wins and the versions stay gapless (300 races)", async () => {
    // A second representative of Malmö stad, made through the admin API.
    const admin = await server.login(people.admin);
    const made = await createPerson(server, admin, {
      name: "Karin Berg",
      email: "karin.berg@malmo.example",
      role: "representative",
      organisation_id: orgs.get("Malmö stad")!.id,
    });
    const karin = await server.connect(
      await acceptInvitation(
        server,
        made.invitation.token,
        "karins-langa-losenord",
      ),
    );
    const r = await createOpenRound(sec, {
      title: "Kapplöpning",
      invited: [orgs.get("Malmö stad")!.id],
    });
    let version = 0;
    for (let i = 0; i < 300; i++) {
      // Sent back to back, both revising the same version: the store serialises them.
      const [a, b] = await Promise.all([
        anna.request("state_position", {
          round_id: r.round,
          revises: version,
          stance: "opposes",
          motivation: `Anna ${i}`,
        }),
        karin.request("state_position", {
          round_id: r.round,
          revises: version,
          stance: "supports",
          motivation: `Karin ${i}`,
        }),
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
      .filter((e) => e.kind === "position_stated")
      .map((e) => (e.data as unknown as Stated).version);
    expect(versions).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  }, 120_000);
});
