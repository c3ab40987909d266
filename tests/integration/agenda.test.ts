// The agenda over the wire (issue 7, second slice): a representative of either side proposes an
// agenda item (`propose_agenda_item`) in an open round; it is a thread that takes no posts until
// the secretariat accepts it (`decide_agenda_item`; declining needs a reason, which everyone sees
// live, the proposer included). The secretariat orders threads (`move_thread`), locks and unlocks
// accepted ones (`lock_thread`) and pins a post (`pin_post`); a lock or pin that would change
// nothing is invalid_state. Who may do what: representatives and observers
// who see the round are forbidden to run its agenda, people who do not see it get not_found; a
// closed round refuses every change with invalid_state; a refusal appends nothing. Races: two
// decisions on one item and a post racing them; posts racing a lock. The demo's closed round 4
// replays its agenda history, and the agenda state survives a restart.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  sleep,
  startServer,
  type Answer,
  type EventMsg,
  type Organisation,
  type SamradServer,
  type WsClient,
} from "./support/server";
import {
  codeOf,
  createOpenRound,
  createRound,
  headSeq,
  isoIn,
  organisationsByName,
  writeOutcome,
} from "./support/rounds";
import {
  expectRefused,
  personId,
  streamEvents,
  subscribeStream,
} from "./support/agenda";

let server: SamradServer;
let orgs: Map<string, Organisation>;
// Connections subscribed to the main stream of ROUND from the start: every live event must
// reach each of them.
let sec: WsClient;
let admin: WsClient;
let anna: WsClient; // Malmö stad, municipal representative
let erik: WsClient; // Kiruna kommun, municipal representative
let per: WsClient; // Finansdepartementet, state representative
let eva: WsClient; // Finansdepartementet, observer
let watchers: WsClient[];
// People whose organisation is not invited to ROUND.
let maria: WsClient; // Region Skåne
let lars: WsClient; // Skolverket
const ids = new Map<WsClient, number>();
// Where each watcher's subscription to ROUND began (the secretariat read the round once before).
const watchFrom = new Map<WsClient, number>();

let ROUND: number; // open; invites Malmö stad, Kiruna kommun, Finansdepartementet
let threadA: number; // agenda threads the secretariat created
let threadB: number;
let OTHER_ROUND: number; // open, invites the same; its thread is OTHER_THREAD
let OTHER_THREAD: number;
let prepThread: number; // Anna's municipal preparation thread in ROUND
let prepPost: number;
let head: number; // ROUND's main head_seq as the tests expect it

beforeAll(async () => {
  server = await startServer();
  sec = await server.connectAs(people.secretariat);
  admin = await server.connectAs(people.admin);
  orgs = await organisationsByName(sec);
  const invited = ["Malmö stad", "Kiruna kommun", "Finansdepartementet"].map(
    (n) => orgs.get(n)!.id,
  );
  const r = await createOpenRound(sec, {
    title: "Dagordningen",
    invited,
    agenda: ["Fråga A", "Fråga B"],
  });
  ROUND = r.round;
  [threadA, threadB] = r.threads as [number, number];
  const o = await createOpenRound(sec, {
    title: "En annan runda",
    invited,
    agenda: ["Annan fråga"],
  });
  OTHER_ROUND = o.round;
  OTHER_THREAD = o.threads[0]!;

  anna = await server.connectAs(people.anna);
  erik = await server.connectAs(people.erik);
  per = await server.connectAs(people.per);
  eva = await server.connectAs(people.eva);
  maria = await server.connectAs(people.maria);
  lars = await server.connectAs(people.lars);
  watchers = [sec, admin, anna, erik, per, eva];
  for (const c of [...watchers, maria, lars]) ids.set(c, await personId(c));
  for (const c of watchers) {
    watchFrom.set(c, c.messages.length);
    head = (await subscribeStream(c, ROUND, "main", 0)).head_seq;
  }

  const prep = await anna.ok<{ thread_id: number }>("create_thread", {
    round_id: ROUND,
    stream: "municipal_preparation",
    title: "Kommunernas förberedelse",
  });
  prepThread = prep.thread_id;
  prepPost = (
    await anna.ok<{ post_id: number }>("create_post", {
      round_id: ROUND,
      thread_id: prepThread,
      body: "Bara för kommunsidan.",
    })
  ).post_id;
});
afterAll(cleanupAll);

function id(c: WsClient): number {
  return ids.get(c)!;
}

/** The events of ROUND's main stream the watcher received on its subscription. */
function watched(c: WsClient): EventMsg[] {
  return streamEvents(c, ROUND, "main", watchFrom.get(c)!);
}

/** Checks that every watcher got the event at seq, once, with this kind, actor and data (keys in order). */
async function expectLive(
  seq: number,
  kind: string,
  actor: WsClient,
  data: Record<string, unknown>,
): Promise<void> {
  for (const c of watchers) {
    await c.waitFor(
      (m) =>
        m.type === "event" &&
        (m as EventMsg).round_id === ROUND &&
        (m as EventMsg).seq >= seq,
      10_000,
      `seq ${seq}`,
    );
    const got = watched(c).filter((e) => e.seq === seq);
    expect(got.length, `person ${id(c)}: events with seq ${seq}`).toBe(1);
    const e = got[0]!;
    expect(Object.keys(e)).toEqual([
      "type",
      "round_id",
      "seq",
      "at",
      "kind",
      "actor",
      "data",
    ]);
    expect(e.kind).toBe(kind);
    expect(e.actor?.id).toBe(id(actor));
    expect(e.data).toEqual(data);
    expect(Object.keys(e.data)).toEqual(Object.keys(data));
  }
}

/** The main head_seq did not move: as list_rounds says and as no watcher got a later event. */
async function expectHeadUnmoved(): Promise<void> {
  expect(await headSeq(sec, ROUND)).toBe(head);
  await sleep(50);
  for (const c of watchers)
    expect(watched(c).at(-1)?.seq, `person ${id(c)}`).toBe(head);
}

function seqOf(a: Answer): number {
  if (a.type !== "result")
    throw new Error(`not a result: ${JSON.stringify(a)}`);
  return a.result.seq as number;
}

/**
 * Folds a main stream (agenda items, decisions, locks) and lists every event that the agenda's
 * rules should have refused: a post in a proposed or declined item or in a locked thread, a
 * second decision on an item.
 */
function agendaViolations(events: EventMsg[]): string[] {
  const status = new Map<number, string>();
  const locked = new Set<number>();
  const out: string[] = [];
  for (const e of events) {
    const t = e.data.thread_id as number;
    if (e.kind === "thread_created") status.set(t, "accepted");
    else if (e.kind === "agenda_item_proposed") status.set(t, "proposed");
    else if (e.kind === "agenda_item_decided") {
      if (status.get(t) !== "proposed")
        out.push(
          `decision seq ${e.seq} on thread ${t}, which is ${status.get(t)}`,
        );
      status.set(t, e.data.accepted ? "accepted" : "declined");
    } else if (e.kind === "thread_locked") {
      if (e.data.locked) locked.add(t);
      else locked.delete(t);
    } else if (e.kind === "post_created") {
      if (status.get(t) !== "accepted")
        out.push(`post seq ${e.seq} in thread ${t}, which is ${status.get(t)}`);
      if (locked.has(t)) out.push(`post seq ${e.seq} in locked thread ${t}`);
    }
  }
  return out;
}

