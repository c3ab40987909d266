// SIGTERM shuts the server down cleanly: open WebSockets get 1001 (going away), the process
// exits 0, acknowledged data is kept.
import { afterEach, describe, expect, test } from "vitest";
import { cleanupAll, people, startServer, threadIds } from "./support/server";

afterEach(cleanupAll);

describe("SIGTERM", () => {
  test("open WebSockets are closed with 1001 and the process exits 0", async () => {
    const server = await startServer();
    const anna = await server.connectAs(people.anna);
    const erik = await server.connectAs(people.erik);
    await erik.subscribe(1, 0);

    const exit = await server.stop();
    const [ca, ce] = await Promise.all([
      anna.waitClosed(5_000),
      erik.waitClosed(5_000),
    ]);
    expect(ca.code).toBe(1001);
    expect(ce.code).toBe(1001);
    expect(exit).toEqual({ code: 0, signal: null });
  });

  test("SIGTERM right after an ack keeps the post; the restarted server serves it", async () => {
    const server = await startServer();
    const anna = await server.connectAs(people.anna);
    const r = await anna.subscribe(1, 0);
    const ack = await anna.ok<{ seq: number; post_id: number }>("create_post", {
      round_id: 1,
      thread_id: threadIds(r.replay)[0],
      body: "Före nedstängning.",
    });
    const exit = await server.stop();
    expect(exit.code).toBe(0);
    expect((await anna.waitClosed(5_000)).code).toBe(1001);

    await server.restart();
    const c = await server.connectAs(people.erik);
    const again = await c.subscribe(1, 0);
    expect(again.head_seq).toBe(ack.seq);
    expect(again.replay.at(-1)).toMatchObject({
      data: { post_id: ack.post_id, body: "Före nedstängning." },
    });
  });

  test("SIGINT also exits 0", async () => {
    const server = await startServer();
    const c = await server.connectAs(people.anna);
    process.kill(server.pid!, "SIGINT");
    const exit = await server.waitExit();
    expect(exit).toEqual({ code: 0, signal: null });
    expect((await c.waitClosed(5_000)).code).toBe(1001);
  });

  test("after SIGTERM nothing listens on the port any more", async () => {
    const server = await startServer();
    expect((await server.http("GET", "/api/health")).status).toBe(200);
    expect((await server.stop()).code).toBe(0);
    await expect(server.http("GET", "/api/health")).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});
