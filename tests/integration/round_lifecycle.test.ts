// The round life cycle over the wire (issue 7, first slice): the secretariat creates a round
// (`create_round`: kind, sectors, invited organisations, schedule, first agenda threads) as a
// draft that the secretariat, admins and the invited organisations' people see (the invited
// read it and propose agenda items but post nothing yet; everyone else sees nothing of it),
// opens it (`change_phase`), after which the invited post in it and receive every change live,
// and moves it on through closed and decided. Only the valid transitions are accepted; a refused command appends nothing;
// representatives and observers may not run a round (forbidden where they see it, not_found
// where they do not); and every malformed or unreasonable `create_round` and `set_schedule` is
// refused with its code and creates nothing.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  sleep,
  startServer,
  type EventMsg,
  type Organisation,
  type SamradServer,
  type WsClient,
} from "./support/server";
import {
  codeOf,
  createRound,
  headSeq,
  isEvent,
  isoIn,
  listRounds,
  organisationsByName,
  roundSummary,
  writeOutcome,
} from "./support/rounds";

// A proposal may be 200,000 bytes; the default message limit (65,536) would cut it first.
const MAX_MESSAGE_BYTES = 262_144;
const HOUR = 3_600_000;

let server: SamradServer;
let sec: WsClient;
let admin: WsClient;
let orgs: Map<string, Organisation>;
let secId: number;
let adminId: number;

beforeAll(async () => {
  server = await startServer({
    args: ["--max-message-bytes", String(MAX_MESSAGE_BYTES)],
  });
  sec = await server.connectAs(people.secretariat);
  admin = await server.connectAs(people.admin);
  secId = (await sec.welcome()).person.id;
  adminId = (await admin.welcome()).person.id;
  orgs = await organisationsByName(sec);
});
afterAll(cleanupAll);

function org(name: string): Organisation {
  const o = orgs.get(name);
  if (!o) throw new Error(`no organisation ${name}`);
  return o;
}

/** Subscribes c to the round from since and returns the replayed events (seq > since). */
async function replay(
  c: WsClient,
  round: number,
  since = 0,
): Promise<EventMsg[]> {
  return (await c.subscribe(round, since)).replay;
}

/** Events of the round that c received after message index `from`. */
function eventsSince(c: WsClient, round: number, from: number): EventMsg[] {
  return c.messages.slice(from).filter((m): m is EventMsg => isEvent(m, round));
}