describe("propose_agenda_item and decide_agenda_item", () => {
  let accepted: number; // Anna's item, accepted
  let declined: number; // Per's item, declined
  let pending: number; // Erik's item, left proposed
  const declineReason =
    "Frågan behandlas i en annan runda; den tas upp där i höst.";

  test("a representative proposes in an open round: {round_id, seq, thread_id}; every main subscriber gets agenda_item_proposed, the proposer as actor", async () => {
    const a = await anna.request("propose_agenda_item", {
      round_id: ROUND,
      title: "Digital tillsyn",
      motivation: "Många kommuner vill pröva den.",
    });
    expect(a.type, JSON.stringify(a)).toBe("result");
    const result = (a as { result: Record<string, unknown> }).result;
    expect(Object.keys(result)).toEqual(["round_id", "seq", "thread_id"]);
    expect(result).toMatchObject({ round_id: ROUND, seq: head + 1 });
    accepted = result.thread_id as number;
    expect([threadA, threadB, prepThread]).not.toContain(accepted);
    head += 1;
    await expectLive(head, "agenda_item_proposed", anna, {
      thread_id: accepted,
      title: "Digital tillsyn",
      motivation: "Många kommuner vill pröva den.",
    });
    const e = watched(anna).find((x) => x.seq === head)!;
    expect(e.actor?.organisation.name).toBe("Malmö stad");

    // Without a motivation: the event carries an empty one. The state side may propose too.
    const b = await erik.ok<{
      round_id: number;
      seq: number;
      thread_id: number;
    }>("propose_agenda_item", {
      round_id: ROUND,
      title: "Bredband i glesbygd",
    });
    expect(b.seq).toBe(head + 1);
    pending = b.thread_id;
    head += 1;
    await expectLive(head, "agenda_item_proposed", erik, {
      thread_id: pending,
      title: "Bredband i glesbygd",
      motivation: "",
    });
    const c = await per.ok<{ seq: number; thread_id: number }>(
      "propose_agenda_item",
      { round_id: ROUND, title: "Statens uppföljning", motivation: "" },
    );
    declined = c.thread_id;
    head += 1;
    expect(c.seq).toBe(head);
    await expectLive(head, "agenda_item_proposed", per, {
      thread_id: declined,
      title: "Statens uppföljning",
      motivation: "",
    });
    expect(new Set([accepted, pending, declined]).size).toBe(3);
  });

  test("a proposed item takes no posts — not from the proposer, others or the secretariat, not as a reply (invalid_state); nothing is appended", async () => {
    const problems: string[] = [];
    for (const c of [anna, erik, per, sec, admin]) {
      await expectRefused(
        problems,
        `person ${id(c)}`,
        c,
        "create_post",
        { round_id: ROUND, thread_id: accepted, body: "För tidigt." },
        "invalid_state",
      );
    }
    // An observer is refused for being an observer first.
    await expectRefused(
      problems,
      "eva",
      eva,
      "create_post",
      { round_id: ROUND, thread_id: accepted, body: "Hej." },
      "forbidden",
    );
    expect(problems).toEqual([]);
    await expectHeadUnmoved();
  });

  test("the secretariat accepts: {round_id, seq}; agenda_item_decided {accepted: true, reason} live to all; then the item takes posts", async () => {
    const r = await sec.request("decide_agenda_item", {
      round_id: ROUND,
      thread_id: accepted,
      accept: true,
    });
    expect(r.type, JSON.stringify(r)).toBe("result");
    expect((r as { result: unknown }).result).toEqual({
      round_id: ROUND,
      seq: head + 1,
    });
    expect(Object.keys((r as { result: object }).result)).toEqual([
      "round_id",
      "seq",
    ]);
    head += 1;
    await expectLive(head, "agenda_item_decided", sec, {
      thread_id: accepted,
      accepted: true,
      reason: "",
    });

    const p = await erik.ok<{ round_id: number; seq: number; post_id: number }>(
      "create_post",
      { round_id: ROUND, thread_id: accepted, body: "Kiruna är med." },
    );
    expect(p).toEqual({ round_id: ROUND, seq: head + 1, post_id: p.post_id });
    head += 1;
    const reply = await anna.ok<{ seq: number; post_id: number }>(
      "create_post",
      {
        round_id: ROUND,
        thread_id: accepted,
        reply_to: p.post_id,
        body: "Bra.",
      },
    );
    head += 1;
    expect(reply.seq).toBe(head);
    for (const c of watchers) {
      await c.waitForSeq(ROUND, head);
      const e = watched(c).find((x) => x.seq === head - 1)!;
      expect(e).toMatchObject({
        kind: "post_created",
        data: {
          post_id: p.post_id,
          thread_id: accepted,
          reply_to: null,
          body: "Kiruna är med.",
        },
      });
    }
  });

  test("declining needs a reason: absent, empty or blank → bad_request and nothing appended; with a reason the proposer and everyone see it live; the item takes no posts", async () => {
    const problems: string[] = [];
    const fields = { round_id: ROUND, thread_id: declined, accept: false };
    await expectRefused(
      problems,
      "no reason",
      sec,
      "decide_agenda_item",
      fields,
      "bad_request",
    );
    await expectRefused(
      problems,
      "empty reason",
      sec,
      "decide_agenda_item",
      { ...fields, reason: "" },
      "bad_request",
    );
    await expectRefused(
      problems,
      "blank reason",
      admin,
      "decide_agenda_item",
      { ...fields, reason: " \u00a0\n\t\u200b" },
      "bad_request",
    );
    await expectRefused(
      problems,
      "reason null",
      sec,
      "decide_agenda_item",
      { ...fields, reason: null },
      "bad_request",
    );
    await expectRefused(
      problems,
      "reason of 2001 bytes",
      sec,
      "decide_agenda_item",
      { ...fields, reason: "x".repeat(2001) },
      "too_large",
    );
    await expectRefused(
      problems,
      "accept missing",
      sec,
      "decide_agenda_item",
      { round_id: ROUND, thread_id: declined, reason: "Skäl." },
      "bad_request",
    );
    await expectRefused(
      problems,
      "accept a string",
      sec,
      "decide_agenda_item",
      { ...fields, accept: "false", reason: "Skäl." },
      "bad_request",
    );
    await expectRefused(
      problems,
      "thread_id missing",
      sec,
      "decide_agenda_item",
      { round_id: ROUND, accept: false, reason: "Skäl." },
      "bad_request",
    );
    expect(problems).toEqual([]);
    await expectHeadUnmoved();

    const perFrom = per.messages.length;
    const r = await sec.ok("decide_agenda_item", {
      ...fields,
      reason: declineReason,
    });
    expect(r).toEqual({ round_id: ROUND, seq: head + 1 });
    head += 1;
    await expectLive(head, "agenda_item_decided", sec, {
      thread_id: declined,
      accepted: false,
      reason: declineReason,
    });
    // The proposer got it live (after his own request, not by replay).
    expect(
      streamEvents(per, ROUND, "main", perFrom).map((e) => e.kind),
    ).toEqual(["agenda_item_decided"]);

    for (const c of [per, anna, sec]) {
      await expectRefused(
        problems,
        `post by ${id(c)} in the declined item`,
        c,
        "create_post",
        { round_id: ROUND, thread_id: declined, body: "Ändå." },
        "invalid_state",
      );
    }
    expect(problems).toEqual([]);
    await expectHeadUnmoved();
  });

  test("deciding twice, or a thread the secretariat created, is invalid_state; a thread not on this round's agenda is not_found; nothing is appended", async () => {
    const problems: string[] = [];
    const decide = (thread: number, accept: boolean) => ({
      round_id: ROUND,
      thread_id: thread,
      accept,
      reason: "Skäl.",
    });
    for (const [what, thread] of [
      ["accepted item", accepted],
      ["declined item", declined],
      ["secretariat's thread", threadA],
    ] as const) {
      for (const accept of [true, false]) {
        await expectRefused(
          problems,
          `${what}, accept ${accept}`,
          sec,
          "decide_agenda_item",
          decide(thread, accept),
          "invalid_state",
        );
      }
    }
    await expectRefused(
      problems,
      "a preparation thread",
      sec,
      "decide_agenda_item",
      decide(prepThread, true),
      "not_found",
    );
    await expectRefused(
      problems,
      "another round's thread",
      sec,
      "decide_agenda_item",
      decide(OTHER_THREAD, true),
      "not_found",
    );
    await expectRefused(
      problems,
      "no such thread",
      admin,
      "decide_agenda_item",
      decide(987_654, true),
      "not_found",
    );
    await expectRefused(
      problems,
      "a post id as thread",
      sec,
      "decide_agenda_item",
      decide(prepPost, true),
      "not_found",
    );
    expect(problems).toEqual([]);
    await expectHeadUnmoved();
  });

  test("who may propose: observers forbidden; the secretariat and admins forbidden, pointed to create_thread; uninvited not_found; a representative's main-stream create_thread forbidden, pointed to propose_agenda_item", async () => {
    const problems: string[] = [];
    const fields = {
      round_id: ROUND,
      title: "Egen punkt",
      motivation: "Skäl.",
    };
    await expectRefused(
      problems,
      "observer",
      eva,
      "propose_agenda_item",
      fields,
      "forbidden",
    );
    await expectRefused(
      problems,
      "secretariat",
      sec,
      "propose_agenda_item",
      fields,
      "forbidden",
      /create_thread/,
    );
    await expectRefused(
      problems,
      "admin",
      admin,
      "propose_agenda_item",
      fields,
      "forbidden",
      /create_thread/,
    );
    await expectRefused(
      problems,
      "Maria, not invited",
      maria,
      "propose_agenda_item",
      fields,
      "not_found",
    );
    await expectRefused(
      problems,
      "Lars, not invited",
      lars,
      "propose_agenda_item",
      fields,
      "not_found",
    );
    await expectRefused(
      problems,
      "no such round",
      anna,
      "propose_agenda_item",
      { ...fields, round_id: 987_654 },
      "not_found",
    );
    for (const c of [anna, per]) {
      await expectRefused(
        problems,
        `representative ${id(c)} create_thread`,
        c,
        "create_thread",
        { round_id: ROUND, title: "Egen tråd" },
        "forbidden",
        /propose/i,
      );
      await expectRefused(
        problems,
        `representative ${id(c)} create_thread stream main`,
        c,
        "create_thread",
        { round_id: ROUND, stream: "main", title: "Egen tråd" },
        "forbidden",
        /propose/i,
      );
    }
    await expectRefused(
      problems,
      "observer create_thread",
      eva,
      "create_thread",
      { round_id: ROUND, title: "Egen tråd" },
      "forbidden",
    );
    expect(problems).toEqual([]);
    await expectHeadUnmoved();
  });

  test("title and motivation: blank or missing title bad_request, over 300 bytes too_large; motivation up to 2000 bytes, over it too_large; unknown field refused", async () => {
    const problems: string[] = [];
    const r = { round_id: ROUND };
    await expectRefused(
      problems,
      "title missing",
      anna,
      "propose_agenda_item",
      { ...r, motivation: "Skäl." },
      "bad_request",
    );
    await expectRefused(
      problems,
      "title empty",
      anna,
      "propose_agenda_item",
      { ...r, title: "" },
      "bad_request",
    );
    await expectRefused(
      problems,
      "title blank",
      anna,
      "propose_agenda_item",
      { ...r, title: " \u3000\ufeff" },
      "bad_request",
    );
    await expectRefused(
      problems,
      "title 301 bytes",
      anna,
      "propose_agenda_item",
      { ...r, title: "a" + "å".repeat(150) },
      "too_large",
    );
    await expectRefused(
      problems,
      "title a number",
      anna,
      "propose_agenda_item",
      { ...r, title: 5 },
      "bad_request",
    );
    await expectRefused(
      problems,
      "motivation 2001 bytes",
      anna,
      "propose_agenda_item",
      { ...r, title: "T", motivation: "å".repeat(1000) + "x" },
      "too_large",
    );
    await expectRefused(
      problems,
      "motivation null",
      anna,
      "propose_agenda_item",
      { ...r, title: "T", motivation: null },
      "bad_request",
    );
    await expectRefused(
      problems,
      "round_id missing",
      anna,
      "propose_agenda_item",
      { title: "T" },
      "bad_request",
    );
    await expectRefused(
      problems,
      "unknown field",
      anna,
      "propose_agenda_item",
      { ...r, title: "T", reason: "x" },
      "unknown_field",
    );
    expect(problems).toEqual([]);
    await expectHeadUnmoved();

    // The limits are inclusive; a blank motivation is allowed (it is optional).
    const title300 = "å".repeat(150);
    const motivation2000 = "å".repeat(1000);
    const ok = await anna.ok<{ seq: number; thread_id: number }>(
      "propose_agenda_item",
      { ...r, title: title300, motivation: motivation2000 },
    );
    head += 1;
    expect(ok.seq).toBe(head);
    await expectLive(head, "agenda_item_proposed", anna, {
      thread_id: ok.thread_id,
      title: title300,
      motivation: motivation2000,
    });
    const blank = await anna.ok<{ seq: number; thread_id: number }>(
      "propose_agenda_item",
      { ...r, title: "Blank motivering", motivation: "   " },
    );
    head += 1;
    expect(blank.seq).toBe(head);
    await sec.ok("decide_agenda_item", {
      round_id: ROUND,
      thread_id: ok.thread_id,
      accept: false,
      reason: "För lång.",
    });
    await sec.ok("decide_agenda_item", {
      round_id: ROUND,
      thread_id: blank.thread_id,
      accept: false,
      reason: "Dubblett.",
    });
    head += 2;
  });

  test("proposals: in a draft the invited representatives of either side propose (observers and the secretariat are forbidden, the uninvited not_found); closed, decided, and open past its closing time → invalid_state", async () => {
    const invited = [
      orgs.get("Malmö stad")!.id,
      orgs.get("Finansdepartementet")!.id,
    ];
    const problems: string[] = [];
    const draft = (await createRound(sec, { invited })).round_id;
    for (const [c, seq] of [
      [anna, 2],
      [per, 3],
    ] as const) {
      const proposed = await c.request("propose_agenda_item", {
        round_id: draft,
        title: `Före öppnandet ${id(c)}`,
      });
      if (proposed.type !== "result" || proposed.result.seq !== seq)
        problems.push(
          `draft, person ${id(c)}: ${JSON.stringify(proposed)}, expected seq ${seq}`,
        );
    }
    await expectRefused(
      problems,
      "draft, observer",
      eva,
      "propose_agenda_item",
      { round_id: draft, title: "T" },
      "forbidden",
    );
    await expectRefused(
      problems,
      "draft, secretariat",
      sec,
      "propose_agenda_item",
      { round_id: draft, title: "T" },
      "forbidden",
    );
    await expectRefused(
      problems,
      "draft, Maria (not invited)",
      maria,
      "propose_agenda_item",
      { round_id: draft, title: "T" },
      "not_found",
    );
    expect(await headSeq(sec, draft)).toBe(3);

    const closed = (await createOpenRound(sec, { invited })).round;
    await sec.ok("change_phase", { round_id: closed, phase: "closed" });
    const closedHead = await headSeq(sec, closed);
    for (const c of [anna, per])
      await expectRefused(
        problems,
        `closed, person ${id(c)}`,
        c,
        "propose_agenda_item",
        { round_id: closed, title: "T" },
        "invalid_state",
      );
    // Permission comes before the phase.
    await expectRefused(
      problems,
      "closed, observer",
      eva,
      "propose_agenda_item",
      { round_id: closed, title: "T" },
      "forbidden",
    );
    await expectRefused(
      problems,
      "closed, Maria",
      maria,
      "propose_agenda_item",
      { round_id: closed, title: "T" },
      "not_found",
    );
    await writeOutcome(sec, closed);
    await sec.ok("change_phase", { round_id: closed, phase: "decided" });
    await expectRefused(
      problems,
      "decided",
      anna,
      "propose_agenda_item",
      { round_id: closed, title: "T" },
      "invalid_state",
    );
    expect(await headSeq(sec, closed)).toBe(closedHead + 2);

    const closing = (
      await createOpenRound(sec, { invited, closes_at: isoIn(1_000) })
    ).round;
    await sleep(1_050);
    await expectRefused(
      problems,
      "past closing time",
      anna,
      "propose_agenda_item",
      { round_id: closing, title: "T" },
      "invalid_state",
    );

    // Once Malmö's invitation is withdrawn, Anna no longer sees the round: not_found.
    const withdrawn = (await createOpenRound(sec, { invited })).round;
    await sec.ok("withdraw_invitation", {
      round_id: withdrawn,
      organisation_id: invited[0],
    });
    await expectRefused(
      problems,
      "withdrawn",
      anna,
      "propose_agenda_item",
      { round_id: withdrawn, title: "T" },
      "not_found",
    );
    await per.ok("propose_agenda_item", {
      round_id: withdrawn,
      title: "Finansdepartementet är kvar",
    });
    expect(problems).toEqual([]);
  });

  test(`races: two decisions on one item (accept and decline) and a post, back to back: exactly one decision wins; a post is taken only after an acceptance`, async () => {
    const N = 40;
    const problems: string[] = [];
    let accepts = 0;
    let postsTaken = 0;
    for (let i = 0; i < N; i++) {
      const item = (
        await erik.ok<{ thread_id: number; seq: number }>(
          "propose_agenda_item",
          { round_id: ROUND, title: `Punkt ${i}` },
        )
      ).thread_id;
      const acc = () =>
        sec.request("decide_agenda_item", {
          round_id: ROUND,
          thread_id: item,
          accept: true,
        });
      const dec = () =>
        admin.request("decide_agenda_item", {
          round_id: ROUND,
          thread_id: item,
          accept: false,
          reason: `Nej ${i}.`,
        });
      const post = () =>
        anna.request("create_post", {
          round_id: ROUND,
          thread_id: item,
          body: `Inlägg ${i}.`,
        });
      const sent: Array<Promise<Answer>> = [];
      const order = [acc, dec, post];
      // Rotate which request leaves first.
      for (let k = 0; k < 3; k++) sent.push(order[(i + k) % 3]!());
      const answers = await Promise.all(sent);
      const byKind = new Map<unknown, Answer>();
      for (let k = 0; k < 3; k++) byKind.set(order[(i + k) % 3], answers[k]!);
      const a = byKind.get(acc)!;
      const d = byKind.get(dec)!;
      const p = byKind.get(post)!;
      const winners = [a, d].filter((x) => x.type === "result");
      if (winners.length !== 1)
        problems.push(
          `round ${i}: ${winners.length} decisions accepted: ${codeOf(a)} / ${codeOf(d)}`,
        );
      for (const x of [a, d])
        if (x.type === "error" && x.error.code !== "invalid_state")
          problems.push(`round ${i}: losing decision ${x.error.code}`);
      if (a.type === "result") accepts++;
      if (p.type === "result") {
        postsTaken++;
        if (a.type !== "result")
          problems.push(
            `round ${i}: post taken although the item was declined`,
          );
        else if (seqOf(p) < seqOf(a))
          problems.push(
            `round ${i}: post seq ${seqOf(p)} before the acceptance ${seqOf(a)}`,
          );
      } else if (p.error.code !== "invalid_state")
        problems.push(`round ${i}: post ${p.error.code}`);
    }
    head = await headSeq(sec, ROUND);
    for (const c of watchers) {
      await c.waitForSeq(ROUND, head);
      const events = watched(c);
      expect(
        events.map((e) => e.seq),
        `person ${id(c)}: every event once, in order`,
      ).toEqual(Array.from({ length: head }, (_, k) => k + 1));
      problems.push(
        ...agendaViolations(events).map((v) => `person ${id(c)}: ${v}`),
      );
    }
    console.log(
      `decision race: ${N} items, ${accepts} accepted, ${N - accepts} declined, ${postsTaken} racing posts taken`,
    );
    expect(problems).toEqual([]);
  });
});

