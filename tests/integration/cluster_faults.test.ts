// Faults in a cluster (instances on one PostgreSQL database, Redis between them): Redis killed,
// an instance killed, PostgreSQL restarted, Redis unreachable. After each, every client on every
// instance has every acknowledged event, in seq order, once, frame for frame what the store holds.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, test } from "vitest";
import {
  ackedSeq,
  errorCode,
  expectEveryoneHasTheStore,
  Follower,
  postingWorksWithin,
  postUntilStopped,
  roundThreads,
  sendPost,
  sendUnansweredAgain,
  startCluster,
  type PostOutcome,
} from "./support/cluster";
import { cleanupAll, people, sleep, type SamradServer } from "./support/server";

/** The head watcher's stated time: an event reaches every instance within this of its ack. */
const FROM_STORE_WITHIN_MS = 3_000;

afterEach(cleanupAll);

function unacknowledged(outcomes: PostOutcome[]): PostOutcome[] {
  return outcomes.filter((o) => ackedSeq(o) === undefined);
}

// Anna (on a) and Erik (on b) post; Maria (on a) and Johan (on b) only follow.
async function writersAndReaders(a: SamradServer, b: SamradServer) {
  return {
    writers: [
      await Follower.start(a, people.anna),
      await Follower.start(b, people.erik),
    ],
    readers: [
      await Follower.start(a, people.maria),
      await Follower.start(b, people.johan),
    ],
  };
}