describe("create_round", () => {
  // Made by the first test, followed through the life cycle by the next ones.
  let round: number;
  let threads: number[];
  // Per, of an invited organisation, follows the round from its draft on.
  let draftReader: WsClient;
  const opensAt = isoIn(60_000);
  const closesAt = isoIn(HOUR);
  const agenda = [
    "Hur påverkas er verksamhet?",
    "Vilka särskilda skäl finns?",
    "Hur bör uppföljningen se ut?",
  ];

  test("answers {round_id, seq: 1}; appends round_created, schedule_changed and one thread_created per agenda item, in order", async () => {
    const invited = [org("Malmö stad").id, org("Finansdepartementet").id];
    const a = await sec.request("create_round", {
      title: "Tillit i skolans tillsyn",
      proposal: "## Förslag\n\nFärre detaljkrav.",
      kind: "plenary",
      sectors: ["school", "social_care"],
      invited,
      opens_at: opensAt,
      closes_at: closesAt,
      agenda,
    });
    expect(a.type, JSON.stringify(a)).toBe("result");
    const result = (a as { result: Record<string, unknown> }).result;
    expect(Object.keys(result)).toEqual(["round_id", "seq"]);
    expect(result.seq).toBe(1);
    round = result.round_id as number;
    expect(round).toBeGreaterThan(3); // the demo has rounds 1–3

    const events = await replay(admin, round);
    expect(events.map((e) => [e.seq, e.kind])).toEqual([
      [1, "round_created"],
      [2, "schedule_changed"],
      [3, "thread_created"],
      [4, "thread_created"],
      [5, "thread_created"],
    ]);
    for (const e of events)
      expect(e.actor?.id, `actor of ${e.kind}`).toBe(secId);

    const created = events[0]!;
    expect(Object.keys(created.data)).toEqual([
      "title",
      "proposal",
      "phase",
      "invited",
      "kind",
      "sectors",
    ]);
    expect(created.data).toMatchObject({
      title: "Tillit i skolans tillsyn",
      proposal: "## Förslag\n\nFärre detaljkrav.",
      phase: "draft",
      kind: "plenary",
    });
    expect([...(created.data.sectors as string[])].sort()).toEqual([
      "school",
      "social_care",
    ]);
    const invitedOrgs = [...(created.data.invited as Organisation[])].sort(
      (x, y) => x.id - y.id,
    );
    expect(invitedOrgs).toEqual(
      [org("Malmö stad"), org("Finansdepartementet")].sort(
        (x, y) => x.id - y.id,
      ),
    );

    expect(events[1]!.data).toEqual({ opens_at: opensAt, closes_at: closesAt });
    expect(Object.keys(events[1]!.data)).toEqual(["opens_at", "closes_at"]);

    expect(events.slice(2).map((e) => e.data.title)).toEqual(agenda);
    threads = events.slice(2).map((e) => e.data.thread_id as number);
    expect(new Set(threads).size).toBe(3);
    for (const e of events.slice(2))
      expect(Object.keys(e.data)).toEqual(["thread_id", "title"]);
  });

  test("list_rounds shows the draft to the secretariat and admins, with kind, sectors and schedule in the documented key order", async () => {
    for (const c of [sec, admin]) {
      const entry = await roundSummary(c, round);
      expect(entry).toBeDefined();
      expect(Object.keys(entry!)).toEqual([
        "id",
        "title",
        "phase",
        "head_seq",
        "created_at",
        "kind",
        "sectors",
        "opens_at",
        "closes_at",
        "preparation_streams",
      ]);
      expect(entry).toMatchObject({
        id: round,
        title: "Tillit i skolans tillsyn",
        phase: "draft",
        head_seq: 5,
        kind: "plenary",
        opens_at: opensAt,
        closes_at: closesAt,
        preparation_streams: [],
      });
      expect([...entry!.sectors].sort()).toEqual(["school", "social_care"]);
      expect(entry!.created_at).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
      );
    }
    // Newest first: the new round heads the list.
    expect((await listRounds(sec))[0]!.id).toBe(round);
  });

  test("the draft is seen by the invited organisations' people: listed and replayed, but create_post is invalid_state (not open yet) and create_thread forbidden; the uninvited see nothing (not_found)", async () => {
    for (const [email, postCode] of [
      [people.anna, "invalid_state"],
      [people.per, "invalid_state"],
      [people.eva, "forbidden"],
    ] as const) {
      const c = await server.connectAs(email);
      expect(await roundSummary(c, round), email).toMatchObject({
        id: round,
        phase: "draft",
        head_seq: 5,
      });
      expect(
        (await replay(c, round)).map((e) => e.seq),
        email,
      ).toEqual([1, 2, 3, 4, 5]);
      expect(
        (
          await c.fails("create_post", {
            round_id: round,
            thread_id: threads[0],
            body: "Hej.",
          })
        ).code,
        email,
      ).toBe(postCode);
      expect(
        (await c.fails("create_thread", { round_id: round, title: "Ny fråga" }))
          .code,
        email,
      ).toBe("forbidden");
      if (email === people.per) draftReader = c;
      else await c.close();
    }
    for (const email of [people.maria, people.erik]) {
      const c = await server.connectAs(email);
      expect(
        (await listRounds(c)).map((r) => r.id),
        email,
      ).not.toContain(round);
      expect(
        (await c.fails("subscribe", { round_id: round, since: 0 })).code,
        email,
      ).toBe("not_found");
      expect(
        (
          await c.fails("create_post", {
            round_id: round,
            thread_id: threads[0],
            body: "Hej.",
          })
        ).code,
        email,
      ).toBe("not_found");
      expect(
        (await c.fails("create_thread", { round_id: round, title: "Ny fråga" }))
          .code,
        email,
      ).toBe("not_found");
      await c.close();
    }
    expect(await headSeq(sec, round)).toBe(5);
  });

  test("change_phase draft→open: {round_id, seq}; phase_changed {previous, phase, automatic:false} reaches subscribers live, the invited who followed the draft included; the invited see and replay it", async () => {
    // The secretariat itself is subscribed (admin already is, from the first test; Per from the draft's).
    await sec.subscribe(round, 5);
    const adminFrom = admin.messages.length;
    const opened = await sec.ok("change_phase", {
      round_id: round,
      phase: "open",
    });
    expect(opened).toEqual({ round_id: round, seq: 6 });
    for (const c of [sec, admin, draftReader]) {
      const e = (await c.waitForSeq(round, 6)) as EventMsg;
      expect(e).toMatchObject({
        type: "event",
        round_id: round,
        seq: 6,
        kind: "phase_changed",
      });
      expect(e.data).toEqual({
        previous: "draft",
        phase: "open",
        automatic: false,
      });
      expect(Object.keys(e.data)).toEqual(["previous", "phase", "automatic"]);
      expect(e.actor?.id).toBe(secId);
    }
    expect(eventsSince(admin, round, adminFrom).map((e) => e.seq)).toEqual([6]);

    const anna = await server.connectAs(people.anna);
    const listed = await roundSummary(anna, round);
    expect(listed).toMatchObject({ id: round, phase: "open", head_seq: 6 });
    const annaEvents = await replay(anna, round, 0);
    expect(annaEvents.map((e) => e.kind)).toEqual([
      "round_created",
      "schedule_changed",
      "thread_created",
      "thread_created",
      "thread_created",
      "phase_changed",
    ]);
    // Replay tells the history as it was: the round was created as a draft.
    expect(annaEvents[0]!.data.phase).toBe("draft");

    const per = await server.connectAs(people.per);
    expect((await replay(per, round, 3)).map((e) => e.seq)).toEqual([4, 5, 6]);
    const eva = await server.connectAs(people.eva); // an observer of an invited organisation
    expect((await eva.subscribe(round, 6)).head_seq).toBe(6);

    // The round is open: an invited representative posts, and everyone subscribed gets it.
    const post = await anna.ok<{ seq: number }>("create_post", {
      round_id: round,
      thread_id: threads[0],
      body: "Malmö stad tycker till.",
    });
    expect(post.seq).toBe(7);
    for (const c of [sec, admin, per, eva]) await c.waitForSeq(round, 7);

    // Closed by an admin: everyone subscribed sees it live, with the admin as actor.
    const closed = await admin.ok("change_phase", {
      round_id: round,
      phase: "closed",
    });
    expect(closed).toEqual({ round_id: round, seq: 8 });
    for (const c of [sec, admin, anna, per, eva]) {
      const e = (await c.waitForSeq(round, 8)) as EventMsg;
      expect(e.kind).toBe("phase_changed");
      expect(e.data).toEqual({
        previous: "open",
        phase: "closed",
        automatic: false,
      });
      expect(e.actor?.id).toBe(adminId);
    }
    expect(
      (
        await anna.fails("create_post", {
          round_id: round,
          thread_id: threads[0],
          body: "För sent.",
        })
      ).code,
    ).toBe("invalid_state");
    expect(
      (await sec.fails("create_thread", { round_id: round, title: "För sent" }))
        .code,
    ).toBe("invalid_state");

    expect(await writeOutcome(sec, round)).toMatchObject({
      seq: 9,
      version: 1,
    });
    const decided = await sec.ok("change_phase", {
      round_id: round,
      phase: "decided",
    });
    expect(decided).toEqual({ round_id: round, seq: 10 });
    for (const c of [sec, admin, anna, per, eva]) {
      const e = (await c.waitForSeq(round, 10)) as EventMsg;
      expect(e.data).toEqual({
        previous: "closed",
        phase: "decided",
        automatic: false,
      });
    }
    expect(await roundSummary(anna, round)).toMatchObject({
      phase: "decided",
      head_seq: 10,
    });
    // Each subscriber got each event once, in order.
    await sleep(100);
    expect(anna.events(round).map((e) => e.seq)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    for (const c of [anna, per, eva]) await c.close();
  });

  test("without a schedule or agenda only round_created is appended; absent sectors default to [] and are left out of round_created", async () => {
    const { round_id, seq } = await createRound(sec, {
      title: "Bilateralt om vården",
      proposal: "",
      kind: "bilateral",
      invited: [org("Socialdepartementet").id, org("Region Skåne").id],
    });
    expect(seq).toBe(1);
    const events = await replay(sec, round_id);
    expect(events.map((e) => e.kind)).toEqual(["round_created"]);
    expect(Object.keys(events[0]!.data)).toEqual([
      "title",
      "proposal",
      "phase",
      "invited",
      "kind",
    ]);
    expect(events[0]!.data).toMatchObject({
      proposal: "",
      phase: "draft",
      kind: "bilateral",
    });
    expect(await roundSummary(sec, round_id)).toMatchObject({
      kind: "bilateral",
      sectors: [],
      opens_at: null,
      closes_at: null,
      head_seq: 1,
    });
  });

  test("timestamps without milliseconds are accepted and written with .000Z; a blank proposal is allowed", async () => {
    const { round_id } = await createRound(sec, {
      proposal: "  \n ",
      opens_at: "2098-01-02T03:04:05Z",
      closes_at: "2099-01-02T03:04:05Z",
    });
    const events = await replay(sec, round_id);
    expect(events[1]!.data).toEqual({
      opens_at: "2098-01-02T03:04:05.000Z",
      closes_at: "2099-01-02T03:04:05.000Z",
    });
    expect(await roundSummary(sec, round_id)).toMatchObject({
      opens_at: "2098-01-02T03:04:05.000Z",
      closes_at: "2099-01-02T03:04:05.000Z",
    });
  });

  test("an admin may create a round too; the limits are inclusive: 50 agenda items, 300-byte titles, a 200,000-byte proposal", async () => {
    const title300 = "å".repeat(150); // 300 bytes in UTF-8
    const agenda50 = Array.from({ length: 50 }, (_, i) =>
      i === 0 ? title300 : `Punkt ${i + 1}`,
    );
    const { round_id, seq } = await createRound(admin, {
      title: title300,
      proposal: "x".repeat(200_000),
      agenda: agenda50,
    });
    expect(seq).toBe(1);
    const events = await replay(admin, round_id);
    expect(events.length).toBe(51);
    expect(events[0]!.actor?.id).toBe(adminId);
    expect((events[0]!.data.proposal as string).length).toBe(200_000);
    expect(events.slice(1).map((e) => e.data.title)).toEqual(agenda50);
  });
});