describe("move_thread", () => {
  test("before another thread, and to the end with null: {round_id, seq}; thread_moved {thread_id, before} live to all", async () => {
    const r = await sec.ok("move_thread", {
      round_id: ROUND,
      thread_id: threadB,
      before: threadA,
    });
    expect(r).toEqual({ round_id: ROUND, seq: head + 1 });
    head += 1;
    await expectLive(head, "thread_moved", sec, {
      thread_id: threadB,
      before: threadA,
    });
    const end = await admin.ok("move_thread", {
      round_id: ROUND,
      thread_id: threadB,
      before: null,
    });
    expect(end).toEqual({ round_id: ROUND, seq: head + 1 });
    head += 1;
    await expectLive(head, "thread_moved", admin, {
      thread_id: threadB,
      before: null,
    });
  });

  test("before: missing bad_request; another round's thread, a preparation thread, the thread itself, no such thread → not_found; the moved thread likewise; nothing appended", async () => {
    const problems: string[] = [];
    const move = (thread: number, before: unknown) => ({
      round_id: ROUND,
      thread_id: thread,
      before,
    });
    await expectRefused(
      problems,
      "before missing",
      sec,
      "move_thread",
      { round_id: ROUND, thread_id: threadA },
      "bad_request",
    );
    await expectRefused(
      problems,
      "before a string",
      sec,
      "move_thread",
      move(threadA, String(threadB)),
      "bad_request",
    );
    await expectRefused(
      problems,
      "before another round's thread",
      sec,
      "move_thread",
      move(threadA, OTHER_THREAD),
      "not_found",
    );
    await expectRefused(
      problems,
      "before a preparation thread",
      sec,
      "move_thread",
      move(threadA, prepThread),
      "not_found",
    );
    await expectRefused(
      problems,
      "before itself",
      sec,
      "move_thread",
      move(threadA, threadA),
      "not_found",
    );
    await expectRefused(
      problems,
      "before no such thread",
      sec,
      "move_thread",
      move(threadA, 987_654),
      "not_found",
    );
    await expectRefused(
      problems,
      "a preparation thread moved",
      sec,
      "move_thread",
      move(prepThread, threadA),
      "not_found",
    );
    await expectRefused(
      problems,
      "another round's thread moved",
      sec,
      "move_thread",
      move(OTHER_THREAD, null),
      "not_found",
    );
    await expectRefused(
      problems,
      "no such thread moved",
      admin,
      "move_thread",
      move(987_654, null),
      "not_found",
    );
    // The other round's own thread, named under the other round, moves fine there (the ids are real).
    expect(problems).toEqual([]);
    await expectHeadUnmoved();
  });
});

