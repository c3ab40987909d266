// Crash schedules, clustered: 100 times, four people on two instances (one PostgreSQL database,
// one Redis between them) post in a burst, and at random moments of it Redis is killed and
// started again and PostgreSQL is stopped (fast shutdown) or killed (SIGKILL) and started again,
// in either order. After each schedule: every acknowledged post is in the stream exactly once,
// at the seq its answer named; the stream's seqs are gapless from 1; a post refused
// (storage_failed) is not in it and nothing unanswered is in it twice; every post got an answer
// or lost its connection, never silence; and each instance accepts posts again and they reach
// the people on the other instance through Redis (the store is asked for what pub/sub lost only
// once a minute here, so only a recovered bus brings them in time). Everybody also has every
// event once, in order, frame for frame the store's.
//
// Schedule N draws its choices from random(N): SAMRAD_SCHEDULES=17,42 runs only those (in that
// order; a number given twice runs twice).
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, test } from "vitest";
import {
  ackedSeq,
  errorCode,
  expectEveryoneHasTheStore,
  Follower,
  postingWorksWithin,
  roundThreads,
  sendPost,
  startCluster,
  type PostOutcome,
} from "./support/cluster";
import { random, replay } from "./support/schedules";
import { cleanupAll, people, sleep, type SamradServer } from "./support/server";

afterAll(cleanupAll);

/** A post with neither an answer nor a closed connection this long after it was sent is silence. */
const SILENCE_MS = 10_000;
/** Redis' reconnect backoff is capped at 5 s: the bus must be back well within this. */
const BUS_BACK_WITHIN_MS = 8_000;
/** How long a post may take from its ack to the other instance's subscribers through Redis. */
const DELIVERY_MS = 300;

const schedules = process.env.SAMRAD_SCHEDULES
  ? process.env.SAMRAD_SCHEDULES.split(",").map(Number)
  : Array.from({ length: 100 }, (_, i) => i);

/**
 * Sends one post on the writer's current connection without waiting for earlier ones. Resolves
 * with its outcome, with undefined when the connection was cut (and is being resumed) so nothing
 * was sent, or with the body when neither an answer nor a close came within SILENCE_MS.
 */
async function send(
  writer: Follower,
  threadId: number,
  body: string,
): Promise<PostOutcome | string | undefined> {
  const client = writer.client;
  if (!client.isOpen) return undefined;
  const key = randomUUID();
  try {
    const answer = await sendPost(client, threadId, body, key, SILENCE_MS);
    return { body, key, answer, answeredAt: Date.now() };
  } catch {
    return body;
  }
}

/**
 * Posts as `from` until its instance accepts a post that reaches everybody in `to`, on the other
 * instance, within DELIVERY_MS of its ack; fails after BUS_BACK_WITHIN_MS. Returns every post's
 * outcome. Everybody, not one: a post committed while its instance could not yet publish reaches
 * a follower whose store read (for a gap) happened to begin after that commit, and only that
 * one, so a single follower having it does not show the bus is back.
 */
async function reachesTheOtherInstance(
  from: Follower,
  to: Follower[],
  threadId: number,
  label: string,
): Promise<PostOutcome[]> {
  const outcomes: PostOutcome[] = [];
  const end = Date.now() + BUS_BACK_WITHIN_MS;
  for (let round = 1; ; round++) {
    const posted = await postingWorksWithin(
      from,
      threadId,
      BUS_BACK_WITHIN_MS,
      `${label} ${round}`,
    );
    outcomes.push(...posted);
    try {
      const seq = ackedSeq(posted.at(-1)!)!;
      await Promise.all(to.map((f) => f.waitForSeq(seq, DELIVERY_MS)));
      return outcomes;
    } catch (err) {
      if (Date.now() > end) {
        throw new Error(
          `posts acknowledged on port ${from.server.port} did not reach port ${to[0]!.server.port} through Redis within ${BUS_BACK_WITHIN_MS} ms: ${(err as Error).message}`,
        );
      }
    }
  }
}

/** A failure said with the schedule and the end of each instance's log and output. */
function failure(
  label: string,
  servers: SamradServer[],
  message: string,
): Error {
  return new Error(
    `${label}: ${message}\n` +
      servers
        .map(
          (s) =>
            `port ${s.port} log:\n${s.stdout.slice(-3_000)}\nport ${s.port} stderr:\n${s.stderr.slice(-1_000)}`,
        )
        .join("\n"),
  );
}

/** The work's result, or its failure said with the schedule and the instances' output. */
async function saying<T>(
  label: string,
  servers: SamradServer[],
  work: Promise<T>,
): Promise<T> {
  try {
    return await work;
  } catch (err) {
    throw failure(label, servers, (err as Error).message);
  }
}

function bodyOf(data: Record<string, unknown>): string {
  return data.body as string;
}

