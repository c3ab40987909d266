// Crash schedules: 100 times, four people post in a burst and the server is killed (SIGKILL) at a
// random moment of it, then restarted on the same SQLite file. After each: every acknowledged
// post is in the stream exactly once with the seq its answer named, the stream's seqs are
// gapless from 1, nothing unacknowledged appears twice, and PRAGMA integrity_check passes.
// A full disk (a small tmpfs): posts fail with storage_failed, nothing is corrupted, and posting
// works again once there is room.
import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { random, replay } from "./support/schedules";
import {
  cleanupAll,
  people,
  registerCleanup,
  sleep,
  startServer,
  threadIds,
  type EventMsg,
  type WsClient,
} from "./support/server";

afterAll(cleanupAll);

function integrityCheck(dbPath: string): string {
  return execFileSync("sqlite3", [dbPath, "PRAGMA integrity_check"], {
    encoding: "utf8",
  }).trim();
}

describe("crash schedules", () => {
  test("100 kills during bursts of posts: every acknowledged post exactly once, seqs gapless, the file sound", async () => {
    const server = await startServer();
    // Sessions are in the database: they outlive every restart, so no login per schedule.
    const sessions = await Promise.all(
      [
        people.anna,
        people.erik,
        people.maria,
        people.per,
        people.secretariat,
      ].map((p) => server.login(p)),
    );
    const reader = sessions[4]!;
    let threads = threadIds(await replay(server, reader));
    for (let schedule = 0; schedule < 100; ++schedule) {
      const next = random(schedule);
      const writers: WsClient[] = await Promise.all(
        sessions.slice(0, 4).map((s) => server.connect(s)),
      );
      const sent = new Map<string, { writer: WsClient; id: number }>();
      const posts = 10 + Math.floor(next() * 30);
      for (let i = 0; i < posts; ++i) {
        const writer = writers[i % 4]!;
        const id = writer.allocId();
        const body = `Schema ${schedule} inlägg ${i}`;
        sent.set(body, { writer, id });
        writer.ws.send(
          JSON.stringify({
            type: "create_post",
            id,
            round_id: 1,
            thread_id: threads[i % threads.length],
            reply_to: null,
            body,
          }),
        );
      }
      await sleep(Math.floor(next() * 25));
      await server.kill9();
      const acked = new Map<string, number>(); // body → seq the answer named
      for (const [body, { writer, id }] of sent) {
        const answer = writer.messages.find(
          (m) => m.type === "result" && (m as { id: number }).id === id,
        );
        if (answer)
          acked.set(
            body,
            (answer as unknown as { result: { seq: number } }).result.seq,
          );
      }
      for (const writer of writers) writer.ws.terminate();
      await server.restart();
      const events = await replay(server, reader);
      const bodies = new Map<string, EventMsg[]>();
      for (const event of events) {
        if (event.kind !== "post_created") continue;
        const body = (event.data as { body: string }).body;
        if (!body.startsWith(`Schema ${schedule} `)) continue;
        bodies.set(body, [...(bodies.get(body) ?? []), event]);
      }
      for (const [body, seq] of acked) {
        expect(
          bodies.get(body)?.map((e) => e.seq),
          `schedule ${schedule}: ${body}`,
        ).toEqual([seq]);
      }
      for (const [body, copies] of bodies)
        expect(copies, `schedule ${schedule}: ${body}`).toHaveLength(1);
      expect(integrityCheck(server.dbPath), `schedule ${schedule}`).toBe("ok");
      threads = threadIds(events);
    }
  }, 600_000);
});

describe("a full disk", () => {
  test("posts fail with storage_failed, nothing is corrupted, and posting works again once there is room", async () => {
    if (process.getuid?.() !== 0)
      throw new Error("this test mounts a tmpfs: run it as root");
    const mountPoint = mkdtempSync(join(tmpdir(), "samrad-full-"));
    execFileSync("mount", [
      "-t",
      "tmpfs",
      "-o",
      "size=12m",
      "tmpfs",
      mountPoint,
    ]);
    registerCleanup(async () => {
      try {
        execFileSync("umount", ["-l", mountPoint]);
      } catch {
        // already unmounted
      }
      rmSync(mountPoint, { recursive: true, force: true });
    });
    const server = await startServer({ dir: mountPoint });
    const anna = await server.login(people.anna);
    const writer = await server.connect(anna);
    const { replay: before } = await writer.subscribe(1, 0);
    const thread = threadIds(before)[0]!;
    const post = (body: string) =>
      writer.request("create_post", {
        round_id: 1,
        thread_id: thread,
        reply_to: null,
        body,
      });
    expect((await post("Innan disken blev full")).type).toBe("result");

    // Fill what is left of the disk.
    const filler = join(mountPoint, "filler");
    const fd = openSync(filler, "w");
    const block = Buffer.alloc(64 * 1024, 0x61);
    try {
      for (;;) writeSync(fd, block);
    } catch {
      // ENOSPC: full
    }
    closeSync(fd);

    let refused = 0;
    const acked: string[] = [];
    for (let i = 0; i < 400 && refused < 5; ++i) {
      const body = `Full disk ${i} ` + "x".repeat(8_000);
      const answer = await post(body);
      if (answer.type === "error") {
        expect(answer.error.code).toBe("storage_failed");
        ++refused;
      } else {
        acked.push(body);
      }
    }
    expect(refused).toBeGreaterThan(0);

    rmSync(filler);
    expect((await post("När det finns plats igen")).type).toBe("result");
    writer.ws.terminate();
    await server.kill9();
    expect(integrityCheck(server.dbPath)).toBe("ok");
    await server.restart();
    const events = await replay(server, anna);
    const bodies = events.flatMap((e) =>
      e.kind === "post_created" ? [(e.data as { body: string }).body] : [],
    );
    for (const body of acked)
      expect(bodies.filter((b) => b === body)).toHaveLength(1);
    expect(bodies.filter((b) => b.startsWith("Full disk ")).length).toBe(
      acked.length,
    );
    expect(bodies).toContain("När det finns plats igen");
    await server.stop();
  }, 120_000);
});
