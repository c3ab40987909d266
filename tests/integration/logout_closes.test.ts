// Logout ends the session server-side and closes that session's open WebSockets with 4001 —
// and no other session's.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  sleep,
  startServer,
  threadIds,
  type SamradServer,
} from "./support/server";

let server: SamradServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(cleanupAll);

describe("logout closes the session's WebSockets", () => {
  test("Anna's two sockets of the logged-out session close with 4001; her other session and Erik's stay open", async () => {
    const annaA = await server.login(people.anna);
    const annaB = await server.login(people.anna);
    const erikS = await server.login(people.erik);
    const a1 = await server.connect(annaA);
    const a2 = await server.connect(annaA);
    const b1 = await server.connect(annaB);
    const e1 = await server.connect(erikS);
    const head = (await e1.subscribe(1, 0)).head_seq;
    const thread = threadIds(e1.events(1))[0]!;
    await b1.subscribe(1, head);
    await a1.subscribe(1, head);

    const out = await server.logout(annaA);
    expect(out.status).toBe(204);

    const [c1, c2] = await Promise.all([
      a1.waitClosed(5_000),
      a2.waitClosed(5_000),
    ]);
    expect(c1.code).toBe(4001);
    expect(c2.code).toBe(4001);

    await sleep(300);
    expect(b1.isOpen).toBe(true);
    expect(e1.isOpen).toBe(true);

    // The other connections still work both ways.
    const r = await b1.ok<{ seq: number; post_id: number }>("create_post", {
      round_id: 1,
      thread_id: thread,
      body: "Fortfarande inloggad.",
    });
    await e1.waitForSeq(1, r.seq);
    await b1.waitForSeq(1, r.seq);
    expect(e1.events(1).at(-1)).toMatchObject({
      seq: r.seq,
      data: { post_id: r.post_id },
    });

    // The ended session can neither reconnect nor use HTTP; the other one can.
    expect(await server.upgradeStatus({ cookie: annaA.cookie })).toBe(401);
    expect((await server.me(annaA)).status).toBe(401);
    expect((await server.me(annaB)).status).toBe(200);
  });

  test("logout of Erik does not touch Anna's socket", async () => {
    const anna = await server.connectAs(people.anna);
    const erikS = await server.login(people.erik);
    const erik = await server.connect(erikS);
    expect((await server.logout(erikS)).status).toBe(204);
    expect((await erik.waitClosed(5_000)).code).toBe(4001);
    await sleep(300);
    expect(anna.isOpen).toBe(true);
    expect(
      (await anna.ok<{ rounds: unknown[] }>("list_rounds")).rounds.length,
    ).toBeGreaterThan(0);
  });

  test("logout without a session → 204 and closes nothing", async () => {
    const anna = await server.connectAs(people.anna);
    const r = await server.http("POST", "/api/logout", {
      headers: { Origin: server.baseUrl },
    });
    expect(r.status).toBe(204);
    await sleep(300);
    expect(anna.isOpen).toBe(true);
  });
});