describe("crash schedules, clustered", () => {
  test(`${schedules.length} bursts of posts on two instances with Redis and PostgreSQL restarted: every acknowledged post exactly once, seqs gapless, the bus back`, async () => {
    const { servers, redis, postgres } = await startCluster({
      instances: 2,
      args: ["--head-poll-ms", "60000"],
      bus: "max_backoff_ms = 400\n",
    });
    const [a, b] = servers as [SamradServer, SamradServer];
    const threads = await roundThreads(a);
    // Everybody posts and follows the stream; logins are in the database and outlive restarts.
    const writers = await Promise.all([
      Follower.start(a, people.anna),
      Follower.start(a, people.erik),
      Follower.start(b, people.maria),
      Follower.start(b, people.johan),
    ]);
    const reader = await a.login(people.lena);
    let head = (await replay(a, reader)).length;
    const everything: PostOutcome[] = [];

    for (const [iteration, schedule] of schedules.entries()) {
      // Bodies name the schedule; a schedule run again (SAMRAD_SCHEDULES=24,24) also its turn.
      const tag =
        schedules.indexOf(schedule) === iteration
          ? `Schema ${schedule}`
          : `Schema ${schedule}.${iteration}`;
      const next = random(schedule);
      const posts = 20 + Math.floor(next() * 21);
      const spacingMs = 1 + Math.floor(next() * 6);
      const burstMs = posts * spacingMs;
      const redisAt = Math.floor(next() * burstMs);
      const redisDownMs = Math.floor(next() * 100);
      const postgresAt = Math.floor(next() * burstMs);
      const postgresCrashes = next() < 0.5;
      const label =
        `schedule ${schedule} (${posts} posts ${spacingMs} ms apart; Redis killed at ` +
        `${redisAt} ms and started ${redisDownMs} ms later; PostgreSQL ` +
        `${postgresCrashes ? "killed with SIGKILL" : "stopped (fast shutdown)"} at ${postgresAt} ms and started again)`;

      const start = Date.now();
      const faults = Promise.all([
        (async () => {
          await sleep(redisAt);
          await redis.kill();
          await sleep(redisDownMs);
          await redis.restart();
        })(),
        (async () => {
          await sleep(postgresAt);
          if (postgresCrashes) await postgres.kill();
          await postgres.restart();
        })(),
      ]);
      const sent: Array<Promise<PostOutcome | string | undefined>> = [];
      for (let i = 0; i < posts; ++i) {
        const wait = start + i * spacingMs - Date.now();
        if (wait > 0) await sleep(wait);
        sent.push(
          send(
            writers[i % writers.length]!,
            threads[i % threads.length]!,
            `${tag} inlägg ${i}`,
          ),
        );
      }
      await saying(label, servers, faults);
      const answers = await Promise.all(sent);
      const silent = answers.filter((x): x is string => typeof x === "string");
      const outcomes = answers.filter(
        (x): x is PostOutcome => typeof x === "object",
      );

      // Each instance posts again, and the other one's people get it through the bus.
      const recovered = await saying(
        label,
        servers,
        Promise.all([
          reachesTheOtherInstance(
            writers[0]!,
            [writers[2]!, writers[3]!],
            threads[0]!,
            `${tag} efter felen`,
          ),
          reachesTheOtherInstance(
            writers[2]!,
            [writers[0]!, writers[1]!],
            threads[1]!,
            `${tag} efter felen`,
          ),
        ]),
      );
      outcomes.push(...recovered.flat());
      everything.push(...outcomes);

      // The store: what was added since the last schedule, gapless after what was checked then.
      const since = head;
      const events = await saying(
        label,
        servers,
        replay(a, reader, { since, label }),
      );
      head = events.at(-1)!.seq;
      const copies = new Map<string, number[]>();
      for (const event of events) {
        if (event.kind !== "post_created") continue;
        const body = bodyOf(event.data);
        if (!body.startsWith(`${tag} `)) continue;
        copies.set(body, [...(copies.get(body) ?? []), event.seq]);
      }
      for (const outcome of outcomes) {
        const seqs = copies.get(outcome.body) ?? [];
        const seq = ackedSeq(outcome);
        if (seq !== undefined) {
          expect(
            seqs,
            `${label}: "${outcome.body}" acknowledged with seq ${seq}`,
          ).toEqual([seq]);
        } else if (outcome.answer !== "no answer") {
          expect(
            seqs,
            `${label}: "${outcome.body}" refused: ${JSON.stringify(outcome.answer)}`,
          ).toEqual([]);
        }
      }
      for (const [body, seqs] of copies) {
        expect(seqs, `${label}: "${body}" in the stream`).toHaveLength(1);
      }
      expect(
        outcomes
          .filter((o) => ackedSeq(o) === undefined && o.answer !== "no answer")
          .filter((o) => errorCode(o) !== "storage_failed"),
        `${label}: a post refused is refused with storage_failed`,
      ).toEqual([]);
      expect(
        silent,
        `${label}: posts with neither an answer nor a closed connection within ${SILENCE_MS} ms`,
      ).toEqual([]);

      // Everybody, on either instance, has the new events once each, in order.
      const caughtUp = await Promise.allSettled(
        writers.map((w) => w.waitForSeq(head, 3_000)),
      );
      if (caughtUp.some((r) => r.status === "rejected")) {
        throw failure(
          label,
          servers,
          `not everybody received seq ${head} within 3 s:\n` +
            writers.map((w) => `  ${w.describe()}`).join("\n") +
            "\nthe stream ends with:\n" +
            events
              .slice(-4)
              .map((e) => `  ${e.seq} ${e.kind} ${JSON.stringify(e.data)}`)
              .join("\n"),
        );
      }
      const expected = Array.from(
        { length: head - since },
        (_, i) => since + 1 + i,
      );
      for (const writer of writers) {
        const got = writer.received
          .map((e) => e.seq)
          .filter((seq) => seq > since && seq <= head);
        expect(got, `${label}: what ${writer.describe()} received`).toEqual(
          expected,
        );
      }
    }

    // Once more over the whole stream: nothing came late or twice, frame for frame the store's.
    await expectEveryoneHasTheStore(a, writers, everything);
  }, 300_000);
});