describe("lock_thread", () => {
  test("locked: thread_locked live; posts and replies in it invalid_state, for everyone; locking twice invalid_state; unlocked: posts work again; unlocking twice invalid_state", async () => {
    const p = await anna.ok<{ post_id: number }>("create_post", {
      round_id: ROUND,
      thread_id: threadA,
      body: "Före låsningen.",
    });
    head += 1;
    const r = await sec.ok("lock_thread", {
      round_id: ROUND,
      thread_id: threadA,
      locked: true,
    });
    expect(r).toEqual({ round_id: ROUND, seq: head + 1 });
    head += 1;
    await expectLive(head, "thread_locked", sec, {
      thread_id: threadA,
      locked: true,
    });

    const problems: string[] = [];
    for (const c of [anna, erik, per, sec, admin]) {
      await expectRefused(
        problems,
        `post by ${id(c)}`,
        c,
        "create_post",
        { round_id: ROUND, thread_id: threadA, body: "Låst?" },
        "invalid_state",
      );
      await expectRefused(
        problems,
        `reply by ${id(c)}`,
        c,
        "create_post",
        {
          round_id: ROUND,
          thread_id: threadA,
          reply_to: p.post_id,
          body: "Låst?",
        },
        "invalid_state",
      );
    }
    await expectRefused(
      problems,
      "lock twice",
      sec,
      "lock_thread",
      { round_id: ROUND, thread_id: threadA, locked: true },
      "invalid_state",
    );
    await expectRefused(
      problems,
      "lock twice (admin)",
      admin,
      "lock_thread",
      { round_id: ROUND, thread_id: threadA, locked: true },
      "invalid_state",
    );
    await expectRefused(
      problems,
      "locked missing",
      sec,
      "lock_thread",
      { round_id: ROUND, thread_id: threadA },
      "bad_request",
    );
    await expectRefused(
      problems,
      "locked a string",
      sec,
      "lock_thread",
      { round_id: ROUND, thread_id: threadA, locked: "false" },
      "bad_request",
    );
    await expectRefused(
      problems,
      "unlock a thread that is not locked",
      sec,
      "lock_thread",
      { round_id: ROUND, thread_id: threadB, locked: false },
      "invalid_state",
    );
    await expectRefused(
      problems,
      "a preparation thread",
      sec,
      "lock_thread",
      { round_id: ROUND, thread_id: prepThread, locked: true },
      "not_found",
    );
    await expectRefused(
      problems,
      "another round's thread",
      sec,
      "lock_thread",
      { round_id: ROUND, thread_id: OTHER_THREAD, locked: true },
      "not_found",
    );
    expect(problems).toEqual([]);
    await expectHeadUnmoved();
    // Other threads take posts meanwhile.
    await erik.ok("create_post", {
      round_id: ROUND,
      thread_id: threadB,
      body: "Tråd B är öppen.",
    });
    head += 1;

    const u = await admin.ok("lock_thread", {
      round_id: ROUND,
      thread_id: threadA,
      locked: false,
    });
    expect(u).toEqual({ round_id: ROUND, seq: head + 1 });
    head += 1;
    await expectLive(head, "thread_locked", admin, {
      thread_id: threadA,
      locked: false,
    });
    await expectRefused(
      problems,
      "unlock twice",
      sec,
      "lock_thread",
      { round_id: ROUND, thread_id: threadA, locked: false },
      "invalid_state",
    );
    expect(problems).toEqual([]);
    const again = await anna.ok<{ seq: number }>("create_post", {
      round_id: ROUND,
      thread_id: threadA,
      reply_to: p.post_id,
      body: "Öppen igen.",
    });
    head += 1;
    expect(again.seq).toBe(head);
  });

  test("only an accepted item can be locked: a proposed or declined one is invalid_state (it takes no posts anyway); once accepted it locks and unlocks like any thread", async () => {
    const item = (
      await per.ok<{ thread_id: number }>("propose_agenda_item", {
        round_id: ROUND,
        title: "Låses efter beslut",
      })
    ).thread_id;
    const no = (
      await per.ok<{ thread_id: number }>("propose_agenda_item", {
        round_id: ROUND,
        title: "Avböjs och låses inte",
      })
    ).thread_id;
    await sec.ok("decide_agenda_item", {
      round_id: ROUND,
      thread_id: no,
      accept: false,
      reason: "Nej.",
    });
    head += 3;
    const problems: string[] = [];
    await expectRefused(
      problems,
      "lock a proposed item",
      sec,
      "lock_thread",
      { round_id: ROUND, thread_id: item, locked: true },
      "invalid_state",
    );
    await expectRefused(
      problems,
      "unlock a proposed item",
      sec,
      "lock_thread",
      { round_id: ROUND, thread_id: item, locked: false },
      "invalid_state",
    );
    await expectRefused(
      problems,
      "lock a declined item",
      admin,
      "lock_thread",
      { round_id: ROUND, thread_id: no, locked: true },
      "invalid_state",
    );
    expect(problems).toEqual([]);
    await expectHeadUnmoved();
    await sec.ok("decide_agenda_item", {
      round_id: ROUND,
      thread_id: item,
      accept: true,
    });
    await sec.ok("lock_thread", {
      round_id: ROUND,
      thread_id: item,
      locked: true,
    });
    head += 2;
    await expectLive(head, "thread_locked", sec, {
      thread_id: item,
      locked: true,
    });
    await expectRefused(
      problems,
      "post in the locked accepted item",
      per,
      "create_post",
      { round_id: ROUND, thread_id: item, body: "Nu?" },
      "invalid_state",
    );
    expect(problems).toEqual([]);
    await sec.ok("lock_thread", {
      round_id: ROUND,
      thread_id: item,
      locked: false,
    });
    await per.ok("create_post", {
      round_id: ROUND,
      thread_id: item,
      body: "Nu.",
    });
    head += 2;
    expect(await headSeq(sec, ROUND)).toBe(head);
  });

  test("race: posts racing a lock: every acknowledged post comes before the lock in the stream, every refused one is invalid_state (30 rounds)", async () => {
    const N = 30;
    const problems: string[] = [];
    let taken = 0;
    let refused = 0;
    for (let i = 0; i < N; i++) {
      const posts: Array<Promise<Answer>> = [];
      const postFrom = (c: WsClient, k: number) =>
        c.request("create_post", {
          round_id: ROUND,
          thread_id: threadB,
          body: `Lopp ${i}.${k}`,
        });
      posts.push(postFrom(anna, 0), postFrom(erik, 1));
      const lock = sec.request("lock_thread", {
        round_id: ROUND,
        thread_id: threadB,
        locked: true,
      });
      posts.push(postFrom(anna, 2), postFrom(erik, 3));
      if (i % 3 === 0) await sleep(1);
      posts.push(postFrom(per, 4));
      const l = await lock;
      if (l.type !== "result") {
        problems.push(`round ${i}: lock ${JSON.stringify(l)}`);
        break;
      }
      for (const p of await Promise.all(posts)) {
        if (p.type === "result") {
          taken++;
          if (seqOf(p) > seqOf(l))
            problems.push(
              `round ${i}: post ${seqOf(p)} acknowledged after the lock ${seqOf(l)}`,
            );
        } else {
          refused++;
          if (p.error.code !== "invalid_state")
            problems.push(`round ${i}: post refused with ${p.error.code}`);
        }
      }
      await sec.ok("lock_thread", {
        round_id: ROUND,
        thread_id: threadB,
        locked: false,
      });
    }
    head = await headSeq(sec, ROUND);
    for (const c of watchers) {
      await c.waitForSeq(ROUND, head);
      problems.push(
        ...agendaViolations(watched(c)).map((v) => `person ${id(c)}: ${v}`),
      );
    }
    console.log(
      `lock race: ${N} locks, ${taken} posts taken before them, ${refused} refused`,
    );
    expect(problems).toEqual([]);
  });
});

