// A subscriber that stops reading is cut with close code 4000 ("resume") once its send queue
// passes the bound, and loses nothing: resuming with since=<last seq> delivers the rest exactly
// once (DESIGN.md rules 2 and 4). Other subscribers are not held back by it.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  expectContiguous,
  people,
  startServer,
  threadIds,
  type SamradServer,
} from "./support/server";

// Above a burst of 30 posts (so a reader that keeps up is never cut), far below the total.
const queueBytes = 1024 * 1024;
let server: SamradServer;

beforeAll(async () => {
  server = await startServer({
    args: ["--send-queue-bytes", String(queueBytes)],
  });
});
afterAll(cleanupAll);

describe("slow consumer", () => {
  test("is cut with 4000 and resumes from its last seq with nothing lost or doubled", async () => {
    const slow = await server.connectAs(people.erik);
    const { head_seq: start } = await slow.subscribe(1, 0);
    const thread = threadIds(slow.events(1))[0]!;
    const brisk = await server.connectAs(people.maria);
    await brisk.subscribe(1, start);

    // Stop reading: the kernel buffers fill, then the server's queue for this socket grows.
    slow.ws.pause();
    const writers = await Promise.all(
      [people.anna, people.lena, people.per].map((p) => server.connectAs(p)),
    );
    const body = "Långt inlägg. ".repeat(1200); // 19 200 bytes of UTF-8, under the 20 000 limit
    const posts = 900; // ~17 MB in all: far past the kernel buffers plus the 1 MiB queue bound
    let last = start;
    for (let i = 0; i < posts; i += 30) {
      const acks = await Promise.all(
        Array.from({ length: Math.min(30, posts - i) }, (_, j) =>
          writers[(i + j) % writers.length]!.ok<{ seq: number }>(
            "create_post",
            { round_id: 1, thread_id: thread, body },
          ),
        ),
      );
      last = Math.max(last, ...acks.map((a) => a.seq));
    }
    expect(last).toBe(start + posts);

    // The reader that kept up has everything, in order.
    await brisk.waitForSeq(1, last, 30_000);
    expectContiguous(brisk.events(1), start + 1);
    expect(brisk.events(1)).toHaveLength(posts);

    // The slow one, once it reads again, drains what was on the wire and finds the close.
    slow.ws.resume();
    const closed = await slow.waitClosed(30_000);
    expect(closed.code).toBe(4000);
    const seen = slow.events(1);
    expectContiguous(seen, 1);
    const seenUpTo = seen.at(-1)!.seq;
    expect(seenUpTo).toBeLessThan(last);

    const resumed = await server.connectAs(people.erik);
    const { replay } = await resumed.subscribe(1, seenUpTo);
    expectContiguous(replay, seenUpTo + 1);
    expect(replay.at(-1)!.seq).toBe(last);
  }, 120_000);
});
