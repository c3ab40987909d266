// Proposal versions (issue 7, second slice): the secretariat revises a round's proposal
// (`revise_proposal`) while the round is a draft or open; each revision appends
// `proposal_revised` {version, proposal} with the next version (a round starts at 1), live to
// every subscriber, and every post records the version it was written against
// (`post_created`.proposal_version), in main and preparation streams alike — also when posts
// race a revision, and across a restart. Only the secretariat and admins revise (forbidden for
// others who see the round, not_found for those who do not); closed and decided rounds refuse.
// The demo's round 4 replays versions 1 and 2 with Maria's post on version 2, and the demo's
// closed round 4 and decided round 5 are listed with their phases to the invited only.
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
  listRounds,
  organisationsByName,
  writeOutcome,
} from "./support/rounds";
import {
  expectRefused,
  personId,
  streamEvents,
  subscribeStream,
  waitForStreamSeq,
} from "./support/agenda";

let server: SamradServer;
let orgs: Map<string, Organisation>;
let sec: WsClient;
let admin: WsClient;
let anna: WsClient;
let erik: WsClient;
let per: WsClient;
let eva: WsClient;
let watchers: WsClient[];
const ids = new Map<WsClient, number>();
const watchFrom = new Map<WsClient, number>();

let ROUND: number; // open; invites Malmö stad, Kiruna kommun, Finansdepartementet
let thread: number;
let head: number;
let version = 1; // the proposal version ROUND is at

beforeAll(async () => {
  server = await startServer();
  sec = await server.connectAs(people.secretariat);
  admin = await server.connectAs(people.admin);
  orgs = await organisationsByName(sec);
  const invited = ["Malmö stad", "Kiruna kommun", "Finansdepartementet"].map(
    (n) => orgs.get(n)!.id,
  );
  const r = await createOpenRound(sec, {
    title: "Versioner",
    proposal: "Version 1.",
    invited,
    agenda: ["Synpunkter"],
  });
  ROUND = r.round;
  thread = r.threads[0]!;
  anna = await server.connectAs(people.anna);
  erik = await server.connectAs(people.erik);
  per = await server.connectAs(people.per);
  eva = await server.connectAs(people.eva);
  watchers = [sec, admin, anna, erik, per, eva];
  for (const c of watchers) {
    ids.set(c, await personId(c));
    watchFrom.set(c, c.messages.length);
    head = (await subscribeStream(c, ROUND, "main", 0)).head_seq;
  }
});
afterAll(cleanupAll);

function id(c: WsClient): number {
  return ids.get(c)!;
}

function watched(c: WsClient): EventMsg[] {
  return streamEvents(c, ROUND, "main", watchFrom.get(c)!);
}

/** Posts in ROUND's thread as c; returns the post_created event as the watchers got it. */
async function post(
  c: WsClient,
  body: string,
  replyTo: number | null = null,
): Promise<EventMsg> {
  const r = await c.ok<{ seq: number }>("create_post", {
    round_id: ROUND,
    thread_id: thread,
    reply_to: replyTo,
    body,
  });
  head = r.seq;
  await anna.waitForSeq(ROUND, r.seq);
  return watched(anna).find((e) => e.seq === r.seq)!;
}

/** Folds a main stream and lists each post whose proposal_version is not the version in force. */
function versionMismatches(events: EventMsg[], start = 1): string[] {
  let current = start;
  const out: string[] = [];
  for (const e of events) {
    if (e.kind === "proposal_revised") {
      if (e.data.version !== current + 1)
        out.push(
          `proposal_revised seq ${e.seq}: version ${e.data.version}, expected ${current + 1}`,
        );
      current = e.data.version as number;
    } else if (
      e.kind === "post_created" &&
      (e.data.proposal_version ?? 1) !== current
    ) {
      out.push(
        `post seq ${e.seq}: proposal_version ${e.data.proposal_version}, expected ${current}`,
      );
    }
  }
  return out;
}