describe("pin_post", () => {
  test("pin a post of the thread, another one, then null: post_pinned {thread_id, post_id} live; a post of another thread, a preparation post, no such post → not_found; the pinned post again or no pin to remove → invalid_state", async () => {
    const p1 = (
      await anna.ok<{ post_id: number }>("create_post", {
        round_id: ROUND,
        thread_id: threadA,
        body: "Pinnas.",
      })
    ).post_id;
    const p2 = (
      await erik.ok<{ post_id: number }>("create_post", {
        round_id: ROUND,
        thread_id: threadA,
        reply_to: p1,
        body: "Pinnas sedan.",
      })
    ).post_id;
    const inB = (
      await erik.ok<{ post_id: number }>("create_post", {
        round_id: ROUND,
        thread_id: threadB,
        body: "I tråd B.",
      })
    ).post_id;
    head += 3;
    const r = await sec.ok("pin_post", {
      round_id: ROUND,
      thread_id: threadA,
      post_id: p1,
    });
    expect(r).toEqual({ round_id: ROUND, seq: head + 1 });
    head += 1;
    await expectLive(head, "post_pinned", sec, {
      thread_id: threadA,
      post_id: p1,
    });
    await admin.ok("pin_post", {
      round_id: ROUND,
      thread_id: threadA,
      post_id: p2,
    });
    head += 1;
    await expectLive(head, "post_pinned", admin, {
      thread_id: threadA,
      post_id: p2,
    });

    const problems: string[] = [];
    const pin = (thread: number, post: unknown) => ({
      round_id: ROUND,
      thread_id: thread,
      post_id: post,
    });
    await expectRefused(
      problems,
      "a post of another thread",
      sec,
      "pin_post",
      pin(threadA, inB),
      "not_found",
    );
    await expectRefused(
      problems,
      "a preparation post",
      sec,
      "pin_post",
      pin(threadA, prepPost),
      "not_found",
    );
    await expectRefused(
      problems,
      "a preparation post in its thread",
      sec,
      "pin_post",
      pin(prepThread, prepPost),
      "not_found",
    );
    await expectRefused(
      problems,
      "no such post",
      sec,
      "pin_post",
      pin(threadA, 987_654),
      "not_found",
    );
    await expectRefused(
      problems,
      "post_id missing",
      sec,
      "pin_post",
      { round_id: ROUND, thread_id: threadA },
      "bad_request",
    );
    await expectRefused(
      problems,
      "post_id 0",
      sec,
      "pin_post",
      pin(threadA, 0),
      "bad_request",
    );
    await expectRefused(
      problems,
      "another round's thread",
      sec,
      "pin_post",
      pin(OTHER_THREAD, null),
      "not_found",
    );
    expect(problems).toEqual([]);
    await expectHeadUnmoved();

    // Pinning the pinned post again, or removing a pin from a thread without one, changes nothing.
    await expectRefused(
      problems,
      "the pinned post again",
      sec,
      "pin_post",
      pin(threadA, p2),
      "invalid_state",
    );
    await expectRefused(
      problems,
      "no pin to remove",
      sec,
      "pin_post",
      pin(threadB, null),
      "invalid_state",
    );
    expect(problems).toEqual([]);
    await expectHeadUnmoved();

    const un = await sec.ok("pin_post", pin(threadA, null));
    expect(un).toEqual({ round_id: ROUND, seq: head + 1 });
    head += 1;
    await expectLive(head, "post_pinned", sec, {
      thread_id: threadA,
      post_id: null,
    });
    await expectRefused(
      problems,
      "removing the pin twice",
      admin,
      "pin_post",
      pin(threadA, null),
      "invalid_state",
    );
    // The post that was pinned before may be pinned again.
    await sec.ok("pin_post", pin(threadA, p1));
    head += 1;
    await expectLive(head, "post_pinned", sec, {
      thread_id: threadA,
      post_id: p1,
    });
    expect(problems).toEqual([]);
    await expectHeadUnmoved();
  });
});