describe("change_phase: only draft→open→closed→decided", () => {
  test("every other transition is invalid_state (the message names both phases) and appends nothing", async () => {
    const { round_id: round } = await createRound(sec, {
      invited: [org("Malmö stad").id],
    });
    const watcher = await server.connectAs(people.admin);
    await watcher.subscribe(round, 0);
    const from = watcher.messages.length;
    const invalid: Record<string, string[]> = {
      draft: ["closed", "decided", "draft"],
      open: ["draft", "decided", "open"],
      closed: ["open", "draft", "closed"],
      decided: ["draft", "open", "closed", "decided"],
    };
    const next: Record<string, string> = {
      draft: "open",
      open: "closed",
      closed: "decided",
    };
    const problems: string[] = [];
    let phase = "draft";
    let head = 1;
    for (;;) {
      // All refused requests back to back, then check the head did not move.
      const answers = await Promise.all(
        invalid[phase]!.map((to) =>
          sec.request("change_phase", { round_id: round, phase: to }),
        ),
      );
      answers.forEach((a, i) => {
        const to = invalid[phase]![i]!;
        if (a.type === "result")
          problems.push(`${phase}→${to} accepted: ${JSON.stringify(a.result)}`);
        else if (a.error.code !== "invalid_state")
          problems.push(
            `${phase}→${to}: ${a.error.code}, expected invalid_state`,
          );
        else if (
          !a.error.message.includes(phase) ||
          !a.error.message.includes(to)
        )
          problems.push(
            `${phase}→${to}: message "${a.error.message}" does not name both phases`,
          );
      });
      const h = await headSeq(sec, round);
      if (h !== head)
        problems.push(
          `after refused transitions from ${phase}: head_seq ${h}, expected ${head}`,
        );
      expect((await roundSummary(sec, round))!.phase).toBe(phase);
      const to = next[phase];
      if (!to) break;
      // A round is decided only with an outcome (outcome.test.ts refuses it without one).
      if (to === "decided") {
        await writeOutcome(sec, round);
        head += 1;
      }
      const r = await sec.ok<{ seq: number }>("change_phase", {
        round_id: round,
        phase: to,
      });
      head += 1;
      expect(r.seq).toBe(head);
      phase = to;
    }
    expect(problems).toEqual([]);
    await sleep(100);
    // The watcher saw exactly the three valid changes, and the outcome before the last.
    expect(
      eventsSince(watcher, round, from).map((e) => [
        e.seq,
        e.kind,
        e.data.previous,
        e.data.phase,
      ]),
    ).toEqual([
      [2, "phase_changed", "draft", "open"],
      [3, "phase_changed", "open", "closed"],
      [4, "outcome_written", undefined, undefined],
      [5, "phase_changed", "closed", "decided"],
    ]);
    await watcher.close();
  });

  test("a draft with no invited organisation cannot be opened (invalid_state); after an invitation it can", async () => {
    const { round_id: round } = await createRound(sec, {});
    const err = await sec.fails("change_phase", {
      round_id: round,
      phase: "open",
    });
    expect(err.code).toBe("invalid_state");
    expect(await headSeq(sec, round)).toBe(1);
    expect(
      await sec.ok("invite_organisation", {
        round_id: round,
        organisation_id: org("Kiruna kommun").id,
      }),
    ).toEqual({ round_id: round, seq: 2 });
    expect(
      await sec.ok("change_phase", { round_id: round, phase: "open" }),
    ).toEqual({ round_id: round, seq: 3 });
  });

  test("an unknown phase name or a missing phase is bad_request", async () => {
    for (const phase of ["Open", "opened", "", 1, null]) {
      expect(
        (await sec.fails("change_phase", { round_id: 3, phase })).code,
        JSON.stringify(phase),
      ).toBe("bad_request");
    }
    expect((await sec.fails("change_phase", { round_id: 3 })).code).toBe(
      "bad_request",
    );
    expect(await roundSummary(sec, 3)).toMatchObject({
      phase: "draft",
      head_seq: 1,
    });
  });
});

