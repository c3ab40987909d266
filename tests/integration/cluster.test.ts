// Three instances on one PostgreSQL database with a Redis bus: clients on every instance post to
// the same stream at once, back to back, and every client still receives every event of the
// stream exactly once, in seq order, frame for frame what the store holds.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  ackedSeq,
  expectEveryoneHasTheStore,
  Follower,
  postMany,
  posters,
  roundThreads,
  startCluster,
  uniqueBodies,
  type Cluster,
  type PostOutcome,
} from "./support/cluster";
import { cleanupAll, people } from "./support/server";

const BURSTS = 5;
const POSTS_PER_CLIENT = 40;
const LIVE_WITHIN_MS = 2_000;

let cluster: Cluster;
let threads: number[];
let followers: Follower[];

beforeAll(async () => {
  cluster = await startCluster({ instances: 3 });
  threads = await roundThreads(cluster.servers[0]!);
  expect(threads.length).toBeGreaterThanOrEqual(3);
  // Two clients per instance, each a different person, subscribed from the first event on.
  followers = await Promise.all(
    posters.map((email, i) =>
      Follower.start(cluster.servers[i % cluster.servers.length]!, email, 0),
    ),
  );
});
afterAll(cleanupAll);

describe("a cluster of three instances", () => {
  test("a post made through one instance reaches a client on another live, within 2 s", async () => {
    const [onFirst, onSecond] = [followers[0]!, followers[1]!];
    expect(onFirst.server).not.toBe(onSecond.server);
    const sentAt = Date.now();
    const ack = await onFirst.client.ok<{ seq: number; post_id: number }>(
      "create_post",
      {
        round_id: 1,
        thread_id: threads[0],
        body: "Live mellan instanser",
      },
    );
    await onSecond.waitForSeq(ack.seq, LIVE_WITHIN_MS - (Date.now() - sentAt));
    const arrived = onSecond.received.find((e) => e.seq === ack.seq)!;
    expect(JSON.parse(arrived.text)).toMatchObject({
      kind: "post_created",
      data: { post_id: ack.post_id, body: "Live mellan instanser" },
    });
  });

  test(`${BURSTS} bursts of ${posters.length}×${POSTS_PER_CLIENT} concurrent posts: every client gets every event once, in order`, async () => {
    const all: PostOutcome[] = [];
    for (let burst = 1; burst <= BURSTS; burst++) {
      const outcomes = (
        await Promise.all(
          followers.map((f, i) =>
            postMany(
              f.client,
              threads[i % threads.length]!,
              uniqueBodies(`Skur ${burst} ${f.name}`, POSTS_PER_CLIENT),
            ),
          ),
        )
      ).flat();
      const refused = outcomes.filter((o) => ackedSeq(o) === undefined);
      expect(refused, `burst ${burst}: every post is acknowledged`).toEqual([]);
      const seqs = outcomes.map((o) => ackedSeq(o)!);
      expect(
        new Set(seqs).size,
        `burst ${burst}: every ack has its own seq`,
      ).toBe(seqs.length);
      // The premise: the instances' commits interleaved, rather than one instance after another.
      const ranges = cluster.servers.map((s) => {
        const own = followers.flatMap((f, i) => (f.server === s ? [i] : []));
        const ownSeqs = own.flatMap((i) =>
          outcomes
            .slice(i * POSTS_PER_CLIENT, (i + 1) * POSTS_PER_CLIENT)
            .map((o) => ackedSeq(o)!),
        );
        return { low: Math.min(...ownSeqs), high: Math.max(...ownSeqs) };
      });
      const overlapping = ranges.some((r, i) =>
        ranges.some((o, j) => i !== j && r.low < o.high && o.low < r.high),
      );
      expect(
        overlapping,
        `burst ${burst}: seq ranges per instance ${JSON.stringify(ranges)}`,
      ).toBe(true);
      all.push(...outcomes);
      await expectEveryoneHasTheStore(
        cluster.servers[burst % cluster.servers.length]!,
        followers,
        all,
      );
      // Nothing failed here, so no connection should have been cut and resumed.
      expect(followers.flatMap((f) => f.cuts)).toEqual([]);
    }
  });

  test("a late subscriber on any instance replays the same frames as the others received", async () => {
    const late = await Promise.all(
      cluster.servers.map((s) => Follower.start(s, people.lars, 0)),
    );
    await expectEveryoneHasTheStore(
      cluster.servers[0]!,
      [...followers, ...late],
      [],
    );
  });
});
