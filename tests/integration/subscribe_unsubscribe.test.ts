// A subscribe followed at once by an unsubscribe must be answered (issue 6, section 8): the
// protocol promises exactly one answer per request, and an unsubscribe that overtakes the
// subscribe's store read must not swallow the subscribe's answer. Checked by position on each
// connection: the subscribe's answer comes before the unsubscribe's result, the events between
// them are a prefix of the replay, and no event of the round comes after the unsubscribe's
// result. A race: thousands of pairs sent in back-to-back frames while a writer keeps posting.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  requestRetryingRateLimit,
  sleep,
  startServer,
  threadIds,
  type Answer,
  type EventMsg,
  type SamradServer,
  type ServerMsg,
  type WsClient,
} from "./support/server";

const ROUND = 1;
const CONNECTIONS = 16;
const PAIRS_PER_CONNECTION = 150; // 2,400 pairs in all
const ANSWER_MS = 5_000;
const GRACE_MS = 100; // for answers that should already have come before the last one

let server: SamradServer;
let thread: number;

beforeAll(async () => {
  server = await startServer();
  const c = await server.connectAs(people.secretariat);
  thread = threadIds((await c.subscribe(ROUND, 0)).replay)[0]!;
  await c.close();
});
afterAll(cleanupAll);

function isAnswer(m: ServerMsg, id: number): m is Answer {
  return (m.type === "result" || m.type === "error") && (m as Answer).id === id;
}

/** Sends frames back to back (one tick, no waiting in between). */
function sendAll(c: WsClient, requests: Array<Record<string, unknown>>): void {
  for (const r of requests) c.send(JSON.stringify(r));
}

/**
 * Waits for the answer to `last`, the request sent last, then up to GRACE_MS more for the
 * others (an answer that comes later still is out of order, which checkConnection reports).
 * Returns the ids still without an answer, and a note if the socket closed.
 */
async function answeredUpTo(
  c: WsClient,
  ids: number[],
  last: number,
): Promise<string[]> {
  const missing = () =>
    ids.filter((id) => !c.messages.some((m) => isAnswer(m, id))).map(String);
  await c
    .waitFor((m) => isAnswer(m, last), ANSWER_MS, `answer to ${last}`)
    .catch(() => undefined);
  const deadline = Date.now() + GRACE_MS;
  while (missing().length > 0 && c.isOpen && Date.now() < deadline) {
    await c
      .waitForNew(() => true, Math.max(1, deadline - Date.now()))
      .catch(() => undefined);
  }
  const result = missing();
  if (!c.isOpen) result.push(`(socket closed with ${c.closeCode})`);
  return result;
}

/**
 * Checks one connection's whole message list: per request id exactly one answer; for each
 * subscribe (id s) and the unsubscribe sent right after it (id s+1), the subscribe's answer (a
 * result or an error) comes first; the round's events between a subscribe's result and the
 * unsubscribe's result are seq 1, 2, 3 … (the replay, maybe cut short, then live ones); no event
 * arrives anywhere else.
 */
function checkConnection(
  c: WsClient,
  subscribeIds: Set<number>,
  unsubscribeIds: Set<number>,
): string[] {
  const problems: string[] = [];
  const answers = new Map<number, number>();
  let live = false; // between a subscribe's result and the following unsubscribe's result
  let expected = 1;
  c.messages.forEach((m, at) => {
    if (m.type === "result" || m.type === "error") {
      const id = (m as Answer).id;
      if (id === null)
        return void problems.push(
          `answer without id at ${at}: ${JSON.stringify(m)}`,
        );
      answers.set(id, (answers.get(id) ?? 0) + 1);
      if (subscribeIds.has(id)) {
        // An error is an acceptable answer (the unsubscribe overtook it); then no events follow.
        live = m.type === "result";
        expected = 1;
      } else if (unsubscribeIds.has(id)) {
        if (m.type !== "result")
          problems.push(`unsubscribe ${id} → ${JSON.stringify(m)}`);
        if (!answers.has(id - 1))
          problems.push(
            `unsubscribe ${id} answered before its subscribe ${id - 1}`,
          );
        live = false;
      }
    } else if (m.type === "event") {
      const e = m as EventMsg;
      if (!live)
        problems.push(
          `event ${e.round_id}/${e.seq} at ${at} outside a subscription`,
        );
      else if (e.round_id !== ROUND || e.seq !== expected)
        problems.push(
          `event ${e.round_id}/${e.seq} at ${at}, expected seq ${expected}`,
        );
      else expected++;
    }
  });
  for (const id of [...subscribeIds, ...unsubscribeIds]) {
    const n = answers.get(id) ?? 0;
    if (n !== 1) problems.push(`request ${id} answered ${n} times`);
  }
  return problems;
}