describe("who may run a round", () => {
  const commands = (
    round: number,
    orgIdToInvite: number,
    orgIdToWithdraw: number,
  ): Array<[string, Record<string, unknown>]> => [
    ["change_phase", { round_id: round, phase: "closed" }],
    // An invalid transition too: forbidden is decided before the phase rules.
    ["change_phase", { round_id: round, phase: "draft" }],
    [
      "set_schedule",
      { round_id: round, opens_at: null, closes_at: isoIn(HOUR) },
    ],
    // A refusal that would follow (already invited, unknown organisation) must not show either.
    [
      "invite_organisation",
      { round_id: round, organisation_id: orgIdToInvite },
    ],
    ["invite_organisation", { round_id: round, organisation_id: 987_654 }],
    [
      "withdraw_invitation",
      { round_id: round, organisation_id: orgIdToWithdraw },
    ],
    ["withdraw_invitation", { round_id: round, organisation_id: 987_654 }],
  ];

  test("representatives and observers: forbidden on a round they see, not_found on one they do not; nothing is appended", async () => {
    const draft = (
      await createRound(sec, {
        invited: [org("Malmö stad").id, org("Finansdepartementet").id],
      })
    ).round_id;
    const malmo = org("Malmö stad").id;
    const skane = org("Region Skåne").id;
    const heads = new Map<number, number>();
    for (const r of [1, 2, 3, draft]) heads.set(r, await headSeq(sec, r));
    // [person, round, expected]: round 1 invites everyone; round 2 (bilateral) invites
    // Socialdepartementet, SKR, Region Skåne and Region Norrbotten; the draft round 3 invites
    // Utbildningsdepartementet, Skolverket, SKR, Malmö stad and Kiruna kommun; the new draft
    // Malmö stad and Finansdepartementet. A draft is seen by those it invites, by nobody else.
    const cases: Array<[string, number, string]> = [
      [people.anna, 1, "forbidden"],
      [people.per, 1, "forbidden"],
      [people.eva, 1, "forbidden"],
      [people.lars, 1, "forbidden"],
      [people.lena, 2, "forbidden"],
      [people.ida, 2, "forbidden"],
      [people.maria, 2, "forbidden"],
      [people.anna, 2, "not_found"],
      [people.per, 2, "not_found"],
      [people.eva, 2, "not_found"],
      [people.lars, 2, "not_found"],
      [people.anna, 3, "forbidden"],
      [people.lena, 3, "forbidden"],
      [people.lars, 3, "forbidden"],
      [people.maria, 3, "not_found"],
      [people.per, 3, "not_found"],
      [people.anna, draft, "forbidden"],
      [people.per, draft, "forbidden"],
      [people.eva, draft, "forbidden"],
      [people.maria, draft, "not_found"],
      [people.lena, draft, "not_found"],
      [people.anna, 987_654, "not_found"],
    ];
    const problems: string[] = [];
    const clients = new Map<string, WsClient>();
    for (const [email, round, expected] of cases) {
      let c = clients.get(email);
      if (!c) clients.set(email, (c = await server.connectAs(email)));
      const answers = await Promise.all(
        commands(round, round === 2 ? malmo : skane, malmo).map(
          ([type, fields]) => c!.request(type, fields),
        ),
      );
      answers.forEach((a, i) => {
        const [type, fields] = commands(round, 0, 0)[i]!;
        if (codeOf(a) !== expected)
          problems.push(
            `${email} ${type} ${JSON.stringify({ ...fields, round_id: round })} → ${codeOf(a)}, expected ${expected}`,
          );
      });
    }
    for (const [r, h] of heads)
      expect(await headSeq(sec, r), `head_seq of round ${r}`).toBe(h);
    expect(problems).toEqual([]);
    for (const c of clients.values()) await c.close();
  });

  test("the secretariat gets not_found for a round that does not exist", async () => {
    for (const [type, fields] of commands(
      987_654,
      org("Malmö stad").id,
      org("Malmö stad").id,
    )) {
      expect((await sec.fails(type, fields)).code, type).toBe("not_found");
    }
  });

  test("create_round by a representative or observer is forbidden — before any domain check, after the codec's — and creates nothing", async () => {
    const before = await listRounds(sec);
    for (const email of [
      people.anna,
      people.per,
      people.eva,
      people.lena,
      people.ida,
    ]) {
      const c = await server.connectAs(email);
      const fine = {
        title: "Egen runda",
        proposal: "Text.",
        kind: "plenary",
        invited: [org("Finansdepartementet").id],
      };
      expect((await c.fails("create_round", fine)).code, email).toBe(
        "forbidden",
      );
      // Domain refusals come after the permission: a duplicate sector is still forbidden.
      expect(
        (
          await c.fails("create_round", {
            ...fine,
            sectors: ["school", "school"],
          })
        ).code,
        email,
      ).toBe("forbidden");
      expect(
        (
          await c.fails("create_round", {
            ...fine,
            kind: "bilateral",
            invited: [987_654],
          })
        ).code,
        email,
      ).toBe("forbidden");
      // Parse errors come first.
      expect(
        (await c.fails("create_round", { ...fine, kind: "trilateral" })).code,
        email,
      ).toBe("bad_request");
      await c.close();
    }
    expect(await listRounds(sec)).toEqual(before);
  });
});

