// Preparation threads (issue 7, second slice): a side's representatives open threads in their
// side's preparation stream (`create_thread` with `stream`), and the thread and its posts live
// in that stream with its own seqs. Only that side's people see any of it: the other side and
// the secretariat get not_found for the stream and its threads, and their main-stream
// subscriptions never carry a frame of it — checked over a burst of preparation posts and in a
// loop where a state-side subscribe races municipal preparation posts. Observers read but do
// not open threads; a draft, closed or decided round takes no new preparation threads (a side
// sees its own preparation stream of a draft, empty until the round opens). The demo
// round 1 replays its two preparation threads to the right side only.
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
  createOpenRound,
  createRound,
  headSeq,
  isoIn,
  organisationsByName,
  writeOutcome,
} from "./support/rounds";
import {
  expectRefused,
  isStreamEvent,
  personId,
  streamEvents,
  streamOf,
  subscribeStream,
  waitForStreamSeq,
  type StreamName,
} from "./support/agenda";

const MUNI: StreamName = "municipal_preparation";
const STATE: StreamName = "state_preparation";

let server: SamradServer;
let orgs: Map<string, Organisation>;
let sec: WsClient;
let admin: WsClient;
// Municipal side, all subscribed to MUNI of ROUND; Erik to main as well.
let anna: WsClient; // Malmö stad
let erik: WsClient; // Kiruna kommun
let lena: WsClient; // SKR
let maria: WsClient; // Region Skåne
// State side, subscribed to main of ROUND; Per and Eva to STATE as well.
let per: WsClient; // Finansdepartementet
let ida: WsClient; // Socialdepartementet
let eva: WsClient; // Finansdepartementet, observer
const ids = new Map<WsClient, number>();

let ROUND: number;
let mainThread: number;
let mainHead: number;
let muniThread: number; // Anna's preparation thread
let muniPosts: number[] = [];
let muniHead = 0;

beforeAll(async () => {
  server = await startServer();
  sec = await server.connectAs(people.secretariat);
  admin = await server.connectAs(people.admin);
  orgs = await organisationsByName(sec);
  const invited = [
    "Malmö stad",
    "Kiruna kommun",
    "Sveriges Kommuner och Regioner",
    "Region Skåne",
    "Finansdepartementet",
    "Socialdepartementet",
  ].map((n) => orgs.get(n)!.id);
  const r = await createOpenRound(sec, {
    title: "Förberedelser",
    invited,
    agenda: ["Gemensam fråga"],
  });
  ROUND = r.round;
  mainThread = r.threads[0]!;
  mainHead = await headSeq(sec, ROUND);
  anna = await server.connectAs(people.anna);
  erik = await server.connectAs(people.erik);
  lena = await server.connectAs(people.lena);
  maria = await server.connectAs(people.maria);
  per = await server.connectAs(people.per);
  ida = await server.connectAs(people.ida);
  eva = await server.connectAs(people.eva);
  for (const c of [sec, admin, anna, erik, lena, maria, per, ida, eva])
    ids.set(c, await personId(c));
  for (const c of [anna, erik, lena, maria])
    expect((await subscribeStream(c, ROUND, MUNI, 0)).head_seq).toBe(0);
  for (const c of [erik, per, ida, eva, sec, admin])
    await subscribeStream(c, ROUND, "main", mainHead);
  for (const c of [per, eva])
    expect((await subscribeStream(c, ROUND, STATE, 0)).head_seq).toBe(0);
});
afterAll(cleanupAll);

function id(c: WsClient): number {
  return ids.get(c)!;
}

/** Frames on c (from index `from`) that carry anything of the municipal preparation stream. */
function muniLeaks(c: WsClient, from = 0): string[] {
  return (
    c.messages
      .slice(from)
      // list_rounds names the preparation streams that exist, to everyone in the round, by design.
      .map((m) =>
        JSON.stringify(m).replace(/"preparation_streams":\[[^\]]*\]/g, ""),
      )
      .filter(
        (text) =>
          text.includes(MUNI) ||
          (muniThread !== undefined &&
            new RegExp(`"thread_id":${muniThread}[,}]`).test(text)),
      )
  );
}