describe("cluster faults", () => {
  test("Redis killed while two instances post, then restarted: posting goes on, nobody misses anything", async () => {
    const { servers, redis } = await startCluster({ instances: 2 });
    const [a, b] = servers as [SamradServer, SamradServer];
    const threads = await roundThreads(a);
    const { writers, readers } = await writersAndReaders(a, b);

    const posting = writers.map((w, i) =>
      postUntilStopped(w.client, threads[i]!, `Redis borta ${w.name}`, {
        window: 4,
        paceMs: 20,
      }),
    );
    await sleep(500);
    await redis.kill();
    const killedAt = Date.now();
    await sleep(2_000);
    const restartedAt = Date.now();
    await redis.restart();
    await sleep(1_500);
    posting.forEach((p) => p.stop());
    const outcomes = (await Promise.all(posting.map((p) => p.outcomes))).flat();

    expect(
      unacknowledged(outcomes),
      "every post is acknowledged, Redis or not",
    ).toEqual([]);
    for (const server of servers) {
      const ackedWhileDown = outcomes.filter(
        (o) =>
          o.answeredAt > killedAt &&
          o.answeredAt < restartedAt &&
          o.body.includes(server === a ? people.anna : people.erik),
      );
      expect(
        ackedWhileDown.length,
        `acks from port ${server.port} while Redis was down`,
      ).toBeGreaterThan(0);
    }
    await expectEveryoneHasTheStore(a, [...writers, ...readers], outcomes);
  });

  test("an instance killed with SIGKILL mid-stream: its clients resume on another instance, nothing lost or doubled", async () => {
    const { servers } = await startCluster({ instances: 3 });
    const [a, b, doomed] = servers as [
      SamradServer,
      SamradServer,
      SamradServer,
    ];
    const threads = await roundThreads(a);
    const writers = [
      await Follower.start(a, people.anna),
      await Follower.start(b, people.erik),
      await Follower.start(doomed, people.maria),
    ];
    const readers = [
      await Follower.start(a, people.lena),
      await Follower.start(b, people.per),
      await Follower.start(doomed, people.johan),
    ];

    const posting = writers.map((w, i) =>
      postUntilStopped(w.client, threads[i]!, `Instans dödad ${w.name}`, {
        window: 4,
        paceMs: 20,
      }),
    );
    await sleep(700);
    await doomed.kill9();
    // Maria's unanswered posts may or may not have been committed; she resumes and posts on.
    const survivors = [a, b];
    const orphans = [writers[2]!, readers[2]!];
    await Promise.all(orphans.map((f, i) => f.resumeOn(survivors[i]!)));
    const mariaAgain = postUntilStopped(
      writers[2]!.client,
      threads[2]!,
      `Efter omstart ${writers[2]!.name}`,
      { window: 4, paceMs: 20 },
    );
    await sleep(1_000);
    [...posting, mariaAgain].forEach((p) => p.stop());
    const outcomes = (
      await Promise.all([...posting, mariaAgain].map((p) => p.outcomes))
    ).flat();

    const lost = unacknowledged(outcomes);
    expect(
      lost.every(
        (o) => o.answer === "no answer" && o.body.includes(people.maria),
      ),
      JSON.stringify(lost),
    ).toBe(true);
    // The killed instance comes back on the same database and serves the same stream.
    await doomed.restart();
    const onRestarted = await Follower.start(doomed, people.lars);
    await expectEveryoneHasTheStore(
      a,
      [...writers, ...readers, onRestarted],
      outcomes,
    );
  });

  test("PostgreSQL restarted while posts flow: each post, sent again with its key if its connection was cut, is stored or refused with storage_failed, never both", async () => {
    const { servers, postgres } = await startCluster({ instances: 2 });
    const [a, b] = servers as [SamradServer, SamradServer];
    const threads = await roundThreads(a);
    const { writers, readers } = await writersAndReaders(a, b);

    const posting = writers.map((w, i) =>
      postUntilStopped(w.client, threads[i]!, `Postgres omstart ${w.name}`, {
        window: 8,
        paceMs: 10,
      }),
    );
    await sleep(500);
    await postgres.restart();
    const recovered = await Promise.all(
      writers.map((w, i) => postingWorksWithin(w, threads[i]!, 5_000)),
    );
    posting.forEach((p) => p.stop());
    // A post sent as the server closed a connection it could not serve (1011) may have crossed
    // the close unanswered; the client sends it again with its key, as the protocol says.
    const outcomes = (
      await Promise.all(
        writers.map(async (w, i) =>
          sendUnansweredAgain(w, threads[i]!, [
            ...(await posting[i]!.outcomes),
            ...recovered[i]!,
          ]),
        ),
      )
    ).flat();

    // Recovered means every request works again, not only after one failed on each connection.
    await sleep(1_000);
    for (const server of servers) {
      const login = await server.loginRaw(people.lars);
      expect
        .soft(
          login.status,
          `the first login on port ${server.port} a second after recovery: ${login.text}`,
        )
        .toBe(200);
    }
    const refusedOtherwise = outcomes.filter(
      (o) => ackedSeq(o) === undefined && errorCode(o) !== "storage_failed",
    );
    expect(
      refusedOtherwise,
      "a refused post is refused with storage_failed",
    ).toEqual([]);
    await expectEveryoneHasTheStore(a, [...writers, ...readers], outcomes);
  });

  test("PostgreSQL restarted while idle: the first login, read and post afterwards work on every instance", async () => {
    const { servers, postgres } = await startCluster({ instances: 2 });
    const threads = await roundThreads(servers[0]!);
    const clients = await Promise.all(
      servers.map((s) => s.connectAs(people.anna)),
    );
    await postgres.restart();
    await sleep(2_000);
    for (const [i, server] of servers.entries()) {
      const login = await server.loginRaw(people.erik);
      expect
        .soft(login.status, `first login on port ${server.port}: ${login.text}`)
        .toBe(200);
      const read = await clients[i]!.request("list_rounds");
      expect
        .soft(read, `first list_rounds on port ${server.port}`)
        .toMatchObject({ type: "result" });
      const post = await clients[i]!.request("create_post", {
        round_id: 1,
        thread_id: threads[0],
        body: `Efter vilan ${i}`,
      });
      expect
        .soft(post, `first post on port ${server.port}`)
        .toMatchObject({ type: "result" });
    }
  });

  test("Redis paused (an instance cut off from the bus): the other instance still gets every event from the store within 3 s", async () => {
    const { servers, redis } = await startCluster({ instances: 2 });
    const [a, b] = servers as [SamradServer, SamradServer];
    const threads = await roundThreads(a);
    const writer = await Follower.start(a, people.anna);
    const reader = await Follower.start(b, people.erik);
    const outcomes: PostOutcome[] = [];
    const post = async (body: string): Promise<number> => {
      const key = randomUUID();
      const answer = await sendPost(
        writer.client,
        threads[0]!,
        body,
        key,
        4_000,
      );
      outcomes.push({ body, key, answer, answeredAt: Date.now() });
      if (answer === "no answer" || answer.type !== "result")
        throw new Error(`${body}: ${JSON.stringify(answer)}`);
      return answer.result.seq as number;
    };

    await reader.waitForSeq(await post("Före pausen"), 2_000);
    redis.pause();
    const pausedAt = Date.now();
    const duringPause: Array<{ seq: number; ackedAt: number }> = [];
    while (Date.now() - pausedAt < 2_000) {
      duringPause.push({
        seq: await post(`Under pausen ${duringPause.length + 1}`),
        ackedAt: Date.now(),
      });
      await sleep(200);
    }
    // Still paused: each must arrive from the store, not from Redis.
    for (const { seq, ackedAt } of duringPause) {
      await reader
        .waitForSeq(
          seq,
          Math.max(0, ackedAt + FROM_STORE_WITHIN_MS - Date.now()),
        )
        .catch((err: Error) => {
          throw new Error(
            `seq ${seq}, acked on port ${a.port}, did not reach port ${b.port} within ${FROM_STORE_WITHIN_MS} ms of its ack while Redis was paused: ${err.message}`,
          );
        });
      const arrivedAfter =
        reader.received.find((e) => e.seq === seq)!.receivedAt - ackedAt;
      expect(
        arrivedAfter,
        `seq ${seq} reached port ${b.port} ${arrivedAfter} ms after its ack`,
      ).toBeLessThanOrEqual(FROM_STORE_WITHIN_MS);
    }
    expect(Date.now() - pausedAt, "Redis was still paused").toBeLessThan(6_000);
    await expectEveryoneHasTheStore(a, [writer, reader], outcomes);

    // Redis now delivers what it held back: those frames must not reach anybody a second time.
    redis.resume();
    await sleep(1_000);
    await reader.waitForSeq(await post("Efter pausen"), 2_000);
    await expectEveryoneHasTheStore(b, [writer, reader], outcomes);
  });
});
