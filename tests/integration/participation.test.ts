// Who has answered, over the wire (issue 7): `list_participation` tells the secretariat and
// admins, per organisation invited to a round, its posts in the main stream and in its side's
// preparation, its latest post and the reminders it got; representatives and observers are
// refused. `send_reminder` appends `reminder_sent` to the round's main stream: it reaches every
// connection of the reminded organisation live (and everyone else in the round), is in the replay
// of whoever opens the round later, is recorded in the audit log, and is refused for a withdrawn
// organisation, a closed round and malformed requests. The demo's round 1 has a reminder.
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
import {
  createOpenRound,
  headSeq,
  organisationsByName,
} from "./support/rounds";
import { isStreamEvent, subscribeStream } from "./support/agenda";

interface Participation {
  organisation: Organisation;
  posts: { main: number; preparation: number; latest_at: string | null };
  reminders: { count: number; latest_at: string | null };
}

let server: SamradServer;
let orgs: Map<string, Organisation>;
let sec: WsClient;
let ROUND: number; // open; invites Malmö stad, Kiruna kommun, Finansdepartementet
let THREAD: number;

async function participation(
  c: WsClient,
  round = ROUND,
): Promise<Map<string, Participation>> {
  const r = await c.ok<{ round_id: number; organisations: Participation[] }>(
    "list_participation",
    { round_id: round },
  );
  expect(r.round_id).toBe(round);
  return new Map(r.organisations.map((p) => [p.organisation.name, p]));
}

function reminderOf(
  c: WsClient,
  round: number,
  organisation: number,
): EventMsg | undefined {
  return c.messages.find(
    (m): m is EventMsg =>
      isStreamEvent(m, round, "main", "reminder_sent") &&
      ((m as EventMsg).data.organisation as Organisation).id === organisation,
  );
}

beforeAll(async () => {
  server = await startServer();
  sec = await server.connectAs(people.secretariat);
  orgs = await organisationsByName(sec);
  const invited = ["Malmö stad", "Kiruna kommun", "Finansdepartementet"].map(
    (n) => orgs.get(n)!.id,
  );
  const r = await createOpenRound(sec, { title: "Vilka har svarat", invited });
  ROUND = r.round;
  THREAD = r.threads[0]!;
});

afterAll(async () => {
  await cleanupAll();
});

describe("list_participation", () => {
  test("lists every invited organisation by name, with nothing yet in a new round", async () => {
    const list = await sec.ok<{
      round_id: number;
      organisations: Participation[];
    }>("list_participation", { round_id: ROUND });
    expect(list.organisations.map((p) => p.organisation.name)).toEqual([
      "Finansdepartementet",
      "Kiruna kommun",
      "Malmö stad",
    ]);
    for (const p of list.organisations) {
      expect(p).toMatchObject({
        posts: { main: 0, preparation: 0, latest_at: null },
        reminders: { count: 0, latest_at: null },
      });
    }
    expect(list.organisations[2]!.organisation).toEqual(orgs.get("Malmö stad"));
  });

  test("the secretariat sees the counts change after a representative posts", async () => {
    const anna = await server.connectAs(people.anna);
    const erik = await server.connectAs(people.erik);
    const before = await participation(sec);
    const posted = await anna.ok<{ seq: number }>("create_post", {
      round_id: ROUND,
      thread_id: THREAD,
      body: "Malmö stad svarar.",
    });
    await anna.ok("create_post", {
      round_id: ROUND,
      thread_id: THREAD,
      body: "Och ett till.",
    });
    const prep = await erik.ok<{ thread_id: number }>("create_thread", {
      round_id: ROUND,
      stream: "municipal_preparation",
      title: "Vår linje",
    });
    await erik.ok("create_post", {
      round_id: ROUND,
      thread_id: prep.thread_id,
      body: "Kiruna förbereder.",
    });

    const after = await participation(sec);
    expect(before.get("Malmö stad")!.posts.main).toBe(0);
    expect(after.get("Malmö stad")!.posts).toMatchObject({
      main: 2,
      preparation: 0,
    });
    expect(after.get("Kiruna kommun")!.posts).toMatchObject({
      main: 0,
      preparation: 1,
    });
    expect(after.get("Finansdepartementet")!.posts).toEqual({
      main: 0,
      preparation: 0,
      latest_at: null,
    });
    const latest = Date.parse(after.get("Malmö stad")!.posts.latest_at!);
    expect(latest).toBeGreaterThanOrEqual(Date.now() - 60_000);
    expect(posted.seq).toBeGreaterThan(0);
    // Admins see the same.
    const admin = await server.connectAs(people.admin);
    expect(await participation(admin)).toEqual(after);
    await Promise.all([anna.close(), erik.close(), admin.close()]);
  });

  test("representatives and observers are refused; those outside the round are told it does not exist", async () => {
    for (const email of [people.anna, people.per, people.eva]) {
      const c = await server.connectAs(email);
      const e = await c.fails("list_participation", { round_id: ROUND });
      expect(e.code, email).toBe("forbidden");
      await c.close();
    }
    const maria = await server.connectAs(people.maria); // Region Skåne: not invited
    expect(
      (await maria.fails("list_participation", { round_id: ROUND })).code,
    ).toBe("not_found");
    expect(
      (await sec.fails("list_participation", { round_id: 999_999 })).code,
    ).toBe("not_found");
    await maria.close();
  });
});