describe("opening a preparation thread", () => {
  test("a municipal representative opens one: {round_id, stream, seq, thread_id}; the side's subscribers get thread_created and the posts in that stream, seqs 1, 2, 3 …; main does not move", async () => {
    const a = await anna.request("create_thread", {
      round_id: ROUND,
      stream: MUNI,
      title: "Vår gemensamma linje",
    });
    expect(a.type, JSON.stringify(a)).toBe("result");
    const result = (a as { result: Record<string, unknown> }).result;
    expect(Object.keys(result)).toEqual([
      "round_id",
      "stream",
      "seq",
      "thread_id",
    ]);
    expect(result).toMatchObject({ round_id: ROUND, stream: MUNI, seq: 1 });
    muniThread = result.thread_id as number;
    expect(muniThread).not.toBe(mainThread);
    muniHead = 1;

    const e1 = await erik.ok<{
      round_id: number;
      stream: string;
      seq: number;
      post_id: number;
    }>("create_post", {
      round_id: ROUND,
      thread_id: muniThread,
      body: "Kiruna först.",
    });
    expect(Object.keys(e1)).toEqual(["round_id", "stream", "seq", "post_id"]);
    expect(e1).toMatchObject({ round_id: ROUND, stream: MUNI, seq: 2 });
    const l1 = await lena.ok<{ seq: number; post_id: number }>("create_post", {
      round_id: ROUND,
      thread_id: muniThread,
      reply_to: e1.post_id,
      body: "SKR instämmer.",
    });
    const m1 = await maria.ok<{ seq: number; post_id: number }>("create_post", {
      round_id: ROUND,
      thread_id: muniThread,
      body: "Region Skåne också.",
    });
    expect([l1.seq, m1.seq]).toEqual([3, 4]);
    muniPosts = [e1.post_id, l1.post_id, m1.post_id];
    muniHead = 4;

    for (const c of [anna, erik, lena, maria]) {
      await waitForStreamSeq(c, ROUND, MUNI, muniHead);
      const events = streamEvents(c, ROUND, MUNI);
      expect(
        events.map((e) => [e.seq, e.kind, e.actor?.id]),
        `person ${id(c)}`,
      ).toEqual([
        [1, "thread_created", id(anna)],
        [2, "post_created", id(erik)],
        [3, "post_created", id(lena)],
        [4, "post_created", id(maria)],
      ]);
      expect(Object.keys(events[0]!)).toEqual([
        "type",
        "round_id",
        "stream",
        "seq",
        "at",
        "kind",
        "actor",
        "data",
      ]);
      expect(events[0]!.data).toEqual({
        thread_id: muniThread,
        title: "Vår gemensamma linje",
      });
      expect(events[2]!.data).toEqual({
        post_id: l1.post_id,
        thread_id: muniThread,
        reply_to: e1.post_id,
        body: "SKR instämmer.",
        proposal_version: 1,
      });
    }
    // The main stream did not move, and Erik's main subscription carries none of it.
    expect(await headSeq(sec, ROUND)).toBe(mainHead);
    expect(
      streamEvents(erik, ROUND, "main").filter((e) => e.seq > mainHead),
    ).toEqual([]);
  });

  test("the other side and the secretariat: the stream and its thread are not_found (subscribe, create_thread, create_post); nothing of it reaches them", async () => {
    const problems: string[] = [];
    for (const c of [per, ida, eva, sec, admin]) {
      const who = `person ${id(c)}`;
      await expectRefused(
        problems,
        who,
        c,
        "subscribe",
        { round_id: ROUND, stream: MUNI, since: 0 },
        "not_found",
      );
      await expectRefused(
        problems,
        who,
        c,
        "create_thread",
        { round_id: ROUND, stream: MUNI, title: "Insyn?" },
        "not_found",
      );
      // Eva is an observer: any post of hers is forbidden before the thread is looked at.
      await expectRefused(
        problems,
        who,
        c,
        "create_post",
        { round_id: ROUND, thread_id: muniThread, body: "Insyn?" },
        c === eva ? "forbidden" : "not_found",
      );
      await expectRefused(
        problems,
        who,
        c,
        "create_post",
        {
          round_id: ROUND,
          thread_id: muniThread,
          reply_to: muniPosts[0],
          body: "Insyn?",
        },
        c === eva ? "forbidden" : "not_found",
      );
    }
    // A preparation post is no reply target in main, nor a main post in a preparation thread.
    await expectRefused(
      problems,
      "sec replies in main to a preparation post",
      sec,
      "create_post",
      {
        round_id: ROUND,
        thread_id: mainThread,
        reply_to: muniPosts[0],
        body: "Svar.",
      },
      "invalid_reply",
    );
    await expectRefused(
      problems,
      "anna replies in main to a preparation post",
      anna,
      "create_post",
      {
        round_id: ROUND,
        thread_id: mainThread,
        reply_to: muniPosts[0],
        body: "Svar.",
      },
      "invalid_reply",
    );
    // The secretariat cannot run a preparation thread either.
    await expectRefused(
      problems,
      "sec locks it",
      sec,
      "lock_thread",
      { round_id: ROUND, thread_id: muniThread, locked: true },
      "not_found",
    );
    await expectRefused(
      problems,
      "sec pins in it",
      sec,
      "pin_post",
      { round_id: ROUND, thread_id: muniThread, post_id: muniPosts[0] },
      "not_found",
    );
    await expectRefused(
      problems,
      "sec moves it",
      sec,
      "move_thread",
      { round_id: ROUND, thread_id: muniThread, before: null },
      "not_found",
    );
    expect(problems).toEqual([]);
    expect(await headSeq(sec, ROUND)).toBe(mainHead);
    for (const c of [per, ida, eva, sec, admin])
      expect(muniLeaks(c), `person ${id(c)}`).toEqual([]);
    // The municipal side's stream did not move either.
    await sleep(50);
    expect(streamEvents(lena, ROUND, MUNI).at(-1)?.seq).toBe(muniHead);
  });

  test("a burst of 40 preparation posts (and a second thread) reaches the municipal side in order; the state side's and the secretariat's subscriptions get only the main post after it", async () => {
    const froms = new Map(
      [per, ida, eva, sec, admin].map((c) => [c, c.messages.length] as const),
    );
    const writers = [anna, erik, lena, maria];
    const sent: Array<Promise<Answer>> = [];
    for (let i = 0; i < 40; i++) {
      const c = writers[i % 4]!;
      sent.push(
        c.request("create_post", {
          round_id: ROUND,
          thread_id: muniThread,
          body: `Förberedelse ${i}.`,
        }),
      );
      if (i === 20)
        sent.push(
          lena.request("create_thread", {
            round_id: ROUND,
            stream: MUNI,
            title: "Ännu en förberedelse",
          }),
        );
    }
    const answers = await Promise.all(sent);
    for (const a of answers) {
      expect(a.type, JSON.stringify(a)).toBe("result");
      expect((a as { result: { stream?: string } }).result.stream).toBe(MUNI);
    }
    const second = answers
      .map((a) => (a as { result: { thread_id?: number } }).result.thread_id)
      .find((t) => t !== undefined)!;
    expect(
      new Set(
        answers.map(
          (a) => (a as unknown as { result: { seq: number } }).result.seq,
        ),
      ),
    ).toEqual(new Set(Array.from({ length: 41 }, (_, k) => muniHead + 1 + k)));
    muniHead += 41;
    // A main post afterwards: the marker that everything before it has been sent.
    const marker = await anna.ok<{ seq: number }>("create_post", {
      round_id: ROUND,
      thread_id: mainThread,
      body: "Gemensamt.",
    });
    mainHead = marker.seq;

    for (const c of [anna, erik, lena, maria]) {
      await waitForStreamSeq(c, ROUND, MUNI, muniHead);
      expect(
        streamEvents(c, ROUND, MUNI).map((e) => e.seq),
        `person ${id(c)}`,
      ).toEqual(Array.from({ length: muniHead }, (_, k) => k + 1));
    }
    for (const c of [per, ida, eva, sec, admin])
      await waitForStreamSeq(c, ROUND, "main", mainHead);
    await sleep(100);
    for (const [c, from] of froms) {
      const got = c.messages
        .slice(from)
        .filter((m) => (m as { round_id?: number }).round_id === ROUND);
      expect(
        got.map((m) => [
          m.type,
          (m as EventMsg).kind,
          streamOf(m),
          (m as EventMsg).seq,
        ]),
        `person ${id(c)}`,
      ).toEqual([["event", "post_created", "main", mainHead]]);
      expect(muniLeaks(c, from), `person ${id(c)}`).toEqual([]);
      expect(
        c.messages
          .slice(from)
          .some((m) => JSON.stringify(m).includes(`"thread_id":${second}`)),
      ).toBe(false);
    }
    // Per's and Eva's state preparation subscriptions got nothing.
    for (const c of [per, eva])
      expect(streamEvents(c, ROUND, STATE)).toEqual([]);
  });
});

