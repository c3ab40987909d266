// Moderation and edits over the wire (issue 7, protocol/README.md "Moderation and edits"): an
// author edits their own post while the round is open and every subscriber gets post_edited
// live; anyone who may see a post reads its versions (post_history). The secretariat hides a
// post with a reason: post_hidden reaches everyone live without the text, and from then on no
// replay carries the text to anyone (body "" and withheld: true); only the author and the
// secretariat read a hidden post's history. unhide_post brings the text back. Reports go to the
// round's moderation stream, which only the secretariat and admins may subscribe to; hiding a
// post settles its open reports. Malformed requests change nothing. A race of an edit against a
// hide, run many times, always ends with no text in any replay or live view.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  anEpoch,
  cleanupAll,
  people,
  startServer,
  type EventMsg,
  type Organisation,
  type SamradServer,
  type WsClient,
} from "./support/server";
import {
  codeOf,
  createOpenRound,
  headSeq,
  organisationsByName,
} from "./support/rounds";
import {
  expectRefused,
  personId,
  streamEvents,
  streamOf,
  subscribeStream,
} from "./support/agenda";

let server: SamradServer;
let orgs: Map<string, Organisation>;
let sec: WsClient; // Sara Ekström, secretariat
let admin: WsClient;
let anna: WsClient; // Malmö stad, representative: the author
let erik: WsClient; // Kiruna kommun, representative
let per: WsClient; // Finansdepartementet, representative
let eva: WsClient; // Finansdepartementet, observer
let maria: WsClient; // Region Skåne: not invited to ROUND
// Everyone subscribed to ROUND's main stream from the start.
let watchers: WsClient[];
// Every text frame each connection received, as sent: the scan for leaked text reads these.
const raw = new Map<WsClient, string[]>();

let ROUND: number; // open; invites Malmö stad, Kiruna kommun, Finansdepartementet
let THREAD: number;
let RACE_THREAD: number;

async function connect(email: string): Promise<WsClient> {
  const c = await server.connectAs(email);
  const frames: string[] = [];
  raw.set(c, frames);
  c.ws.on("message", (data, isBinary) => {
    if (!isBinary) frames.push(data.toString());
  });
  return c;
}

async function post(
  c: WsClient,
  body: string,
  thread = THREAD,
): Promise<number> {
  return (
    await c.ok<{ post_id: number }>("create_post", {
      round_id: ROUND,
      thread_id: thread,
      body,
    })
  ).post_id;
}

/** Waits until c has an event of ROUND's main stream of that kind about the post. */
async function waitForPostEvent(
  c: WsClient,
  kind: string,
  post: number,
  from = 0,
): Promise<EventMsg> {
  return (await c.waitFor(
    (m) =>
      m.type === "event" &&
      (m as EventMsg).round_id === ROUND &&
      streamOf(m) === "main" &&
      (m as EventMsg).kind === kind &&
      (m as EventMsg).data.post_id === post &&
      c.messages.indexOf(m) >= from,
    10_000,
    `${kind} of post ${post}`,
  )) as EventMsg;
}

function eventsAbout(events: EventMsg[], post: number): EventMsg[] {
  return events.filter((e) => e.data.post_id === post);
}

/** A unique text, so that a scan of raw frames finds exactly it. */
let unique = 0;
function secret(label: string): string {
  unique += 1;
  return `${label}-${Date.now().toString(36)}-${unique} om handläggaren Karin Berg`;
}

beforeAll(async () => {
  server = await startServer();
  sec = await connect(people.secretariat);
  admin = await connect(people.admin);
  orgs = await organisationsByName(sec);
  const invited = ["Malmö stad", "Kiruna kommun", "Finansdepartementet"].map(
    (n) => orgs.get(n)!.id,
  );
  const r = await createOpenRound(sec, {
    title: "Moderering",
    invited,
    agenda: ["Frågan", "Kapplöpningen"],
  });
  ROUND = r.round;
  [THREAD, RACE_THREAD] = r.threads as [number, number];
  anna = await connect(people.anna);
  erik = await connect(people.erik);
  per = await connect(people.per);
  eva = await connect(people.eva);
  maria = await connect(people.maria);
  watchers = [sec, admin, anna, erik, per, eva];
  for (const c of watchers) await subscribeStream(c, ROUND, "main", 0);
});
afterAll(cleanupAll);