describe("send_reminder", () => {
  test("reaches every connection of the reminded organisation live, and is in the replay later", async () => {
    const finans = orgs.get("Finansdepartementet")!;
    // Per on two connections and Eva (observer), all of Finansdepartementet; Anna of Malmö.
    const per1 = await server.connectAs(people.per);
    const per2 = await server.connectAs(people.per);
    const eva = await server.connectAs(people.eva);
    const anna = await server.connectAs(people.anna);
    const watchers = [per1, per2, eva, anna, sec];
    for (const c of watchers) await subscribeStream(c, ROUND, "main", 0);

    const message =
      "Vi saknar Finansdepartementets synpunkter. Samrådet stänger snart.";
    const sent = await sec.ok<{ round_id: number; seq: number }>(
      "send_reminder",
      {
        round_id: ROUND,
        organisation_id: finans.id,
        message,
      },
    );
    expect(Object.keys(sent)).toEqual(["round_id", "seq"]);
    expect(sent.round_id).toBe(ROUND);
    for (const c of watchers) {
      const event = (await c.waitFor(
        (m) =>
          isStreamEvent(m, ROUND, "main", "reminder_sent") &&
          (m as EventMsg).seq === sent.seq,
        10_000,
        "reminder_sent",
      )) as EventMsg;
      expect(event.data).toEqual({
        organisation: finans,
        message,
        position_missing: true,
      });
      expect(event.actor?.role).toBe("secretariat");
      expect("stream" in event).toBe(false);
    }

    // Someone who opens the round later gets it in the replay.
    const later = await server.connectAs(people.eva);
    const { replay } = await subscribeStream(later, ROUND, "main", 0);
    const replayed = replay.find(
      (e) => e.kind === "reminder_sent" && e.seq === sent.seq,
    );
    expect(replayed?.data).toEqual({
      organisation: finans,
      message,
      position_missing: true,
    });

    // A reminder without a message; both are counted.
    const second = await sec.ok<{ seq: number }>("send_reminder", {
      round_id: ROUND,
      organisation_id: finans.id,
    });
    await per1.waitForSeq(ROUND, second.seq);
    expect(reminderOf(per1, ROUND, finans.id)).toBeDefined();
    const event = per1.messages.find(
      (m) =>
        isStreamEvent(m, ROUND, "main", "reminder_sent") &&
        (m as EventMsg).seq === second.seq,
    ) as EventMsg;
    expect(event.data.message).toBe("");
    const list = await participation(sec);
    expect(list.get("Finansdepartementet")!.reminders.count).toBe(2);
    expect(list.get("Finansdepartementet")!.reminders.latest_at).toBe(event.at);
    expect(list.get("Malmö stad")!.reminders).toEqual({
      count: 0,
      latest_at: null,
    });
    await Promise.all([
      per1.close(),
      per2.close(),
      eva.close(),
      anna.close(),
      later.close(),
    ]);
  });

  test("is recorded in the audit log with the organisation, from where, and not the message", async () => {
    const kiruna = orgs.get("Kiruna kommun")!;
    await sec.ok("send_reminder", {
      round_id: ROUND,
      organisation_id: kiruna.id,
      message: "Hemlig text i påminnelsen",
    });
    const session = await server.login(people.secretariat);
    const entries = await audit(
      server,
      session,
      `action=send_reminder&round=${ROUND}`,
    );
    const entry = entries.find((e) => e.target?.id === kiruna.id);
    expect(entry).toMatchObject({
      action: "send_reminder",
      source: "web",
      round_id: ROUND,
      target: { kind: "organisation", id: kiruna.id },
      details: { organisation: "Kiruna kommun", message: "true" },
    });
    expect(entry!.actor?.name).toBe("Sara Ekström");
    expect(entry!.address).not.toBe("");
    expect(JSON.stringify(entry)).not.toContain("Hemlig text");
  });

  test("representatives and observers may not remind", async () => {
    const malmo = orgs.get("Malmö stad")!;
    for (const email of [people.anna, people.eva]) {
      const c = await server.connectAs(email);
      expect(
        (
          await c.fails("send_reminder", {
            round_id: ROUND,
            organisation_id: malmo.id,
          })
        ).code,
        email,
      ).toBe("forbidden");
      await c.close();
    }
  });

  test("an organisation that is not invited, or whose invitation was withdrawn, cannot be reminded", async () => {
    const skane = orgs.get("Region Skåne")!;
    const notInvited = await sec.fails("send_reminder", {
      round_id: ROUND,
      organisation_id: skane.id,
    });
    expect(notInvited.code).toBe("not_found");
    expect(notInvited.message).toMatch(/not invited/);

    const { round } = await createOpenRound(sec, {
      title: "Med en återkallad inbjudan",
      invited: [orgs.get("Malmö stad")!.id, skane.id],
    });
    await sec.ok("withdraw_invitation", {
      round_id: round,
      organisation_id: skane.id,
    });
    expect(
      (
        await sec.fails("send_reminder", {
          round_id: round,
          organisation_id: skane.id,
        })
      ).code,
    ).toBe("not_found");
    // ... and is no longer listed.
    expect([...(await participation(sec, round)).keys()]).toEqual([
      "Malmö stad",
    ]);
    expect(
      (
        await sec.fails("send_reminder", {
          round_id: round,
          organisation_id: 999_999,
        })
      ).code,
    ).toBe("not_found");
  });

  test("a round that is not open refuses reminders, saying why", async () => {
    const malmo = orgs.get("Malmö stad")!;
    const { round } = await createOpenRound(sec, {
      title: "Stängs snart",
      invited: [malmo.id],
    });
    await sec.ok("change_phase", { round_id: round, phase: "closed" });
    const closed = await sec.fails("send_reminder", {
      round_id: round,
      organisation_id: malmo.id,
    });
    expect(closed.code).toBe("invalid_state");
    expect(closed.message).toMatch(/open.*closed/);
    const draft = await sec.ok<{ round_id: number }>("create_round", {
      title: "Ett utkast",
      proposal: "",
      kind: "plenary",
      invited: [malmo.id],
    });
    expect(
      (
        await sec.fails("send_reminder", {
          round_id: draft.round_id,
          organisation_id: malmo.id,
        })
      ).code,
    ).toBe("invalid_state");
    // The closed round's participation is still readable.
    expect(
      (await participation(sec, round)).get("Malmö stad")!.reminders.count,
    ).toBe(0);
  });

  test("malformed requests get clear errors and append nothing", async () => {
    const malmo = orgs.get("Malmö stad")!.id;
    const head = await headSeq(sec, ROUND);
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [
        { round_id: ROUND, organisation_id: malmo, organisation: "Malmö" },
        "unknown_field",
        /organisation/,
      ],
      [
        { round_id: ROUND, organisation_id: String(malmo) },
        "bad_request",
        /organisation_id/,
      ],
      [{ round_id: ROUND }, "bad_request", /organisation_id/],
      [
        { round_id: ROUND, organisation_id: malmo, message: null },
        "bad_request",
        /message/,
      ],
      [
        { round_id: ROUND, organisation_id: malmo, message: 42 },
        "bad_request",
        /message/,
      ],
      [
        { round_id: ROUND, organisation_id: malmo, message: " \u00a0\u200b" },
        "bad_request",
        /blank/,
      ],
      [
        { round_id: ROUND, organisation_id: malmo, message: "å".repeat(1001) },
        "too_large",
        /2000 bytes/,
      ],
      [{ round_id: "1", organisation_id: malmo }, "bad_request", /round_id/],
    ];
    for (const [fields, code, message] of cases) {
      const e = await sec.fails("send_reminder", fields);
      expect(e.code, JSON.stringify(fields)).toBe(code);
      expect(e.message).toMatch(message);
    }
    for (const [fields, code] of [
      [{}, "bad_request"],
      [{ round_id: ROUND, since: 0 }, "unknown_field"],
      [{ round_id: 0 }, "bad_request"],
    ] as const) {
      expect(
        (await sec.fails("list_participation", fields)).code,
        JSON.stringify(fields),
      ).toBe(code);
    }
    // 2000 bytes exactly is allowed.
    const ok = await sec.ok<{ seq: number }>("send_reminder", {
      round_id: ROUND,
      organisation_id: malmo,
      message: "å".repeat(1000),
    });
    expect(ok.seq).toBe(head + 1);
  });
});

describe("the demo data", () => {
  test("round 1 has a reminder to Utbildningsdepartementet, which has not taken part", async () => {
    const list = await participation(sec, 1);
    const utbildning = list.get("Utbildningsdepartementet")!;
    expect(utbildning.reminders.count).toBe(1);
    expect(utbildning.posts).toEqual({
      main: 0,
      preparation: 0,
      latest_at: null,
    });
    expect(list.get("Malmö stad")!.posts.main).toBeGreaterThan(0);
    expect(list.get("Malmö stad")!.posts.preparation).toBeGreaterThan(0);
  });
});