describe("the state side prepares too; observers read only", () => {
  let stateThread: number;

  test("Per opens a state preparation thread; Ida posts; Eva (observer) reads both; Eva may not open a thread or post (forbidden); the municipal side gets not_found", async () => {
    const p = await per.ok<{
      round_id: number;
      stream: string;
      seq: number;
      thread_id: number;
    }>("create_thread", {
      round_id: ROUND,
      stream: STATE,
      title: "Statens linje",
    });
    expect(p).toEqual({
      round_id: ROUND,
      stream: STATE,
      seq: 1,
      thread_id: p.thread_id,
    });
    stateThread = p.thread_id;
    const i1 = await ida.ok<{ stream: string; seq: number }>("create_post", {
      round_id: ROUND,
      thread_id: stateThread,
      body: "Socialdepartementet instämmer.",
    });
    expect(i1).toMatchObject({ stream: STATE, seq: 2 });
    for (const c of [per, eva]) {
      await waitForStreamSeq(c, ROUND, STATE, 2);
      expect(
        streamEvents(c, ROUND, STATE).map((e) => [
          e.seq,
          e.kind,
          e.actor?.id,
          e.data.thread_id,
        ]),
      ).toEqual([
        [1, "thread_created", id(per), stateThread],
        [2, "post_created", id(ida), stateThread],
      ]);
    }
    const problems: string[] = [];
    await expectRefused(
      problems,
      "Eva opens",
      eva,
      "create_thread",
      { round_id: ROUND, stream: STATE, title: "Observatören" },
      "forbidden",
    );
    await expectRefused(
      problems,
      "Eva posts",
      eva,
      "create_post",
      { round_id: ROUND, thread_id: stateThread, body: "Observatören." },
      "forbidden",
    );
    for (const c of [anna, erik, lena, maria]) {
      const who = `person ${id(c)}`;
      await expectRefused(
        problems,
        who,
        c,
        "subscribe",
        { round_id: ROUND, stream: STATE, since: 0 },
        "not_found",
      );
      await expectRefused(
        problems,
        who,
        c,
        "create_thread",
        { round_id: ROUND, stream: STATE, title: "Insyn?" },
        "not_found",
      );
      await expectRefused(
        problems,
        who,
        c,
        "create_post",
        { round_id: ROUND, thread_id: stateThread, body: "Insyn?" },
        "not_found",
      );
    }
    for (const c of [sec, admin]) {
      await expectRefused(
        problems,
        `person ${id(c)}`,
        c,
        "subscribe",
        { round_id: ROUND, stream: STATE, since: 0 },
        "not_found",
      );
      await expectRefused(
        problems,
        `person ${id(c)}`,
        c,
        "create_thread",
        { round_id: ROUND, stream: STATE, title: "Insyn?" },
        "not_found",
      );
    }
    expect(problems).toEqual([]);
    await sleep(50);
    for (const c of [per, eva])
      expect(streamEvents(c, ROUND, STATE).length).toBe(2);
    for (const c of [anna, erik, lena, maria, sec, admin]) {
      expect(
        c.messages.some(
          (m) => JSON.stringify(m).includes(STATE) && m.type === "event",
        ),
        `person ${id(c)}`,
      ).toBe(false);
    }
    expect(await headSeq(sec, ROUND)).toBe(mainHead);
  });

  test("the request is checked in order round_id, stream, title: bad stream names and blank or long titles are refused and open nothing", async () => {
    const problems: string[] = [];
    const r = { round_id: ROUND };
    for (const stream of [
      "preparation",
      "Municipal_preparation",
      "",
      1,
      null,
    ]) {
      await expectRefused(
        problems,
        `stream ${JSON.stringify(stream)}`,
        anna,
        "create_thread",
        { ...r, stream, title: "T" },
        "bad_request",
      );
    }
    await expectRefused(
      problems,
      "bad stream, no title",
      anna,
      "create_thread",
      { ...r, stream: "x" },
      "bad_request",
      /stream/,
    );
    await expectRefused(
      problems,
      "title blank",
      anna,
      "create_thread",
      { ...r, stream: MUNI, title: " \u00a0" },
      "bad_request",
    );
    await expectRefused(
      problems,
      "title 301 bytes",
      anna,
      "create_thread",
      { ...r, stream: MUNI, title: "a" + "å".repeat(150) },
      "too_large",
    );
    await expectRefused(
      problems,
      "no such round",
      anna,
      "create_thread",
      { round_id: 987_654, stream: MUNI, title: "T" },
      "not_found",
    );
    expect(problems).toEqual([]);
    await sleep(50);
    expect(streamEvents(lena, ROUND, MUNI).at(-1)?.seq).toBe(muniHead);
  });
});