describe("who may run the agenda", () => {
  // Each command, with a thread (and post) of the given round; `thread`/`post` may be made-up ids.
  function commands(
    round: number,
    thread: number,
    other: number,
    post: number | null,
  ): Array<[string, Record<string, unknown>]> {
    return [
      [
        "decide_agenda_item",
        { round_id: round, thread_id: thread, accept: true },
      ],
      [
        "decide_agenda_item",
        { round_id: round, thread_id: thread, accept: false, reason: "Skäl." },
      ],
      ["move_thread", { round_id: round, thread_id: thread, before: other }],
      ["move_thread", { round_id: round, thread_id: thread, before: null }],
      ["lock_thread", { round_id: round, thread_id: thread, locked: true }],
      ["lock_thread", { round_id: round, thread_id: thread, locked: false }],
      ["pin_post", { round_id: round, thread_id: thread, post_id: post }],
      ["pin_post", { round_id: round, thread_id: thread, post_id: null }],
      ["revise_proposal", { round_id: round, proposal: "Ett annat förslag." }],
    ];
  }

  test("representatives and observers who see the round: forbidden; people who do not: not_found — also for made-up threads; nothing is appended", async () => {
    const item = (
      await erik.ok<{ thread_id: number }>("propose_agenda_item", {
        round_id: ROUND,
        title: "Väntar på beslut",
      })
    ).thread_id;
    head += 1;
    const post = (
      await anna.ok<{ post_id: number }>("create_post", {
        round_id: ROUND,
        thread_id: threadA,
        body: "Att pinna.",
      })
    ).post_id;
    head += 1;
    const problems: string[] = [];
    const cases: Array<[WsClient, string, string]> = [
      [anna, "Anna (representative, invited)", "forbidden"],
      [erik, "Erik (representative, invited, proposer)", "forbidden"],
      [per, "Per (representative, invited)", "forbidden"],
      [eva, "Eva (observer, invited)", "forbidden"],
      [maria, "Maria (not invited)", "not_found"],
      [lars, "Lars (not invited)", "not_found"],
    ];
    for (const [c, who, expected] of cases) {
      // Real ids and made-up ones: the permission is decided before the thread is looked at.
      for (const [thread, other, p] of [
        [item, threadA, post],
        [threadA, threadB, post],
        [987_654, 987_653, 987_652],
      ] as const) {
        const answers = await Promise.all(
          commands(ROUND, thread, other, p).map(([type, fields]) =>
            c.request(type, fields),
          ),
        );
        answers.forEach((a, i) => {
          const [type, fields] = commands(ROUND, thread, other, p)[i]!;
          if (codeOf(a) !== expected)
            problems.push(
              `${who}: ${type} ${JSON.stringify(fields)} → ${codeOf(a)}, expected ${expected}`,
            );
        });
      }
    }
    // A round that does not exist, even for the secretariat.
    for (const [type, fields] of commands(987_654, threadA, threadB, post)) {
      for (const c of [sec, anna]) {
        const a = await c.request(type, fields);
        if (codeOf(a) !== "not_found")
          problems.push(`person ${id(c)}: ${type} on no round → ${codeOf(a)}`);
      }
    }
    expect(problems).toEqual([]);
    await expectHeadUnmoved();
    await sec.ok("decide_agenda_item", {
      round_id: ROUND,
      thread_id: item,
      accept: true,
    });
    head += 1;
  });

  test("a draft round: the invited see it but may not run its agenda (forbidden), the uninvited get not_found; the secretariat runs its agenda", async () => {
    const invited = [
      orgs.get("Malmö stad")!.id,
      orgs.get("Finansdepartementet")!.id,
    ];
    const { round_id: draft } = await createRound(sec, {
      invited,
      agenda: ["Ett", "Två"],
    });
    const threads = (await subscribeStream(sec, draft, "main", 0)).replay
      .filter((e) => e.kind === "thread_created")
      .map((e) => e.data.thread_id as number);
    await sec.ok("unsubscribe", { round_id: draft });
    const problems: string[] = [];
    for (const [c, expected] of [
      [anna, "forbidden"],
      [per, "forbidden"],
      [eva, "forbidden"],
      [maria, "not_found"],
      [lars, "not_found"],
    ] as const) {
      for (const [type, fields] of commands(
        draft,
        threads[0]!,
        threads[1]!,
        null,
      )) {
        const a = await c.request(type, fields);
        if (codeOf(a) !== expected)
          problems.push(
            `person ${id(c)}: ${type} in a draft → ${codeOf(a)}, expected ${expected}`,
          );
      }
    }
    expect(problems).toEqual([]);
    expect(await headSeq(sec, draft)).toBe(3);
    await sec.ok("move_thread", {
      round_id: draft,
      thread_id: threads[1]!,
      before: threads[0]!,
    });
    await sec.ok("lock_thread", {
      round_id: draft,
      thread_id: threads[0]!,
      locked: true,
    });
    // A draft has no posts to pin, and no pin to remove.
    expect(
      (
        await admin.fails("pin_post", {
          round_id: draft,
          thread_id: threads[0]!,
          post_id: null,
        })
      ).code,
    ).toBe("invalid_state");
    await sec.ok("revise_proposal", {
      round_id: draft,
      proposal: "Version 2.",
    });
    expect(await headSeq(sec, draft)).toBe(6);
  });

  test("a closed or decided round: invalid_state for the secretariat and admins (before the thread checks), forbidden / not_found for others; nothing is appended", async () => {
    const invited = [
      orgs.get("Malmö stad")!.id,
      orgs.get("Finansdepartementet")!.id,
    ];
    const { round, threads } = await createOpenRound(sec, {
      invited,
      agenda: ["Ett", "Två"],
    });
    const item = (
      await anna.ok<{ thread_id: number }>("propose_agenda_item", {
        round_id: round,
        title: "Hinner inte beslutas",
      })
    ).thread_id;
    const post = (
      await anna.ok<{ post_id: number }>("create_post", {
        round_id: round,
        thread_id: threads[0]!,
        body: "Ett inlägg.",
      })
    ).post_id;
    await sec.ok("change_phase", { round_id: round, phase: "closed" });
    const problems: string[] = [];
    for (const phase of ["closed", "decided"]) {
      if (phase === "decided") {
        await writeOutcome(sec, round);
        await sec.ok("change_phase", { round_id: round, phase: "decided" });
      }
      const h = await headSeq(sec, round);
      for (const [thread, other, p] of [
        [item, threads[0]!, post],
        [threads[0]!, threads[1]!, post],
        [987_654, 987_653, 987_652],
      ] as const) {
        for (const [c, expected] of [
          [sec, "invalid_state"],
          [admin, "invalid_state"],
          [anna, "forbidden"],
          [eva, "forbidden"],
          [maria, "not_found"],
        ] as const) {
          for (const [type, fields] of commands(round, thread, other, p)) {
            const a = await c.request(type, fields);
            if (codeOf(a) !== expected)
              problems.push(
                `${phase}, person ${id(c)}: ${type} ${JSON.stringify(fields)} → ${codeOf(a)}, expected ${expected}`,
              );
          }
        }
      }
      expect(await headSeq(sec, round), `head_seq of the ${phase} round`).toBe(
        h,
      );
    }
    // The item stays proposed: no posts (the round is closed anyway).
    await expectRefused(
      problems,
      "post in a decided round",
      anna,
      "create_post",
      { round_id: round, thread_id: threads[0]!, body: "Sent." },
      "invalid_state",
    );
    expect(problems).toEqual([]);
  });
});

