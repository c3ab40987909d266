// Session limits (issue 7): a session ends after a time without use (idle; 30 minutes by default,
// here 2 s with --session-idle-seconds) and after a time however much it is used (absolute; 12
// hours by default, here 6 s with --session-seconds). Every request is a use. When a session
// ends its WebSockets close with 4001 — also one that sends nothing — its cookie stops working,
// and the end is in the audit log with its reason.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { api, waitForAudit } from "./support/accounts";
import {
  cleanupAll,
  people,
  sleep,
  startServer,
  type SamradServer,
  type Session,
} from "./support/server";

const IDLE_S = 2;
const ABSOLUTE_S = 6;
let server: SamradServer;
let admin: Session;

beforeAll(async () => {
  server = await startServer({
    args: [
      "--session-idle-seconds",
      String(IDLE_S),
      "--session-seconds",
      String(ABSOLUTE_S),
    ],
  });
});
afterAll(cleanupAll);

// The admin who reads the audit log must stay logged in through the test: one fresh login each
// time it is needed.
async function reader(): Promise<Session> {
  admin = await server.login(people.admin);
  return admin;
}

describe("idle limit", () => {
  test("a session not used for the idle time ends: its silent WebSocket closes with 4001 and its cookie is refused", async () => {
    const session = await server.login(people.anna);
    const t0 = Date.now();
    const socket = await server.connect(session);
    await socket.subscribe(1, 0);
    const closed = await socket.waitClosed((IDLE_S + 3) * 1000);
    const after = Date.now() - t0;
    expect(closed.code).toBe(4001);
    // Not before the idle time, and within the server's sweep (a second) after it.
    expect(after).toBeGreaterThanOrEqual(IDLE_S * 1000 - 200);
    expect(after).toBeLessThan(IDLE_S * 1000 + 2_500);
    expect((await server.me(session)).status).toBe(401);
    expect(await server.upgradeStatus({ cookie: session.cookie })).toBe(401);
    const ended = await waitForAudit(
      server,
      await reader(),
      (e) => e.actor?.name === "Anna Lind" && e.details.reason === "idle",
      "action=session_expired",
    );
    expect(ended.target?.kind).toBe("session");
  });

  test("a session in use stays past the idle time: requests over HTTP and the WebSocket count", async () => {
    const session = await server.login(people.erik);
    const socket = await server.connect(session);
    const t0 = Date.now();
    let turn = 0;
    while (Date.now() - t0 < IDLE_S * 1000 * 2) {
      if (turn++ % 2 === 0) expect((await server.me(session)).status).toBe(200);
      else await socket.ok("list_rounds");
      await sleep(400);
    }
    expect(socket.isOpen).toBe(true);
    expect((await server.me(session)).status).toBe(200);
    // Then left alone, it ends.
    expect((await socket.waitClosed((IDLE_S + 3) * 1000)).code).toBe(4001);
  });

  test("a command through the WebSocket counts as a use too", async () => {
    const session = await server.login(people.maria);
    const socket = await server.connect(session);
    const head = (await socket.subscribe(1, 0)).head_seq;
    const thread = socket.events(1).find((e) => e.kind === "thread_created")!
      .data.thread_id as number;
    const t0 = Date.now();
    while (Date.now() - t0 < IDLE_S * 1000 * 1.5) {
      await socket.ok("create_post", {
        round_id: 1,
        thread_id: thread,
        body: `Fortfarande här ${Date.now()}`,
      });
      await sleep(500);
    }
    expect(socket.isOpen).toBe(true);
    expect(head).toBeGreaterThan(0);
  });
});

describe("absolute limit", () => {
  test("a session ends at its absolute limit however much it is used", async () => {
    const session = await server.login(people.lena);
    const t0 = Date.now();
    const socket = await server.connect(session);
    const closing = socket.waitClosed((ABSOLUTE_S + 4) * 1000);
    let lastOk = 0;
    while (Date.now() - t0 < (ABSOLUTE_S + 2) * 1000) {
      const r = await server.me(session);
      if (r.status === 200) lastOk = Date.now() - t0;
      else break;
      await sleep(300);
    }
    expect(lastOk).toBeGreaterThan(ABSOLUTE_S * 1000 - 1_000);
    expect(lastOk).toBeLessThan(ABSOLUTE_S * 1000 + 100);
    expect((await closing).code).toBe(4001);
    expect((await server.me(session)).status).toBe(401);
    const ended = await waitForAudit(
      server,
      await reader(),
      (e) =>
        e.actor?.name === "Lena Sjöberg" && e.details.reason === "absolute",
      "action=session_expired",
    );
    expect(ended.source).toBe("server");
    // A fresh login works.
    expect(
      (
        await api(
          server,
          await server.login(people.lena),
          "GET",
          "/api/sessions",
        )
      ).status,
    ).toBe(200);
  });
});