describe("edits", () => {
  test("the author edits their post, every subscriber gets post_edited live, and a reader sees every version", async () => {
    const id = await post(anna, "Malmö stad har tre sådana projekt.");
    const edited = await anna.ok<Record<string, unknown>>("edit_post", {
      round_id: ROUND,
      post_id: id,
      body: "Malmö stad har fyra sådana projekt.",
    });
    expect(Object.keys(edited)).toEqual(["round_id", "seq"]); // the main stream is not named
    for (const c of watchers) {
      const e = await waitForPostEvent(c, "post_edited", id);
      expect(e.seq).toBe(edited.seq);
      expect(e.data).toEqual({
        post_id: id,
        thread_id: THREAD,
        version: 2,
        body: "Malmö stad har fyra sådana projekt.",
      });
      expect((e.actor as { id: number }).id).toBe(await personId(anna));
    }
    const third = await anna.ok<{ seq: number }>("edit_post", {
      round_id: ROUND,
      post_id: id,
      body: "Malmö stad har fyra projekt, alla inom förskolan.",
    });
    const thirdEvent = (await erik.waitForSeq(ROUND, third.seq)) as EventMsg;
    expect(thirdEvent.data).toMatchObject({ post_id: id, version: 3 });

    const history = await erik.ok<{
      round_id: number;
      post_id: number;
      thread_id: number;
      hidden: unknown;
      versions: Array<{ version: number; body: string; at: string }>;
    }>("post_history", { round_id: ROUND, post_id: id });
    expect(Object.keys(history)).toEqual([
      "round_id",
      "post_id",
      "thread_id",
      "hidden",
      "versions",
    ]);
    expect(history).toMatchObject({
      round_id: ROUND,
      post_id: id,
      thread_id: THREAD,
      hidden: null,
    });
    expect(history.versions.map((v) => [v.version, v.body])).toEqual([
      [1, "Malmö stad har tre sådana projekt."],
      [2, "Malmö stad har fyra sådana projekt."],
      [3, "Malmö stad har fyra projekt, alla inom förskolan."],
    ]);
    for (const v of history.versions)
      expect(v.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // An observer reads the history too; someone outside the round is told nothing.
    expect(
      (
        await eva.ok<{ versions: unknown[] }>("post_history", {
          round_id: ROUND,
          post_id: id,
        })
      ).versions,
    ).toHaveLength(3);
    expect(
      (await maria.fails("post_history", { round_id: ROUND, post_id: id }))
        .code,
    ).toBe("not_found");
    // The same text again is no edit.
    expect(
      (
        await anna.fails("edit_post", {
          round_id: ROUND,
          post_id: id,
          body: "Malmö stad har fyra projekt, alla inom förskolan.",
        })
      ).code,
    ).toBe("bad_request");
  });

  test("only the author edits: others are forbidden, outsiders get not_found, nothing is appended", async () => {
    const id = await post(anna, "Annas text.");
    const before = await headSeq(sec, ROUND);
    const problems: string[] = [];
    for (const [who, c] of [
      ["Erik", erik],
      ["Per", per],
      ["the secretariat", sec],
      ["an admin", admin],
      ["an observer", eva],
    ] as const) {
      await expectRefused(
        problems,
        who,
        c,
        "edit_post",
        { round_id: ROUND, post_id: id, body: "Ändrat av någon annan." },
        "forbidden",
      );
    }
    await expectRefused(
      problems,
      "Maria (not invited)",
      maria,
      "edit_post",
      { round_id: ROUND, post_id: id, body: "X" },
      "not_found",
    );
    await expectRefused(
      problems,
      "a post that does not exist",
      anna,
      "edit_post",
      { round_id: ROUND, post_id: 9_000_000, body: "X" },
      "not_found",
    );
    expect(problems).toEqual([]);
    expect(await headSeq(sec, ROUND)).toBe(before);
  });

  test("edits are refused once the round is closed", async () => {
    const invited = [orgs.get("Malmö stad")!.id];
    const r = await createOpenRound(sec, { title: "Stängs snart", invited });
    const id = (
      await anna.ok<{ post_id: number }>("create_post", {
        round_id: r.round,
        thread_id: r.threads[0],
        body: "Före stängning.",
      })
    ).post_id;
    await sec.ok("change_phase", { round_id: r.round, phase: "closed" });
    const error = await anna.fails("edit_post", {
      round_id: r.round,
      post_id: id,
      body: "Efter stängning.",
    });
    expect(error.code).toBe("invalid_state");
    const history = await anna.ok<{ versions: unknown[] }>("post_history", {
      round_id: r.round,
      post_id: id,
    });
    expect(history.versions).toHaveLength(1);
  });
});

describe("hiding", () => {
  let hiddenPost: number;
  let v1: string;
  let v2: string;
  const reason = "Innehåller personuppgifter om en enskild handläggare";
  // Where each connection's raw frames stood when the hide was asked for.
  const rawFrom = new Map<WsClient, number>();

  test("the secretariat hides a post: every subscriber, the author included, gets post_hidden live without the text", async () => {
    v1 = secret("FÖRSTA");
    v2 = secret("ANDRA");
    hiddenPost = await post(anna, v1);
    await anna.ok("edit_post", {
      round_id: ROUND,
      post_id: hiddenPost,
      body: v2,
    });
    for (const c of watchers)
      await waitForPostEvent(c, "post_edited", hiddenPost);
    for (const c of [...watchers, maria]) rawFrom.set(c, raw.get(c)!.length);

    const hidden = await sec.ok<Record<string, unknown>>("hide_post", {
      round_id: ROUND,
      post_id: hiddenPost,
      reason,
    });
    expect(Object.keys(hidden)).toEqual(["round_id", "seq"]);
    for (const c of watchers) {
      const e = await waitForPostEvent(c, "post_hidden", hiddenPost);
      expect(e.seq).toBe(hidden.seq);
      expect(e.data).toEqual({
        post_id: hiddenPost,
        thread_id: THREAD,
        reason,
      });
    }
    // Hiding twice, and editing a hidden post, are refused.
    expect(
      (
        await sec.fails("hide_post", {
          round_id: ROUND,
          post_id: hiddenPost,
          reason,
        })
      ).code,
    ).toBe("invalid_state");
    expect(
      (
        await anna.fails("edit_post", {
          round_id: ROUND,
          post_id: hiddenPost,
          body: "Ny text.",
        })
      ).code,
    ).toBe("invalid_state");
    // Representatives and observers may not hide.
    const other = await post(erik, "Eriks inlägg.");
    for (const c of [anna, per, eva]) {
      expect(
        (
          await c.fails("hide_post", {
            round_id: ROUND,
            post_id: other,
            reason: "Nej",
          })
        ).code,
      ).toBe("forbidden");
    }
  });

  test("a fresh replay by anyone withholds the hidden text, and no non-secretariat frame after the hide carries it", async () => {
    const fresh: Array<[string, WsClient]> = [];
    for (const [who, email] of [
      ["representative", people.erik],
      ["observer", people.eva],
      ["author", people.anna],
      ["state representative", people.per],
      ["secretariat", people.secretariat],
      ["admin", people.admin],
    ] as const) {
      const c = await connect(email);
      rawFrom.set(c, 0);
      fresh.push([who, c]);
    }
    for (const [who, c] of fresh) {
      const { replay } = await subscribeStream(c, ROUND, "main", 0);
      const about = eventsAbout(replay, hiddenPost);
      expect(
        about.map((e) => e.kind),
        who,
      ).toEqual(["post_created", "post_edited", "post_hidden"]);
      for (const e of about.slice(0, 2)) {
        expect(e.data.body, who).toBe("");
        expect(e.data.withheld, who).toBe(true);
      }
      expect(about[2]!.data).toEqual({
        post_id: hiddenPost,
        thread_id: THREAD,
        reason,
      });
      // Posts that are not hidden replay with their text and no withheld key.
      for (const e of replay.filter(
        (x) => x.kind === "post_created" && x.data.post_id !== hiddenPost,
      )) {
        expect(e.data.withheld, who).toBeUndefined();
        expect(e.data.body, who).not.toBe("");
      }
    }
    // The scan: after the hide, no frame to anyone but the secretariat and admins carries either
    // version of the text (the secretariat's frames do not either: replay withholds for all).
    // The frames scanned are the real ones: each live subscriber's include its post_hidden.
    for (const c of watchers) {
      expect(
        raw
          .get(c)!
          .slice(rawFrom.get(c))
          .some(
            (f) =>
              f.includes('"kind":"post_hidden"') &&
              f.includes(`"post_id":${hiddenPost}`),
          ),
      ).toBe(true);
    }
    const leaks: string[] = [];
    for (const c of [...raw.keys()]) {
      const from = rawFrom.get(c);
      if (from === undefined) continue;
      for (const frame of raw.get(c)!.slice(from)) {
        if (frame.includes(v1) || frame.includes(v2))
          leaks.push(frame.slice(0, 200));
      }
    }
    expect(leaks).toEqual([]);
  });

  test("a hidden post's history: forbidden for others, all versions for its author and the secretariat", async () => {
    for (const c of [erik, per, eva]) {
      expect(
        (
          await c.fails("post_history", {
            round_id: ROUND,
            post_id: hiddenPost,
          })
        ).code,
      ).toBe("forbidden");
    }
    expect(
      (
        await maria.fails("post_history", {
          round_id: ROUND,
          post_id: hiddenPost,
        })
      ).code,
    ).toBe("not_found");
    for (const email of [people.anna, people.secretariat, people.admin]) {
      const c = await server.connectAs(email); // not scanned: this answer is meant to carry the text
      const history = await c.ok<{
        hidden: { reason: string; at: string } | null;
        versions: Array<{ version: number; body: string }>;
      }>("post_history", { round_id: ROUND, post_id: hiddenPost });
      expect(history.hidden?.reason).toBe(reason);
      expect(history.hidden?.at).toMatch(/Z$/);
      expect(history.versions.map((v) => [v.version, v.body])).toEqual([
        [1, v1],
        [2, v2],
      ]);
    }
  });

  test("unhide_post brings the current text back live, and replay shows it again", async () => {
    for (const c of [anna, erik, eva]) {
      expect(
        (await c.fails("unhide_post", { round_id: ROUND, post_id: hiddenPost }))
          .code,
      ).toBe("forbidden");
    }
    const shown = await sec.ok<Record<string, unknown>>("unhide_post", {
      round_id: ROUND,
      post_id: hiddenPost,
    });
    expect(Object.keys(shown)).toEqual(["round_id", "seq"]);
    for (const c of watchers) {
      const e = await waitForPostEvent(c, "post_unhidden", hiddenPost);
      expect(e.data).toEqual({
        post_id: hiddenPost,
        thread_id: THREAD,
        version: 2,
        body: v2,
      });
    }
    expect(
      (await sec.fails("unhide_post", { round_id: ROUND, post_id: hiddenPost }))
        .code,
    ).toBe("invalid_state");
    const c = await server.connectAs(people.eva);
    const about = eventsAbout(
      (await subscribeStream(c, ROUND, "main", 0)).replay,
      hiddenPost,
    );
    expect(about.map((e) => [e.kind, e.data.body, e.data.withheld])).toEqual([
      ["post_created", v1, undefined],
      ["post_edited", v2, undefined],
      ["post_hidden", undefined, undefined],
      ["post_unhidden", v2, undefined],
    ]);
    const history = await erik.ok<{ hidden: unknown; versions: unknown[] }>(
      "post_history",
      { round_id: ROUND, post_id: hiddenPost },
    );
    expect(history.hidden).toBeNull();
    expect(history.versions).toHaveLength(2);
  });
});

describe("reports", () => {
  let secFrom: number;

  test("only the secretariat and admins may subscribe to the moderation stream", async () => {
    for (const c of [anna, erik, per, eva, maria]) {
      const error = await c.fails("subscribe", {
        round_id: ROUND,
        stream: "moderation",
        since: 0,
      });
      expect(error.code).toBe("not_found");
    }
    secFrom = sec.messages.length;
    const subscribed = await sec.ok<Record<string, unknown>>("subscribe", {
      round_id: ROUND,
      stream: "moderation",
      since: 0,
    });
    expect(subscribed).toEqual({
      round_id: ROUND,
      stream: "moderation",
      head_seq: 0,
      epoch: anEpoch,
    });
    await subscribeStream(admin, ROUND, "moderation", 0);
  });

  test("a report reaches the secretariat live; the reporter learns only its id", async () => {
    const target = await post(anna, "Ett inlägg som någon anmäler.");
    const answer = await erik.request("report_post", {
      round_id: ROUND,
      post_id: target,
      reason: "Osakligt om en enskild person.",
    });
    expect(answer.type).toBe("result");
    const result = (answer as { result: Record<string, unknown> }).result;
    expect(Object.keys(result)).toEqual(["round_id", "report_id"]); // no seq, no stream
    expect(result.round_id).toBe(ROUND);
    for (const c of [sec, admin]) {
      const e = (await c.waitFor(
        (m) =>
          m.type === "event" &&
          streamOf(m) === "moderation" &&
          (m as EventMsg).kind === "post_reported" &&
          (m as EventMsg).data.report_id === result.report_id,
        10_000,
        "post_reported",
      )) as EventMsg;
      expect(e.round_id).toBe(ROUND);
      expect(e.data).toEqual({
        report_id: result.report_id,
        post_id: target,
        thread_id: THREAD,
        reason: "Osakligt om en enskild person.",
      });
      expect((e.actor as { id: number }).id).toBe(await personId(erik));
    }
    // Nobody else got anything of the moderation stream.
    for (const c of [anna, erik, per, eva, maria]) {
      expect(
        c.messages.some(
          (m) => (m as { stream?: string }).stream === "moderation",
        ),
      ).toBe(false);
    }
    // Twice by the same person: conflict; an observer and the secretariat may report too.
    expect(
      (
        await erik.fails("report_post", {
          round_id: ROUND,
          post_id: target,
          reason: "Igen.",
        })
      ).code,
    ).toBe("conflict");
    await eva.ok("report_post", {
      round_id: ROUND,
      post_id: target,
      reason: "Observatören håller med.",
    });
    // One's own post, and a preparation post, are invalid_state; another side's preparation is not_found.
    expect(
      (
        await anna.fails("report_post", {
          round_id: ROUND,
          post_id: target,
          reason: "Mitt eget.",
        })
      ).code,
    ).toBe("invalid_state");
    const prep = await erik.ok<{ thread_id: number }>("create_thread", {
      round_id: ROUND,
      stream: "municipal_preparation",
      title: "Kommunernas förberedelse",
    });
    const prepPost = (
      await erik.ok<{ post_id: number }>("create_post", {
        round_id: ROUND,
        thread_id: prep.thread_id,
        body: "Bara för kommunsidan.",
      })
    ).post_id;
    expect(
      (
        await anna.fails("report_post", {
          round_id: ROUND,
          post_id: prepPost,
          reason: "Förberedelse.",
        })
      ).code,
    ).toBe("invalid_state");
    expect(
      (
        await per.fails("report_post", {
          round_id: ROUND,
          post_id: prepPost,
          reason: "Förberedelse.",
        })
      ).code,
    ).toBe("not_found");
    expect(
      (
        await sec.fails("hide_post", {
          round_id: ROUND,
          post_id: prepPost,
          reason: "Förberedelse.",
        })
      ).code,
    ).toBe("not_found");
    // The author may edit a preparation post: the event is in that stream.
    const edited = await erik.ok<Record<string, unknown>>("edit_post", {
      round_id: ROUND,
      post_id: prepPost,
      body: "Bara för kommunsidan, rättat.",
    });
    expect(Object.keys(edited)).toEqual(["round_id", "stream", "seq"]);
    expect(edited.stream).toBe("municipal_preparation");
  });

  test("hiding a post settles its open reports; a settled report cannot be dismissed", async () => {
    const target = await post(anna, "Ett inlägg med två anmälningar.");
    const r1 = await erik.ok<{ report_id: number }>("report_post", {
      round_id: ROUND,
      post_id: target,
      reason: "Första anmälan.",
    });
    const r2 = await per.ok<{ report_id: number }>("report_post", {
      round_id: ROUND,
      post_id: target,
      reason: "Andra anmälan.",
    });
    const from = sec.messages.length;
    await sec.ok("hide_post", {
      round_id: ROUND,
      post_id: target,
      reason: "Personuppgifter",
    });
    const resolved = (await sec.waitFor(
      (m) =>
        m.type === "event" &&
        streamOf(m) === "moderation" &&
        (m as EventMsg).kind === "reports_resolved" &&
        sec.messages.indexOf(m) >= from,
      10_000,
      "reports_resolved",
    )) as EventMsg;
    expect(resolved.data).toEqual({
      report_ids: [r1.report_id, r2.report_id],
      outcome: "hidden",
      note: "Personuppgifter",
    });
    expect(
      (
        await sec.fails("dismiss_report", {
          round_id: ROUND,
          report_id: r1.report_id,
        })
      ).code,
    ).toBe("invalid_state");
    // A hidden post is not reported again.
    expect(
      (
        await eva.fails("report_post", {
          round_id: ROUND,
          post_id: target,
          reason: "Sent.",
        })
      ).code,
    ).toBe("invalid_state");
  });

  test("the secretariat dismisses a report with or without a note; others may not", async () => {
    const target = await post(anna, "Ett sakligt inlägg.");
    const report = await erik.ok<{ report_id: number }>("report_post", {
      round_id: ROUND,
      post_id: target,
      reason: "Fel i sak.",
    });
    for (const c of [anna, erik, per, eva]) {
      expect(
        (
          await c.fails("dismiss_report", {
            round_id: ROUND,
            report_id: report.report_id,
          })
        ).code,
      ).toBe("forbidden");
    }
    expect(
      (
        await sec.fails("dismiss_report", {
          round_id: ROUND,
          report_id: 9_000_000,
        })
      ).code,
    ).toBe("not_found");
    const from = sec.messages.length;
    const dismissed = await sec.ok<Record<string, unknown>>("dismiss_report", {
      round_id: ROUND,
      report_id: report.report_id,
      note: "Inlägget håller sig till sakfrågan.",
    });
    expect(Object.keys(dismissed)).toEqual(["round_id", "stream", "seq"]);
    expect(dismissed.stream).toBe("moderation");
    const e = (await sec.waitFor(
      (m) =>
        m.type === "event" &&
        streamOf(m) === "moderation" &&
        (m as EventMsg).seq === dismissed.seq &&
        sec.messages.indexOf(m) >= from,
      10_000,
      "reports_resolved dismissed",
    )) as EventMsg;
    expect(e.kind).toBe("reports_resolved");
    expect(e.data).toEqual({
      report_ids: [report.report_id],
      outcome: "dismissed",
      note: "Inlägget håller sig till sakfrågan.",
    });
    expect(
      (
        await sec.fails("dismiss_report", {
          round_id: ROUND,
          report_id: report.report_id,
        })
      ).code,
    ).toBe("invalid_state");
    // Once dealt with, the same person may report the post again; dismissing without a note gives "".
    const again = await erik.ok<{ report_id: number }>("report_post", {
      round_id: ROUND,
      post_id: target,
      reason: "Fortfarande fel.",
    });
    const plain = await sec.ok<{ seq: number }>("dismiss_report", {
      round_id: ROUND,
      report_id: again.report_id,
    });
    const plainEvent = (await sec.waitFor(
      (m) =>
        m.type === "event" &&
        streamOf(m) === "moderation" &&
        (m as EventMsg).seq === plain.seq,
      10_000,
      "dismissal",
    )) as EventMsg;
    expect(plainEvent.data.note).toBe("");
    // The moderation stream the secretariat follows has no gaps.
    const seqs = streamEvents(sec, ROUND, "moderation", secFrom).map(
      (x) => x.seq,
    );
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });
});

describe("malformed requests", () => {
  test("get clear errors and change nothing", async () => {
    const target = await post(anna, "Ett inlägg att göra fel med.");
    const mainBefore = await headSeq(sec, ROUND);
    const moderationBefore = await moderationHead();
    const cases: Array<
      [WsClient, string, Record<string, unknown>, string, RegExp]
    > = [
      [
        anna,
        "edit_post",
        { round_id: ROUND, post_id: target, body: "Ny.", thread_id: THREAD },
        "unknown_field",
        /thread_id/,
      ],
      [
        anna,
        "edit_post",
        { round_id: ROUND, post_id: target, body: 42 },
        "bad_request",
        /body/,
      ],
      [
        anna,
        "edit_post",
        { round_id: ROUND, post_id: target, body: " \n " },
        "bad_request",
        /body/,
      ],
      [
        anna,
        "edit_post",
        { round_id: ROUND, post_id: target, body: "x".repeat(20_001) },
        "too_large",
        /body/,
      ],
      [
        anna,
        "edit_post",
        { round_id: ROUND, body: "Ny." },
        "bad_request",
        /post_id/,
      ],
      [
        sec,
        "hide_post",
        { round_id: ROUND, post_id: target, reason: "   " },
        "bad_request",
        /reason/,
      ],
      [
        sec,
        "hide_post",
        { round_id: ROUND, post_id: target, reason: "\u00a0\u200b" },
        "bad_request",
        /reason/,
      ],
      [
        sec,
        "hide_post",
        { round_id: ROUND, post_id: target, reason: "å".repeat(1001) },
        "too_large",
        /reason/,
      ],
      [
        sec,
        "hide_post",
        { round_id: ROUND, post_id: target },
        "bad_request",
        /reason/,
      ],
      [
        sec,
        "hide_post",
        { round_id: ROUND, post_id: "1", reason: "Skäl" },
        "bad_request",
        /post_id/,
      ],
      [
        sec,
        "unhide_post",
        { round_id: ROUND, post_id: target, reason: "Skäl" },
        "unknown_field",
        /reason/,
      ],
      [
        erik,
        "report_post",
        { round_id: ROUND, post_id: target, reason: "" },
        "bad_request",
        /reason/,
      ],
      [
        erik,
        "report_post",
        { round_id: ROUND, post_id: target, reason: "x".repeat(2001) },
        "too_large",
        /reason/,
      ],
      [
        erik,
        "report_post",
        { round_id: ROUND, post_id: -1, reason: "Skäl" },
        "bad_request",
        /post_id/,
      ],
      [
        erik,
        "report_post",
        { round_id: ROUND, post_id: target, reason: ["Skäl"] },
        "bad_request",
        /reason/,
      ],
      [
        sec,
        "dismiss_report",
        { round_id: ROUND, report_id: 1, note: null },
        "bad_request",
        /note/,
      ],
      [
        sec,
        "dismiss_report",
        { round_id: ROUND, report_id: 1.5 },
        "bad_request",
        /report_id/,
      ],
      [
        sec,
        "dismiss_report",
        { round_id: ROUND, report_id: 1, post_id: target },
        "unknown_field",
        /post_id/,
      ],
      [
        erik,
        "post_history",
        { round_id: ROUND, post_id: 0 },
        "bad_request",
        /post_id/,
      ],
      [
        erik,
        "post_history",
        { round_id: ROUND, post_id: target, version: 1 },
        "unknown_field",
        /version/,
      ],
      [
        sec,
        "create_thread",
        { round_id: ROUND, stream: "moderation", title: "Anmälningar" },
        "bad_request",
        /stream/,
      ],
    ];
    const problems: string[] = [];
    for (const [c, type, fields, code, message] of cases) {
      await expectRefused(problems, type, c, type, fields, code, message);
    }
    expect(problems).toEqual([]);
    expect(await headSeq(sec, ROUND)).toBe(mainBefore);
    expect(await moderationHead()).toBe(moderationBefore);
    const history = await erik.ok<{ versions: Array<{ body: string }> }>(
      "post_history",
      { round_id: ROUND, post_id: target },
    );
    expect(history.versions.map((v) => v.body)).toEqual([
      "Ett inlägg att göra fel med.",
    ]);
  });
});

/** The moderation stream's head_seq, read by a fresh subscription of the secretariat. */
async function moderationHead(): Promise<number> {
  const c = await server.connectAs(people.secretariat);
  const r = await c.ok<{ head_seq: number }>("subscribe", {
    round_id: ROUND,
    stream: "moderation",
    since: 0,
  });
  await c.close();
  return r.head_seq;
}

describe("an edit racing a hide", () => {
  test(
    "every outcome is consistent: no replay carries the text, and live views end without it",
    { timeout: 240_000 },
    async () => {
      const ITERATIONS = 200;
      const texts: string[] = [];
      const outcomes = { editFirst: 0, hideFirst: 0 };
      const problems: string[] = [];
      const liveFrom = erik.messages.length;
      for (let i = 0; i < ITERATIONS; i++) {
        const id = await post(
          anna,
          `Kapplöpning ${i}: första versionen.`,
          RACE_THREAD,
        );
        const text = secret(`KAPP${i}`);
        texts.push(text);
        // Back to back, on two connections: the writer takes them in whichever order they come.
        const [edit, hide] = await Promise.all([
          anna.request("edit_post", {
            round_id: ROUND,
            post_id: id,
            body: text,
          }),
          sec.request("hide_post", {
            round_id: ROUND,
            post_id: id,
            reason: `Dold ${i}`,
          }),
        ]);
        if (hide.type !== "result") {
          problems.push(`${i}: hide refused ${JSON.stringify(hide)}`);
          continue;
        }
        if (edit.type === "result") {
          outcomes.editFirst += 1;
          if ((edit.result.seq as number) >= (hide.result.seq as number))
            problems.push(
              `${i}: edit ${edit.result.seq} acknowledged after hide ${hide.result.seq}`,
            );
        } else {
          outcomes.hideFirst += 1;
          if (edit.error.code !== "invalid_state")
            problems.push(`${i}: edit refused with ${edit.error.code}`);
        }
        // A live subscriber folds the post's events in order and ends with no text.
        const hidden = await waitForPostEvent(
          erik,
          "post_hidden",
          id,
          liveFrom,
        );
        const view = foldText(
          eventsAbout(streamEvents(erik, ROUND, "main", liveFrom), id),
        );
        if (view !== null)
          problems.push(
            `${i}: live view ends with text ${JSON.stringify(view)}`,
          );
        const editEvent = eventsAbout(
          streamEvents(erik, ROUND, "main", liveFrom),
          id,
        ).find((e) => e.kind === "post_edited");
        if (
          edit.type === "result" &&
          (!editEvent || editEvent.seq >= hidden.seq)
        )
          problems.push(`${i}: post_edited not before post_hidden`);
        if (edit.type !== "result" && editEvent)
          problems.push(`${i}: a refused edit reached subscribers`);
      }
      expect(problems).toEqual([]);
      // After all of them, a replay never carries any of the texts, to anyone.
      for (const email of [people.erik, people.anna, people.secretariat]) {
        const c = await connect(email);
        const { replay } = await subscribeStream(c, ROUND, "main", 0);
        const frames = raw.get(c)!.join("\n");
        expect(texts.filter((t) => frames.includes(t))).toEqual([]);
        const withheld = replay.filter((e) => e.data.withheld === true).length;
        expect(withheld).toBeGreaterThanOrEqual(ITERATIONS); // every race post's post_created at least
      }
      console.log(
        `edit/hide race: ${outcomes.editFirst} edits first, ${outcomes.hideFirst} hides first`,
      );
    },
  );
});

/** What a client shows of a post after its events, in order: its text, or null when hidden. */
function foldText(events: EventMsg[]): string | null {
  let text: string | null = null;
  for (const e of events) {
    if (e.kind === "post_hidden") text = null;
    else if (e.data.withheld === true) text = null;
    else if (
      e.kind === "post_created" ||
      e.kind === "post_edited" ||
      e.kind === "post_unhidden"
    )
      text = e.data.body as string;
  }
  return text;
}