describe("phases", () => {
  test("draft: invalid_state for the invited side (it sees its stream, empty), forbidden for an observer, not_found for the other side, the uninvited and the secretariat; closed and decided: invalid_state for the side, forbidden for an observer; no posts in an existing preparation thread once closed", async () => {
    const invited = [
      orgs.get("Malmö stad")!.id,
      orgs.get("Finansdepartementet")!.id,
    ];
    const problems: string[] = [];
    const draft = (await createRound(sec, { invited })).round_id;
    for (const [c, stream] of [
      [anna, MUNI],
      [per, STATE],
    ] as const) {
      await expectRefused(
        problems,
        `draft, person ${id(c)}`,
        c,
        "create_thread",
        { round_id: draft, stream, title: "T" },
        "invalid_state",
        /only while the round is open/,
      );
    }
    await expectRefused(
      problems,
      "draft, observer",
      eva,
      "create_thread",
      { round_id: draft, stream: STATE, title: "T" },
      "forbidden",
    );
    for (const [c, stream, message] of [
      [per, MUNI, /No such stream/],
      [anna, STATE, /No such stream/],
      [sec, MUNI, /No such stream/],
      [admin, STATE, /No such stream/],
      [maria, MUNI, /No such round/],
      [ida, STATE, /No such round/],
    ] as const) {
      await expectRefused(
        problems,
        `draft, person ${id(c)} in ${stream}`,
        c,
        "create_thread",
        { round_id: draft, stream, title: "T" },
        "not_found",
        message,
      );
    }
    // The side reads its own stream of the draft: nothing is in it yet.
    for (const [c, stream] of [
      [anna, MUNI],
      [per, STATE],
    ] as const) {
      const { head_seq } = await subscribeStream(c, draft, stream, 0);
      expect(head_seq).toBe(0);
      await c.ok("unsubscribe", { round_id: draft, stream });
    }

    const { round } = await createOpenRound(sec, { invited });
    const t = (
      await anna.ok<{ thread_id: number }>("create_thread", {
        round_id: round,
        stream: MUNI,
        title: "Före stängning",
      })
    ).thread_id;
    await anna.ok("create_post", {
      round_id: round,
      thread_id: t,
      body: "Medan den är öppen.",
    });
    await sec.ok("change_phase", { round_id: round, phase: "closed" });
    for (const phase of ["closed", "decided"]) {
      if (phase === "decided") {
        await writeOutcome(sec, round);
        await sec.ok("change_phase", { round_id: round, phase: "decided" });
      }
      await expectRefused(
        problems,
        `${phase}, Anna`,
        anna,
        "create_thread",
        { round_id: round, stream: MUNI, title: "T" },
        "invalid_state",
      );
      await expectRefused(
        problems,
        `${phase}, Per`,
        per,
        "create_thread",
        { round_id: round, stream: STATE, title: "T" },
        "invalid_state",
      );
      await expectRefused(
        problems,
        `${phase}, Eva`,
        eva,
        "create_thread",
        { round_id: round, stream: STATE, title: "T" },
        "forbidden",
      );
      await expectRefused(
        problems,
        `${phase}, secretariat`,
        sec,
        "create_thread",
        { round_id: round, stream: MUNI, title: "T" },
        "not_found",
      );
      await expectRefused(
        problems,
        `${phase}, Per in the municipal stream`,
        per,
        "create_thread",
        { round_id: round, stream: MUNI, title: "T" },
        "not_found",
      );
      await expectRefused(
        problems,
        `${phase}, Anna posts`,
        anna,
        "create_post",
        { round_id: round, thread_id: t, body: "Sent." },
        "invalid_state",
      );
    }
    // The stream keeps what it had.
    const { head_seq, replay } = await subscribeStream(anna, round, MUNI, 0);
    expect(head_seq).toBe(2);
    expect(replay.map((e) => e.kind)).toEqual([
      "thread_created",
      "post_created",
    ]);

    const closing = (
      await createOpenRound(sec, { invited, closes_at: isoIn(1_000) })
    ).round;
    await sleep(1_050);
    await expectRefused(
      problems,
      "past its closing time",
      anna,
      "create_thread",
      { round_id: closing, stream: MUNI, title: "T" },
      "invalid_state",
    );
    expect(problems).toEqual([]);
  });
});