describe("create_round refusals", () => {
  test("each invalid create_round gets its code and creates nothing", async () => {
    const malmo = org("Malmö stad").id;
    const kiruna = org("Kiruna kommun").id;
    const finans = org("Finansdepartementet").id;
    const social = org("Socialdepartementet").id;
    const base = { title: "Runda", proposal: "Förslag.", kind: "plenary" };
    const future = "2099-06-01T12:00:00.000Z";
    const cases: Array<[string, Record<string, unknown>, string, RegExp?]> = [
      // kind
      ["kind missing", { title: "Runda", proposal: "" }, "bad_request"],
      ["kind unknown", { ...base, kind: "trilateral" }, "bad_request"],
      ["kind not a string", { ...base, kind: 1 }, "bad_request"],
      // bilateral: exactly one ministry among the invited
      [
        "bilateral, no one invited",
        { ...base, kind: "bilateral" },
        "bad_request",
      ],
      [
        "bilateral, no ministry",
        { ...base, kind: "bilateral", invited: [malmo, kiruna] },
        "bad_request",
      ],
      [
        "bilateral, two ministries",
        { ...base, kind: "bilateral", invited: [finans, social, malmo] },
        "bad_request",
      ],
      [
        "bilateral, an agency but no ministry",
        { ...base, kind: "bilateral", invited: [org("Skolverket").id, malmo] },
        "bad_request",
      ],
      // schedule
      [
        "closes_at in the past",
        { ...base, closes_at: isoIn(-60_000) },
        "bad_request",
      ],
      [
        "closes_at a moment ago",
        { ...base, closes_at: isoIn(-5) },
        "bad_request",
      ],
      [
        "closes_at before opens_at",
        { ...base, opens_at: "2099-06-02T00:00:00.000Z", closes_at: future },
        "bad_request",
      ],
      [
        "closes_at equal to opens_at",
        { ...base, opens_at: future, closes_at: future },
        "bad_request",
      ],
      // organisations
      [
        "unknown organisation",
        { ...base, invited: [malmo, 987_654] },
        "not_found",
        /987654/,
      ],
      [
        "organisation twice",
        { ...base, invited: [malmo, kiruna, malmo] },
        "bad_request",
      ],
      ["organisation id 0", { ...base, invited: [0] }, "bad_request"],
      ["organisation id negative", { ...base, invited: [-3] }, "bad_request"],
      [
        "organisation id a string",
        { ...base, invited: [String(malmo)] },
        "bad_request",
      ],
      [
        "organisation id fractional",
        { ...base, invited: [1.5] },
        "bad_request",
      ],
      ["invited not an array", { ...base, invited: malmo }, "bad_request"],
      [
        "501 invited",
        { ...base, invited: Array.from({ length: 501 }, (_, i) => i + 1) },
        "too_large",
      ],
      // sectors
      [
        "sector twice",
        { ...base, sectors: ["school", "health_care", "school"] },
        "bad_request",
      ],
      ["sector unknown", { ...base, sectors: ["defence"] }, "bad_request"],
      ["sector misspelt case", { ...base, sectors: ["School"] }, "bad_request"],
      ["sectors not an array", { ...base, sectors: "school" }, "bad_request"],
      ["sectors null", { ...base, sectors: null }, "bad_request"],
      // agenda
      [
        "51 agenda items",
        {
          ...base,
          agenda: Array.from({ length: 51 }, (_, i) => `Punkt ${i + 1}`),
        },
        "too_large",
      ],
      [
        "blank agenda title",
        { ...base, agenda: ["Första", "   "] },
        "bad_request",
      ],
      ["empty agenda title", { ...base, agenda: [""] }, "bad_request"],
      [
        "agenda title of no-break spaces and a BOM",
        { ...base, agenda: ["\u00a0\u2003\ufeff"] },
        "bad_request",
      ],
      [
        "agenda title of 301 bytes",
        { ...base, agenda: ["a" + "å".repeat(150)] },
        "too_large",
      ],
      ["agenda title not a string", { ...base, agenda: [3] }, "bad_request"],
      ["agenda not an array", { ...base, agenda: "Punkt" }, "bad_request"],
      // title and proposal
      ["title missing", { proposal: "", kind: "plenary" }, "bad_request"],
      ["title blank", { ...base, title: " \t\n" }, "bad_request"],
      [
        "title of 301 bytes",
        { ...base, title: "a" + "å".repeat(150) },
        "too_large",
      ],
      ["proposal missing", { title: "Runda", kind: "plenary" }, "bad_request"],
      ["proposal not a string", { ...base, proposal: null }, "bad_request"],
      [
        "proposal of 200,001 bytes",
        { ...base, proposal: "x".repeat(200_001) },
        "too_large",
      ],
      ["unknown field", { ...base, phase: "open" }, "unknown_field"],
    ];
    for (const bad of [
      "2099-11-23T10:15:00+01:00",
      "2099-11-23T10:15:00",
      "2099-11-23 10:15:00Z",
      "2099-11-23T10:15:00.1Z",
      "2099-13-01T00:00:00Z",
      "2099-02-30T00:00:00Z",
      "2099-11-23T25:00:00Z",
      "2099-11-23T10:15:00.000z",
      "",
      "i morgon",
      4_102_444_800_000,
      {},
    ]) {
      cases.push([
        `closes_at ${JSON.stringify(bad)}`,
        { ...base, closes_at: bad },
        "bad_request",
      ]);
      cases.push([
        `opens_at ${JSON.stringify(bad)}`,
        { ...base, opens_at: bad, closes_at: future },
        "bad_request",
      ]);
    }

    const before = await listRounds(sec);
    const problems: string[] = [];
    // Back to back, so that a refusal that wrongly wrote something would show in the list below.
    const answers = await Promise.all(
      cases.map(([, fields]) => sec.request("create_round", fields)),
    );
    answers.forEach((a, i) => {
      const [name, , code, message] = cases[i]!;
      if (codeOf(a) !== code)
        problems.push(
          `${name}: ${codeOf(a)}, expected ${code}${a.type === "error" ? ` (${a.error.message})` : ""}`,
        );
      else if (message && a.type === "error" && !message.test(a.error.message))
        problems.push(
          `${name}: message "${a.error.message}" does not match ${message}`,
        );
    });
    expect(problems).toEqual([]);
    expect(await listRounds(sec)).toEqual(before);
    // The next round created is not hindered by the refusals.
    const { seq } = await createRound(sec, {
      kind: "bilateral",
      invited: [social, malmo],
    });
    expect(seq).toBe(1);
  });
});