describe("subscribe then unsubscribe at once", () => {
  test(`${CONNECTIONS * PAIRS_PER_CONNECTION} subscribe+unsubscribe pairs: each request answered once, in order, nothing after the unsubscribe`, async () => {
    const sessions = await Promise.all(
      [people.anna, people.erik, people.maria, people.lena].map((p) =>
        server.login(p),
      ),
    );
    const conns = await Promise.all(
      Array.from({ length: CONNECTIONS }, (_, i) =>
        server.connect(sessions[i % sessions.length]!),
      ),
    );

    // Live events keep coming while the pairs run, so that the unsubscribe also races fan-out.
    const writer = await server.connectAs(people.johan);
    let writing = true;
    let posts = 0;
    const writes = (async () => {
      while (writing) {
        const a = await requestRetryingRateLimit(writer, "create_post", {
          round_id: ROUND,
          thread_id: thread,
          body: `Under tiden ${posts++}.`,
        });
        if (a.type !== "result")
          throw new Error(`create_post → ${JSON.stringify(a)}`);
        await sleep(5);
      }
    })();

    const subscribeIds = conns.map(() => new Set<number>());
    const unsubscribeIds = conns.map(() => new Set<number>());
    const unanswered: string[] = [];
    await Promise.all(
      conns.map(async (c, i) => {
        for (let pair = 0; pair < PAIRS_PER_CONNECTION; pair++) {
          const sub = c.allocId();
          const unsub = c.allocId();
          subscribeIds[i]!.add(sub);
          unsubscribeIds[i]!.add(unsub);
          sendAll(c, [
            { type: "subscribe", id: sub, round_id: ROUND, since: 0 },
            { type: "unsubscribe", id: unsub, round_id: ROUND },
          ]);
          const missing = await answeredUpTo(c, [sub, unsub], unsub);
          if (missing.length > 0)
            unanswered.push(
              `connection ${i} pair ${pair}: no answer to ${missing.join(", ")}`,
            );
          if (!c.isOpen) return;
        }
      }),
    );
    writing = false;
    await writes;
    await sleep(300); // late answers or events would show up here
    expect(posts).toBeGreaterThan(0);

    expect(
      unanswered.length,
      `${unanswered.length} of ${CONNECTIONS * PAIRS_PER_CONNECTION} pairs with a request not answered:\n${unanswered.slice(0, 10).join("\n")}`,
    ).toBe(0);
    const problems = conns.flatMap((c, i) =>
      checkConnection(c, subscribeIds[i]!, unsubscribeIds[i]!).map(
        (p) => `connection ${i}: ${p}`,
      ),
    );
    expect(problems.slice(0, 20)).toEqual([]);
    for (const c of conns) expect(c.isOpen).toBe(true);
  }, 120_000);

  test("subscribe, unsubscribe, subscribe back to back: the second subscribe gets a result and a full replay", async () => {
    const sessions = await Promise.all(
      [people.johan, people.lars].map((p) => server.login(p)),
    );
    const conns = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        server.connect(sessions[i % sessions.length]!),
      ),
    );
    const failures: string[] = [];
    const TRIPLES = 60;
    await Promise.all(
      conns.map(async (c, i) => {
        for (let t = 0; t < TRIPLES; t++) {
          const [s1, u, s2] = [c.allocId(), c.allocId(), c.allocId()];
          const mark = c.messages.length;
          sendAll(c, [
            { type: "subscribe", id: s1, round_id: ROUND, since: 0 },
            { type: "unsubscribe", id: u, round_id: ROUND },
            { type: "subscribe", id: s2, round_id: ROUND, since: 0 },
          ]);
          const missing = await answeredUpTo(c, [s1, u, s2], s2);
          const where = `connection ${i} triple ${t}`;
          if (missing.length > 0) {
            const names: Record<string, string> = {
              [s1]: "first subscribe",
              [u]: "unsubscribe",
              [s2]: "second subscribe",
            };
            failures.push(
              `${where}: no answer to ${missing.map((id) => names[id] ?? id).join(", ")}`,
            );
            if (!c.isOpen) return;
            await c.request("unsubscribe", { round_id: ROUND }); // start the next triple clean
            continue;
          }
          const msgs = c.messages.slice(mark);
          const pos = (id: number) => msgs.findIndex((m) => isAnswer(m, id));
          const second = msgs[pos(s2)] as Answer;
          // The answers follow the requests: the subscribe's before the unsubscribe's (the
          // protocol says so), and the unsubscribe's before the second subscribe's, or the second
          // subscription's events would come after the unsubscribe's result.
          if (!(pos(s1) < pos(u) && pos(u) < pos(s2))) {
            failures.push(
              `${where}: answers out of order: ${msgs
                .filter((m) => m.type !== "event")
                .map((m) =>
                  (m as Answer).id === s1
                    ? "subscribe"
                    : (m as Answer).id === u
                      ? "unsubscribe"
                      : "second subscribe",
                )
                .join(", ")}`,
            );
          }
          if (second.type !== "result") {
            failures.push(
              `${where}: second subscribe → ${JSON.stringify(second)}`,
            );
            continue;
          }
          const headSeq = second.result.head_seq as number;
          const stale = msgs
            .slice(pos(u) + 1, pos(s2))
            .filter((m) => m.type === "event");
          if (stale.length > 0)
            failures.push(
              `${where}: ${stale.length} events between the unsubscribe's result and the second subscribe's`,
            );
          const replayStart = mark + pos(s2) + 1;
          const replayed = () =>
            c.messages
              .slice(replayStart)
              .filter((m): m is EventMsg => m.type === "event");
          if (!replayed().some((e) => e.seq >= headSeq)) {
            await c
              .waitForNew(
                (m) => m.type === "event" && (m as EventMsg).seq >= headSeq,
                ANSWER_MS,
              )
              .catch(() =>
                failures.push(
                  `${where}: replay stopped short of head_seq ${headSeq}`,
                ),
              );
          }
          const seqs = replayed().map((e) => e.seq);
          if (seqs.length !== headSeq || seqs.some((s, k) => s !== k + 1))
            failures.push(
              `${where}: replay after the second result is ${seqs.length} events, not 1..${headSeq}`,
            );
          const unsubscribed = await c.request("unsubscribe", {
            round_id: ROUND,
          });
          if (unsubscribed.type !== "result")
            failures.push(
              `${where}: final unsubscribe → ${JSON.stringify(unsubscribed)}`,
            );
        }
      }),
    );
    expect(
      failures.length,
      `${failures.length} of ${conns.length * TRIPLES} triples failed:\n${failures.slice(0, 10).join("\n")}`,
    ).toBe(0);
  }, 120_000);
});