describe("the demo's round 1", () => {
  test("replays the municipal preparation thread to the municipal side and the state one to the state side, to nobody else; main carries neither", async () => {
    const problems: string[] = [];
    const muniPeople = [
      people.anna,
      people.erik,
      people.maria,
      people.johan,
      people.lena,
    ];
    const statePeople = [people.per, people.ida, people.lars, people.eva];
    let muniIds: number[] = [];
    let stateIds: number[] = [];
    for (const email of muniPeople) {
      const c = await server.connectAs(email);
      const { head_seq, replay } = await subscribeStream(c, 1, MUNI, 0);
      expect(head_seq, email).toBe(4);
      expect(
        replay.map((e) => [e.seq, e.kind, e.actor?.name]),
        email,
      ).toEqual([
        [1, "thread_created", "Anna Lind"],
        [2, "post_created", "Anna Lind"],
        [3, "post_created", "Lena Sjöberg"],
        [4, "post_created", "Erik Nilsson"],
      ]);
      expect(replay[0]!.data.title).toBe(
        "Gemensam hållning från kommunsektorn",
      );
      const t = replay[0]!.data.thread_id;
      for (const e of replay.slice(1)) expect(e.data.thread_id).toBe(t);
      expect(replay[2]!.data.reply_to).toBe(replay[1]!.data.post_id);
      expect(replay[3]!.data.reply_to).toBe(replay[1]!.data.post_id);
      muniIds = [
        t as number,
        ...replay.slice(1).map((e) => e.data.post_id as number),
      ];
      // Resume in the stream from since=2.
      await c.ok("unsubscribe", { round_id: 1, stream: MUNI });
      expect(
        (await subscribeStream(c, 1, MUNI, 2)).replay.map((e) => e.seq),
      ).toEqual([3, 4]);
      await expectRefused(
        problems,
        email,
        c,
        "subscribe",
        { round_id: 1, stream: STATE, since: 0 },
        "not_found",
      );
      await c.close();
    }
    for (const email of statePeople) {
      const c = await server.connectAs(email);
      const { head_seq, replay } = await subscribeStream(c, 1, STATE, 0);
      expect(head_seq, email).toBe(3);
      expect(
        replay.map((e) => [e.seq, e.kind, e.actor?.name]),
        email,
      ).toEqual([
        [1, "thread_created", "Per Holm"],
        [2, "post_created", "Per Holm"],
        [3, "post_created", "Ida Ström"],
      ]);
      expect(replay[0]!.data.title).toBe("Statens linje inför samrådet");
      stateIds = [
        replay[0]!.data.thread_id as number,
        ...replay.slice(1).map((e) => e.data.post_id as number),
      ];
      await expectRefused(
        problems,
        email,
        c,
        "subscribe",
        { round_id: 1, stream: MUNI, since: 0 },
        "not_found",
      );
      await c.close();
    }
    for (const c of [sec, admin]) {
      for (const stream of [MUNI, STATE])
        await expectRefused(
          problems,
          `person ${id(c)}`,
          c,
          "subscribe",
          { round_id: 1, stream, since: 0 },
          "not_found",
        );
    }
    expect(problems).toEqual([]);

    // The main stream of round 1, as the secretariat and Per replay it: nothing of either.
    for (const c of [sec, per]) {
      const { head_seq, replay } = await subscribeStream(c, 1, "main", 0);
      expect(replay.map((e) => e.seq)).toEqual(
        Array.from({ length: head_seq }, (_, k) => k + 1),
      );
      for (const e of replay) {
        expect(e).not.toHaveProperty("stream");
        // Threads and posts have separate ids: compare each with its own kind.
        for (const [thread, ...posts] of [muniIds, stateIds]) {
          expect(e.data.thread_id, `main event ${e.seq}`).not.toBe(thread);
          for (const x of posts)
            expect(
              e.data.post_id === x || e.data.reply_to === x,
              `main event ${e.seq} names post ${x}`,
            ).toBe(false);
        }
        expect([
          "Gemensam hållning från kommunsektorn",
          "Statens linje inför samrådet",
        ]).not.toContain(e.data.title);
      }
      await c.ok("unsubscribe", { round_id: 1 });
    }
  });
});