describe("set_schedule", () => {
  test("sets and clears the schedule in draft and open: schedule_changed live, list_rounds follows; refusals append nothing", async () => {
    const { round_id: round } = await createRound(sec, {
      invited: [org("Malmö stad").id],
    });
    const watcher = await server.connectAs(people.admin);
    await watcher.subscribe(round, 0);
    const opensAt = isoIn(HOUR);
    const closesAt = isoIn(2 * HOUR);
    expect(
      await sec.ok("set_schedule", {
        round_id: round,
        opens_at: opensAt,
        closes_at: closesAt,
      }),
    ).toEqual({ round_id: round, seq: 2 });
    const e = (await watcher.waitForSeq(round, 2)) as EventMsg;
    expect(e).toMatchObject({
      kind: "schedule_changed",
      data: { opens_at: opensAt, closes_at: closesAt },
    });
    expect(e.actor?.id).toBe(secId);
    expect(await roundSummary(sec, round)).toMatchObject({
      opens_at: opensAt,
      closes_at: closesAt,
      head_seq: 2,
    });

    const refusals: Array<[string, Record<string, unknown>, string]> = [
      [
        "closes_at before opens_at",
        { opens_at: closesAt, closes_at: opensAt },
        "bad_request",
      ],
      [
        "closes_at equal to opens_at",
        { opens_at: opensAt, closes_at: opensAt },
        "bad_request",
      ],
      [
        "closes_at passed",
        { opens_at: null, closes_at: isoIn(-1_000) },
        "bad_request",
      ],
      ["closes_at missing", { opens_at: null }, "bad_request"],
      ["opens_at missing", { closes_at: closesAt }, "bad_request"],
      [
        "closes_at malformed",
        { opens_at: null, closes_at: "2099-01-01T00:00:00+00:00" },
        "bad_request",
      ],
      [
        "unknown field",
        { opens_at: null, closes_at: null, kind: "plenary" },
        "unknown_field",
      ],
    ];
    const answers = await Promise.all(
      refusals.map(([, f]) =>
        sec.request("set_schedule", { round_id: round, ...f }),
      ),
    );
    const problems = answers.flatMap((a, i) =>
      codeOf(a) === refusals[i]![2]
        ? []
        : [`${refusals[i]![0]}: ${codeOf(a)}, expected ${refusals[i]![2]}`],
    );
    expect(problems).toEqual([]);
    expect(await roundSummary(sec, round)).toMatchObject({
      opens_at: opensAt,
      closes_at: closesAt,
      head_seq: 2,
    });

    // Open, then clear the schedule: allowed while open.
    await sec.ok("change_phase", { round_id: round, phase: "open" });
    expect(
      await admin.ok("set_schedule", {
        round_id: round,
        opens_at: null,
        closes_at: null,
      }),
    ).toEqual({ round_id: round, seq: 4 });
    const cleared = (await watcher.waitForSeq(round, 4)) as EventMsg;
    expect(cleared.data).toEqual({ opens_at: null, closes_at: null });
    expect(cleared.actor?.id).toBe(adminId);
    expect(await roundSummary(sec, round)).toMatchObject({
      opens_at: null,
      closes_at: null,
      head_seq: 4,
    });

    // Closed and decided rounds keep their schedule.
    await sec.ok("change_phase", { round_id: round, phase: "closed" });
    expect(
      (
        await sec.fails("set_schedule", {
          round_id: round,
          opens_at: null,
          closes_at: isoIn(HOUR),
        })
      ).code,
    ).toBe("invalid_state");
    await writeOutcome(sec, round);
    await sec.ok("change_phase", { round_id: round, phase: "decided" });
    expect(
      (
        await sec.fails("set_schedule", {
          round_id: round,
          opens_at: null,
          closes_at: isoIn(HOUR),
        })
      ).code,
    ).toBe("invalid_state");
    expect(await headSeq(sec, round)).toBe(7);
    await watcher.close();
  });
});

describe("demo rounds", () => {
  test("round 1 plenary/open, round 2 bilateral/open, round 3 a draft; each is seen by the organisations it invites (the draft too), by nobody else", async () => {
    const rounds = await listRounds(sec);
    expect(rounds.find((r) => r.id === 1)).toMatchObject({
      phase: "open",
      kind: "plenary",
    });
    expect(rounds.find((r) => r.id === 2)).toMatchObject({
      phase: "open",
      kind: "bilateral",
    });
    expect(rounds.find((r) => r.id === 3)).toMatchObject({ phase: "draft" });
    // Region Skåne is invited to 1 and 2; Malmö stad to 1 and the draft 3.
    for (const [email, expected] of [
      [people.maria, [1, 2]],
      [people.anna, [1, 3]],
    ] as const) {
      const c = await server.connectAs(email);
      const seen = (await listRounds(c))
        .map((r) => r.id)
        .filter((id) => id <= 3)
        .sort();
      expect(seen, email).toEqual(expected);
      await c.close();
    }
  });
});
