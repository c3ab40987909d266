// A live event must not stall at the replay/live boundary (issue 6, section 8): many
// connections subscribe to a round with since = its head while, at the same moment, one post
// commits. The commit can land while a subscription's first store read is under way: the read
// comes back empty and the live event was announced meanwhile. Every subscriber must still get
// the subscribe result AND that event at once, not when the next post happens to come. A race:
// run many times, the post sent back to back with the subscribes at a moving position.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  requestRetryingRateLimit,
  startServer,
  threadIds,
  type Answer,
  type EventMsg,
  type SamradServer,
  type WsClient,
} from "./support/server";

const ROUND = 1;
const PER_PERSON = 9; // 11 demo people × 9 = 99 subscribers; a person may hold 16 WebSockets
const RUNS = 250;
const DELIVERY_MS = 2_000; // "at once": the event is due within a few seconds, not hours

let server: SamradServer;
let subscribers: WsClient[] = [];
let writer: WsClient;
let thread: number;
let head: number;

beforeAll(async () => {
  server = await startServer();
  const sessions = await Promise.all(
    Object.values(people).map((email) => server.login(email)),
  );
  subscribers = await Promise.all(
    sessions.flatMap((s) =>
      Array.from({ length: PER_PERSON }, () => server.connect(s)),
    ),
  );
  writer = await server.connect(sessions.find((s) => s.email === people.anna)!);
  const first = await writer.subscribe(ROUND, 0);
  thread = threadIds(first.replay)[0]!;
  head = first.head_seq;
  await writer.ok("unsubscribe", { round_id: ROUND });
});
afterAll(cleanupAll);

/** Answer (result or error) to request id `id` on c, if it has arrived. */
function answerOf(c: WsClient, id: number): Answer | undefined {
  return c.messages.find(
    (m): m is Answer =>
      (m.type === "result" || m.type === "error") && (m as Answer).id === id,
  );
}

describe("replay/live boundary", () => {
  test(`${PER_PERSON * 11} subscribers at the head while a post commits: each gets the result and the new event (${RUNS} runs)`, async () => {
    expect(subscribers).toHaveLength(PER_PERSON * 11);
    const failures: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      const since = head;
      const marks = subscribers.map((c) => c.messages.length);
      // Send every subscribe and the post in one tick, the post at a position that moves from
      // run to run, so that the commit lands at a different point of the subscribes' reads.
      const at = (run * 37) % (subscribers.length + 1);
      const subscribeAnswers: Array<Promise<Answer>> = [];
      let post: Promise<Answer> | undefined;
      subscribers.forEach((c, i) => {
        if (i === at)
          post = requestRetryingRateLimit(writer, "create_post", {
            round_id: ROUND,
            thread_id: thread,
            body: `Gränsfall ${run}.`,
          });
        subscribeAnswers.push(
          c.request(
            "subscribe",
            { round_id: ROUND, since },
            DELIVERY_MS + 5_000,
          ),
        );
      });
      post ??= requestRetryingRateLimit(writer, "create_post", {
        round_id: ROUND,
        thread_id: thread,
        body: `Gränsfall ${run}.`,
      });

      const posted = await post;
      if (posted.type !== "result")
        throw new Error(`run ${run}: create_post → ${JSON.stringify(posted)}`);
      const seq = posted.result.seq as number;
      expect(seq).toBe(since + 1);

      const outcomes = await Promise.all(
        subscribers.map(async (c, i) => {
          const answer = await subscribeAnswers[i]!.catch((err: Error) => err);
          if (answer instanceof Error)
            return `subscriber ${i}: no subscribe answer (${answer.message.slice(0, 200)})`;
          if (answer.type !== "result")
            return `subscriber ${i}: subscribe → ${JSON.stringify(answer)}`;
          const headSeq = answer.result.head_seq as number;
          if (headSeq !== since && headSeq !== seq)
            return `subscriber ${i}: head_seq ${headSeq}, expected ${since} or ${seq}`;
          try {
            await c.waitForSeq(ROUND, seq, DELIVERY_MS);
          } catch {
            return `subscriber ${i}: result head_seq ${headSeq}, but no event ${seq} within ${DELIVERY_MS} ms`;
          }
          const events = c.messages
            .slice(marks[i])
            .filter(
              (m): m is EventMsg =>
                m.type === "event" && (m as EventMsg).round_id === ROUND,
            );
          if (events.length !== 1 || events[0]!.seq !== seq)
            return `subscriber ${i}: events ${events.map((e) => e.seq).join(",")}, expected exactly ${seq}`;
          // The result comes before the event it announces or replays.
          const resultAt = c.messages.indexOf(answerOf(c, answer.id)!);
          const eventAt = c.messages.indexOf(events[0]!);
          if (eventAt < resultAt)
            return `subscriber ${i}: event ${seq} before the subscribe result`;
          return null;
        }),
      );
      for (const o of outcomes)
        if (o !== null) failures.push(`run ${run}: ${o}`);
      head = seq;

      // Back to a clean state for the next run: every subscriber unsubscribed.
      await Promise.all(
        subscribers.map((c) => c.ok("unsubscribe", { round_id: ROUND })),
      );
    }
    const failedRuns = new Set(failures.map((f) => f.split(":")[0]));
    expect(
      failures,
      `${failedRuns.size} of ${RUNS} runs failed:\n${failures.slice(0, 20).join("\n")}`,
    ).toEqual([]);
    for (const c of subscribers) expect(c.isOpen).toBe(true);
  }, 240_000);

  test("a post acknowledged to its writer is in the replay of a subscribe sent right after (300 runs)", async () => {
    // The ack leaves as soon as the commit does; the frame reaches the memory of recent frames a
    // moment later on another thread. A reader who subscribes in that moment must still be
    // answered with the post (from the store), not a head_seq from before it.
    const reader = subscribers[0]!;
    const failures: string[] = [];
    for (let run = 0; run < 300; run++) {
      const posted = await requestRetryingRateLimit(writer, "create_post", {
        round_id: ROUND,
        thread_id: thread,
        body: `Läst direkt ${run}.`,
      });
      if (posted.type !== "result")
        throw new Error(`run ${run}: create_post → ${JSON.stringify(posted)}`);
      const seq = posted.result.seq as number;
      const { head_seq, replay } = await reader.subscribe(ROUND, seq - 1);
      if (head_seq !== seq || replay.length !== 1 || replay[0]!.seq !== seq) {
        failures.push(
          `run ${run}: acknowledged seq ${seq}, subscribe head_seq ${head_seq}, replay ${replay.map((e) => e.seq).join(",")}`,
        );
      }
      await reader.ok("unsubscribe", { round_id: ROUND });
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