describe("race", () => {
  const ITERATIONS = 120;

  test(`a municipal preparation post races a state-side (and the secretariat's) main subscribe with since=head: they never get a frame of the preparation stream (${ITERATIONS} rounds)`, async () => {
    // Fresh connections for the racers, so every frame they get belongs to this test.
    const racers = [
      await server.connectAs(people.per),
      await server.connectAs(people.secretariat),
      await server.connectAs(people.ida),
    ];
    const problems: string[] = [];
    interface Window {
      from: number;
      since: number;
    }
    const windows = new Map<WsClient, Window[]>(racers.map((c) => [c, []]));
    let prepTaken = 0;
    for (let i = 0; i < ITERATIONS && problems.length < 20; i++) {
      const since = mainHead;
      const subs: Array<[WsClient, Promise<Answer>]> = [];
      const subscribe = (c: WsClient) => {
        windows.get(c)!.push({ from: c.messages.length, since });
        subs.push([c, c.request("subscribe", { round_id: ROUND, since })]);
      };
      const prepPost = () =>
        anna.request("create_post", {
          round_id: ROUND,
          thread_id: muniThread,
          body: `Kapplöpning ${i}.`,
        });
      const mainPost = () =>
        erik.request("create_post", {
          round_id: ROUND,
          thread_id: mainThread,
          body: `Huvudström ${i}.`,
        });
      // Vary the order in which the frames leave.
      let prep: Promise<Answer>;
      let main: Promise<Answer>;
      if (i % 3 === 0) {
        prep = prepPost();
        racers.forEach(subscribe);
        main = mainPost();
      } else if (i % 3 === 1) {
        racers.forEach(subscribe);
        prep = prepPost();
        if (i % 2 === 0) await sleep(1);
        main = mainPost();
      } else {
        main = mainPost();
        prep = prepPost();
        racers.forEach(subscribe);
      }
      const p = await prep;
      const m = await main;
      if (p.type !== "result" || m.type !== "result") {
        problems.push(
          `round ${i}: prep ${JSON.stringify(p)}, main ${JSON.stringify(m)}`,
        );
        break;
      }
      prepTaken++;
      muniHead = p.result.seq as number;
      mainHead = m.result.seq as number;
      for (const [c, a] of subs) {
        const s = await a;
        if (s.type !== "result")
          problems.push(
            `round ${i}: person ${id(c)} subscribe → ${JSON.stringify(s)}`,
          );
      }
      // Each racer has the main post, then leaves until the next round.
      for (const c of racers) {
        await waitForStreamSeq(c, ROUND, "main", mainHead);
        await c.ok("unsubscribe", { round_id: ROUND });
      }
    }
    await waitForStreamSeq(lena, ROUND, MUNI, muniHead);
    await sleep(200);

    for (const c of racers) {
      const ws = windows.get(c)!;
      ws.forEach((w, k) => {
        const to = k + 1 < ws.length ? ws[k + 1]!.from : c.messages.length;
        const msgs = c.messages.slice(w.from, to);
        const leaks = msgs.filter(
          (m) =>
            streamOf(m) !== "main" ||
            (m.type === "event" &&
              (m as EventMsg).data.thread_id === muniThread),
        );
        if (leaks.length > 0)
          problems.push(
            `person ${id(c)} round ${k}: ${JSON.stringify(leaks.slice(0, 2))}`,
          );
        const seqs = msgs
          .filter((m): m is EventMsg => isStreamEvent(m, ROUND, "main"))
          .map((e) => e.seq);
        if (seqs.some((s, j) => s !== w.since + 1 + j))
          problems.push(
            `person ${id(c)} round ${k}: main seqs ${seqs.join(",")} not contiguous from ${w.since + 1}`,
          );
      });
      if (muniLeaks(c).length > 0)
        problems.push(`person ${id(c)}: ${muniLeaks(c).slice(0, 2).join(" ")}`);
    }
    // The municipal side got every preparation post, in order, once.
    const muniSeqs = streamEvents(lena, ROUND, MUNI).map((e) => e.seq);
    expect(muniSeqs).toEqual(Array.from({ length: muniHead }, (_, k) => k + 1));
    console.log(
      `preparation race: ${ITERATIONS} rounds, ${prepTaken} preparation posts, ${racers.length} racing subscribers each round`,
    );
    expect(problems).toEqual([]);
  });
});