describe("the demo's closed round 4", () => {
  test("replays its agenda: Erik's accepted item moved before Bemanning, Lena's declined with its reason, Bemanning locked with Malmö's reply pinned; nothing can change now", async () => {
    const { replay } = await subscribeStream(anna, 4, "main", 0);
    const created = replay[0]!;
    expect(created.data.title).toBe("Tillitsbaserad styrning av äldreomsorgen");
    const byKind = (kind: string) => replay.filter((e) => e.kind === kind);
    const staffing = byKind("thread_created").find(
      (e) => e.data.title === "Bemanning och kompetens",
    )!;
    expect(staffing).toBeDefined();
    const S = staffing.data.thread_id as number;
    const proposed = byKind("agenda_item_proposed");
    expect(proposed.map((e) => [e.data.title, e.actor?.name])).toEqual([
      ["Digitala verktyg i hemtjänsten", "Erik Nilsson"],
      ["Avgifter i äldreomsorgen", "Lena Sjöberg"],
    ]);
    const digital = proposed[0]!.data.thread_id as number;
    const fees = proposed[1]!.data.thread_id as number;
    const decided = byKind("agenda_item_decided");
    expect(
      decided.map((e) => [e.data.thread_id, e.data.accepted, e.actor?.role]),
    ).toEqual([
      [digital, true, "secretariat"],
      [fees, false, "secretariat"],
    ]);
    expect((decided[1]!.data.reason as string).length).toBeGreaterThan(0);
    expect(byKind("thread_moved").map((e) => e.data)).toEqual([
      { thread_id: digital, before: S },
    ]);
    expect(byKind("thread_locked").map((e) => e.data)).toEqual([
      { thread_id: S, locked: true },
    ]);
    const malmoReply = byKind("post_created").find(
      (e) =>
        e.data.thread_id === S && e.actor?.organisation.name === "Malmö stad",
    )!;
    expect(malmoReply).toBeDefined();
    expect(malmoReply.data.reply_to).not.toBeNull();
    expect(byKind("post_pinned").map((e) => e.data)).toEqual([
      { thread_id: S, post_id: malmoReply.data.post_id },
    ]);
    // Erik posted in his item after it was accepted; nobody in Lena's.
    expect(
      byKind("post_created")
        .filter((e) => e.data.thread_id === digital)
        .map((e) => e.actor?.name),
    ).toEqual(["Erik Nilsson"]);
    expect(
      byKind("post_created").filter((e) => e.data.thread_id === fees),
    ).toEqual([]);
    expect(agendaViolations(replay)).toEqual([]);
    expect(replay.at(-1)).toMatchObject({
      kind: "phase_changed",
      data: { phase: "closed" },
    });
    for (const e of replay) expect(e).not.toHaveProperty("stream");

    const problems: string[] = [];
    await expectRefused(
      problems,
      "propose in round 4",
      anna,
      "propose_agenda_item",
      { round_id: 4, title: "T" },
      "invalid_state",
    );
    await expectRefused(
      problems,
      "unlock in round 4",
      sec,
      "lock_thread",
      { round_id: 4, thread_id: S, locked: false },
      "invalid_state",
    );
    await expectRefused(
      problems,
      "post in round 4",
      erik,
      "create_post",
      { round_id: 4, thread_id: digital, body: "Sent." },
      "invalid_state",
    );
    await expectRefused(
      problems,
      "Johan, not invited",
      await server.connectAs(people.johan),
      "subscribe",
      { round_id: 4, since: 0 },
      "not_found",
    );
    expect(problems).toEqual([]);
    await anna.ok("unsubscribe", { round_id: 4 });
  });
});