describe("revise_proposal", () => {
  test("posts before any revision carry proposal_version 1, after the body", async () => {
    const e = await post(anna, "Om version 1.");
    expect(Object.keys(e.data)).toEqual([
      "post_id",
      "thread_id",
      "reply_to",
      "body",
      "proposal_version",
    ]);
    expect(e.data.proposal_version).toBe(1);
  });

  test("{round_id, seq}; proposal_revised {version: 2, proposal} reaches every subscriber live, the reviser as actor; posts and replies after it carry 2", async () => {
    const before = await post(erik, "Också om version 1.");
    const r = await sec.request("revise_proposal", {
      round_id: ROUND,
      proposal: "## Version 2\n\nSkärpt.",
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
    version = 2;
    for (const c of watchers) {
      await c.waitForSeq(ROUND, head);
      const got = watched(c).filter((e) => e.seq === head);
      expect(got.length, `person ${id(c)}`).toBe(1);
      expect(got[0]).toMatchObject({
        kind: "proposal_revised",
        actor: { id: id(sec) },
      });
      expect(got[0]!.data).toEqual({
        version: 2,
        proposal: "## Version 2\n\nSkärpt.",
      });
      expect(Object.keys(got[0]!.data)).toEqual(["version", "proposal"]);
    }
    expect((await post(per, "Om version 2.")).data.proposal_version).toBe(2);
    expect(
      (
        await post(
          anna,
          "Svar på ett inlägg om version 1.",
          before.data.post_id as number,
        )
      ).data.proposal_version,
    ).toBe(2);
  });

  test("each revision adds one (by an admin too; an empty proposal and one of 200,000 bytes allowed); over 200,000 bytes too_large, missing or null bad_request, nothing appended", async () => {
    for (const [c, text] of [
      [admin, "Version 3."],
      [sec, ""],
      [sec, "x".repeat(200_000)],
    ] as const) {
      const r = await c.ok<{ seq: number }>("revise_proposal", {
        round_id: ROUND,
        proposal: text,
      });
      head += 1;
      version += 1;
      expect(r.seq).toBe(head);
      const e = (await anna.waitForSeq(ROUND, head)) as EventMsg;
      expect(e).toMatchObject({
        kind: "proposal_revised",
        actor: { id: id(c) },
        data: { version },
      });
      expect((e.data.proposal as string).length).toBe(text.length);
      expect(
        (await post(erik, `Om version ${version}.`)).data.proposal_version,
      ).toBe(version);
    }
    expect(version).toBe(5);
    const problems: string[] = [];
    await expectRefused(
      problems,
      "200,001 bytes",
      sec,
      "revise_proposal",
      { round_id: ROUND, proposal: "x".repeat(200_001) },
      "too_large",
    );
    await expectRefused(
      problems,
      "missing",
      sec,
      "revise_proposal",
      { round_id: ROUND },
      "bad_request",
    );
    await expectRefused(
      problems,
      "null",
      sec,
      "revise_proposal",
      { round_id: ROUND, proposal: null },
      "bad_request",
    );
    await expectRefused(
      problems,
      "a number",
      sec,
      "revise_proposal",
      { round_id: ROUND, proposal: 2 },
      "bad_request",
    );
    await expectRefused(
      problems,
      "unknown field",
      sec,
      "revise_proposal",
      { round_id: ROUND, proposal: "V", version: 9 },
      "unknown_field",
    );
    expect(problems).toEqual([]);
    expect(await headSeq(sec, ROUND)).toBe(head);
  });

  test("who may revise: representatives and observers who see the round forbidden, others not_found; closed, decided and past-closing-time rounds invalid_state; nothing appended", async () => {
    const problems: string[] = [];
    const revise = (round: number) => ({
      round_id: round,
      proposal: "Obehörig version.",
    });
    for (const c of [anna, erik, per, eva])
      await expectRefused(
        problems,
        `person ${id(c)}`,
        c,
        "revise_proposal",
        revise(ROUND),
        "forbidden",
      );
    for (const email of [people.maria, people.lars]) {
      await expectRefused(
        problems,
        email,
        await server.connectAs(email),
        "revise_proposal",
        revise(ROUND),
        "not_found",
      );
    }
    await expectRefused(
      problems,
      "no such round",
      sec,
      "revise_proposal",
      revise(987_654),
      "not_found",
    );
    expect(problems).toEqual([]);
    expect(await headSeq(sec, ROUND)).toBe(head);

    const invited = [orgs.get("Malmö stad")!.id];
    const { round } = await createOpenRound(sec, { invited });
    await sec.ok("revise_proposal", revise(round));
    await sec.ok("change_phase", { round_id: round, phase: "closed" });
    for (const phase of ["closed", "decided"]) {
      if (phase === "decided") {
        await writeOutcome(sec, round);
        await sec.ok("change_phase", { round_id: round, phase: "decided" });
      }
      const h = await headSeq(sec, round);
      for (const c of [sec, admin])
        await expectRefused(
          problems,
          `${phase}, person ${id(c)}`,
          c,
          "revise_proposal",
          revise(round),
          "invalid_state",
        );
      await expectRefused(
        problems,
        `${phase}, Anna`,
        anna,
        "revise_proposal",
        revise(round),
        "forbidden",
      );
      expect(await headSeq(sec, round)).toBe(h);
    }
    const closing = (
      await createOpenRound(sec, { invited, closes_at: isoIn(1_000) })
    ).round;
    await sleep(1_050);
    await expectRefused(
      problems,
      "past its closing time",
      sec,
      "revise_proposal",
      revise(closing),
      "invalid_state",
    );
    expect(problems).toEqual([]);
  });

  test("a draft may be revised: round_created keeps version 1's text; once open, posts carry the draft's version", async () => {
    const { round_id } = await createRound(sec, {
      proposal: "Utkast 1.",
      invited: [orgs.get("Malmö stad")!.id],
      agenda: ["Fråga"],
    });
    expect(
      await sec.ok("revise_proposal", { round_id, proposal: "Utkast 2." }),
    ).toEqual({ round_id, seq: 3 });
    await sec.ok("change_phase", { round_id, phase: "open" });
    const a = await server.connectAs(people.anna);
    const { replay } = await subscribeStream(a, round_id, "main", 0);
    expect(replay.map((e) => e.kind)).toEqual([
      "round_created",
      "thread_created",
      "proposal_revised",
      "phase_changed",
    ]);
    expect(replay[0]!.data.proposal).toBe("Utkast 1.");
    expect(replay[2]!.data).toEqual({ version: 2, proposal: "Utkast 2." });
    const t = replay[1]!.data.thread_id as number;
    const p = await a.ok<{ seq: number }>("create_post", {
      round_id,
      thread_id: t,
      body: "Om utkast 2.",
    });
    const e = (await a.waitForSeq(round_id, p.seq)) as EventMsg;
    expect(e.data.proposal_version).toBe(2);
    await a.close();
  });

  test("preparation posts carry the version too", async () => {
    const prep = await anna.ok<{ thread_id: number }>("create_thread", {
      round_id: ROUND,
      stream: "municipal_preparation",
      title: "Förberedelse",
    });
    const erikFrom = erik.messages.length;
    await erik.ok("subscribe", {
      round_id: ROUND,
      stream: "municipal_preparation",
      since: 1,
    });
    const p = await anna.ok<{ seq: number; stream: string }>("create_post", {
      round_id: ROUND,
      thread_id: prep.thread_id,
      body: "Om gällande version.",
    });
    expect(p).toMatchObject({ seq: 2, stream: "municipal_preparation" });
    const e = await waitForStreamSeq(
      erik,
      ROUND,
      "municipal_preparation",
      2,
      10_000,
      erikFrom,
    );
    expect(e.data).toMatchObject({
      thread_id: prep.thread_id,
      proposal_version: version,
    });
    expect(await headSeq(sec, ROUND)).toBe(head);
  });

  test("race: posts racing revisions: every post carries the version in force at its place in the stream (30 rounds)", async () => {
    const N = 30;
    const problems: string[] = [];
    for (let i = 0; i < N; i++) {
      const sent: Array<Promise<Answer>> = [];
      const p = (c: WsClient, k: number) =>
        c.request("create_post", {
          round_id: ROUND,
          thread_id: thread,
          body: `Lopp ${i}.${k}`,
        });
      sent.push(p(anna, 0), p(erik, 1));
      const revision = (i % 2 === 0 ? sec : admin).request("revise_proposal", {
        round_id: ROUND,
        proposal: `Version i lopp ${i}.`,
      });
      sent.push(p(per, 2), p(anna, 3));
      const r = await revision;
      if (r.type !== "result") {
        problems.push(`round ${i}: revision ${JSON.stringify(r)}`);
        break;
      }
      version += 1;
      for (const a of await Promise.all(sent))
        if (a.type !== "result") problems.push(`round ${i}: post ${codeOf(a)}`);
    }
    head = await headSeq(sec, ROUND);
    for (const c of watchers) {
      await c.waitForSeq(ROUND, head);
      const events = watched(c);
      expect(
        events.map((e) => e.seq),
        `person ${id(c)}`,
      ).toEqual(Array.from({ length: head }, (_, k) => k + 1));
      problems.push(
        ...versionMismatches(events).map((m) => `person ${id(c)}: ${m}`),
      );
    }
    expect(
      watched(anna)
        .filter((e) => e.kind === "proposal_revised")
        .at(-1)?.data.version,
    ).toBe(version);
    expect(problems).toEqual([]);
  });

  test("a late subscriber replays every version and every post's version exactly as they were sent live", async () => {
    const late = await server.connectAs(people.per);
    const { replay } = await subscribeStream(late, ROUND, "main", 0);
    expect(replay).toEqual(watched(anna));
    expect(versionMismatches(replay)).toEqual([]);
    await late.close();
  });

  test("after a restart the versions carry on from the stored one", async () => {
    expect((await server.stop()).code).toBe(0);
    await server.restart();
    const s = await server.connectAs(people.secretariat);
    const a = await server.connectAs(people.anna);
    const r = await s.ok<{ seq: number }>("revise_proposal", {
      round_id: ROUND,
      proposal: "Efter omstarten.",
    });
    expect(r.seq).toBe(head + 1);
    const p = await a.ok<{ seq: number }>("create_post", {
      round_id: ROUND,
      thread_id: thread,
      body: "Efter omstarten.",
    });
    const { replay } = await subscribeStream(a, ROUND, "main", head);
    expect(
      replay.map((e) => [
        e.seq,
        e.kind,
        e.kind === "proposal_revised"
          ? e.data.version
          : e.data.proposal_version,
      ]),
    ).toEqual([
      [r.seq, "proposal_revised", version + 1],
      [p.seq, "post_created", version + 1],
    ]);
  });
});

describe("the demo data", () => {
  test("round 4 replays version 1 in round_created, proposal_revised version 2, earlier posts on version 1 and Maria's post on version 2", async () => {
    const c = await server.connectAs(people.maria);
    const { replay } = await subscribeStream(c, 4, "main", 0);
    expect(replay[0]!.kind).toBe("round_created");
    expect(replay[0]!.data.title).toBe(
      "Tillitsbaserad styrning av äldreomsorgen",
    );
    const v1 = replay[0]!.data.proposal as string;
    const revised = replay.filter((e) => e.kind === "proposal_revised");
    expect(revised.map((e) => [e.data.version, e.actor?.role])).toEqual([
      [2, "secretariat"],
    ]);
    const v2 = revised[0]!.data.proposal as string;
    expect(v2).not.toBe(v1);
    expect(v2).toContain("reviderat");
    expect(v1).not.toContain("reviderat");
    const posts = replay.filter((e) => e.kind === "post_created");
    const after = posts.filter((e) => e.seq > revised[0]!.seq);
    expect(after.map((e) => [e.actor?.name, e.data.proposal_version])).toEqual([
      ["Maria Berg", 2],
    ]);
    const beforeRevision = posts.filter((e) => e.seq < revised[0]!.seq);
    expect(beforeRevision.length).toBeGreaterThanOrEqual(3);
    for (const e of beforeRevision)
      expect(e.data.proposal_version ?? 1, `post seq ${e.seq}`).toBe(1);
    expect(versionMismatches(replay)).toEqual([]);
    // Round 1 was never revised: every post is on version 1.
    const { replay: r1 } = await subscribeStream(c, 1, "main", 0);
    expect(r1.filter((e) => e.kind === "proposal_revised")).toEqual([]);
    expect(versionMismatches(r1)).toEqual([]);
    await c.close();
  });

  test("rounds 4 (closed, plenary, social care) and 5 (decided, bilateral, school) are listed with their phases to the invited, and to nobody else but the secretariat and admins", async () => {
    const r4 = {
      id: 4,
      title: "Tillitsbaserad styrning av äldreomsorgen",
      phase: "closed",
      kind: "plenary",
      sectors: ["social_care"],
    };
    const r5 = {
      id: 5,
      title: "Samordnad uppföljning av statsbidrag till skolan",
      phase: "decided",
      kind: "bilateral",
      sectors: ["school"],
    };
    // Round 4 invites Socialdepartementet, Finansdepartementet, SKR, Malmö, Kiruna, Region Skåne;
    // round 5 Utbildningsdepartementet, SKR, Malmö, Kiruna.
    const cases: Array<[string, boolean, boolean]> = [
      [people.anna, true, true],
      [people.erik, true, true],
      [people.lena, true, true],
      [people.maria, true, false],
      [people.per, true, false],
      [people.ida, true, false],
      [people.eva, true, false],
      [people.johan, false, false],
      [people.lars, false, false],
      [people.secretariat, true, true],
      [people.admin, true, true],
    ];
    const problems: string[] = [];
    for (const [email, sees4, sees5] of cases) {
      const c = await server.connectAs(email);
      const rounds = await listRounds(c);
      for (const [expected, sees] of [
        [r4, sees4],
        [r5, sees5],
      ] as const) {
        const got = rounds.find((r) => r.id === expected.id);
        if (!sees) {
          if (got) problems.push(`${email} sees round ${expected.id}`);
          const a = await c.request("subscribe", {
            round_id: expected.id,
            since: 0,
          });
          if (codeOf(a) !== "not_found")
            problems.push(`${email} subscribe ${expected.id} → ${codeOf(a)}`);
          continue;
        }
        if (!got) {
          problems.push(`${email} does not see round ${expected.id}`);
          continue;
        }
        const shown = {
          id: got.id,
          title: got.title,
          phase: got.phase,
          kind: got.kind,
          sectors: got.sectors,
        };
        if (JSON.stringify(shown) !== JSON.stringify(expected))
          problems.push(
            `${email}: ${JSON.stringify(shown)}, expected ${JSON.stringify(expected)}`,
          );
        const h = await c.ok<{ head_seq: number }>("subscribe", {
          round_id: expected.id,
          since: got.head_seq,
        });
        if (h.head_seq !== got.head_seq)
          problems.push(
            `${email}: round ${expected.id} head_seq ${h.head_seq}, listed ${got.head_seq}`,
          );
      }
      // The draft round 3 for the secretariat, admins and the organisations it invites
      // (Utbildningsdepartementet, Skolverket, SKR, Malmö stad, Kiruna kommun).
      const r3 = rounds.find((r) => r.id === 3);
      const sees3 = (
        [
          people.secretariat,
          people.admin,
          people.lars,
          people.lena,
          people.anna,
          people.erik,
        ] as string[]
      ).includes(email);
      if (sees3 ? r3?.phase !== "draft" : r3 !== undefined)
        problems.push(`${email}: round 3 ${JSON.stringify(r3)}`);
      await c.close();
    }
    expect(problems).toEqual([]);
    // Round 5's last events: closed, then decided.
    const a = await server.connectAs(people.anna);
    const { replay } = await subscribeStream(a, 5, "main", 0);
    expect(
      replay.filter((e) => e.kind === "phase_changed").map((e) => e.data.phase),
    ).toEqual(["closed", "decided"]);
    expect(replay[0]!.data.kind).toBe("bilateral");
  });
});