describe("after a restart", () => {
  test("a proposed item still takes no posts, a declined one neither, a locked thread stays locked, a decided item cannot be decided again", async () => {
    // A proposed item and a locked thread to carry over.
    const item = (
      await erik.ok<{ thread_id: number }>("propose_agenda_item", {
        round_id: ROUND,
        title: "Över omstarten",
      })
    ).thread_id;
    await sec.ok("lock_thread", {
      round_id: ROUND,
      thread_id: threadB,
      locked: true,
    });
    const declined = (
      await per.ok<{ thread_id: number }>("propose_agenda_item", {
        round_id: ROUND,
        title: "Avböjs före omstarten",
      })
    ).thread_id;
    await sec.ok("decide_agenda_item", {
      round_id: ROUND,
      thread_id: declined,
      accept: false,
      reason: "Nej.",
    });
    head = await headSeq(sec, ROUND);
    // Before the restart: every watcher got every event of the whole file once, in order.
    for (const c of watchers) {
      await c.waitForSeq(ROUND, head);
      expect(
        watched(c).map((e) => e.seq),
        `person ${id(c)}`,
      ).toEqual(Array.from({ length: head }, (_, k) => k + 1));
    }

    expect((await server.stop()).code).toBe(0);
    await server.restart();
    const s = await server.connectAs(people.secretariat);
    const a = await server.connectAs(people.anna);
    const problems: string[] = [];
    await expectRefused(
      problems,
      "post in proposed item",
      a,
      "create_post",
      { round_id: ROUND, thread_id: item, body: "Nu?" },
      "invalid_state",
    );
    await expectRefused(
      problems,
      "post in declined item",
      a,
      "create_post",
      { round_id: ROUND, thread_id: declined, body: "Nu?" },
      "invalid_state",
    );
    await expectRefused(
      problems,
      "post in locked thread",
      a,
      "create_post",
      { round_id: ROUND, thread_id: threadB, body: "Nu?" },
      "invalid_state",
    );
    await expectRefused(
      problems,
      "lock again",
      s,
      "lock_thread",
      { round_id: ROUND, thread_id: threadB, locked: true },
      "invalid_state",
    );
    await expectRefused(
      problems,
      "decide again",
      s,
      "decide_agenda_item",
      { round_id: ROUND, thread_id: declined, accept: true },
      "invalid_state",
    );
    expect(problems).toEqual([]);
    expect(await headSeq(s, ROUND)).toBe(head);

    expect(
      await s.ok("decide_agenda_item", {
        round_id: ROUND,
        thread_id: item,
        accept: true,
      }),
    ).toEqual({ round_id: ROUND, seq: head + 1 });
    expect(
      await a.ok<{ seq: number }>("create_post", {
        round_id: ROUND,
        thread_id: item,
        body: "Efter omstarten.",
      }),
    ).toMatchObject({ seq: head + 2 });
    const { replay } = await subscribeStream(a, ROUND, "main", 0);
    expect(replay.map((e) => e.seq)).toEqual(
      Array.from({ length: head + 2 }, (_, k) => k + 1),
    );
    expect(agendaViolations(replay)).toEqual([]);
  });
});
