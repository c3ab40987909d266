// A login session bounds everything done with it: when it expires, its open WebSockets close
// with 4001 and its cookie no longer works, while a fresh login does.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  startServer,
  type SamradServer,
} from "./support/server";

const lifetimeSeconds = 2;
let server: SamradServer;

beforeAll(async () => {
  server = await startServer({
    args: ["--session-seconds", String(lifetimeSeconds)],
  });
});
afterAll(cleanupAll);

describe("session expiry", () => {
  test("an expired session's WebSocket closes with 4001 and its cookie is refused", async () => {
    const session = await server.login(people.anna);
    const socket = await server.connect(session);
    const subscribed = await socket.subscribe(1, 0);
    expect(subscribed.head_seq).toBeGreaterThan(0);
    expect(socket.isOpen).toBe(true);

    const closed = await socket.waitClosed((lifetimeSeconds + 3) * 1000);
    expect(closed.code).toBe(4001);

    expect((await server.me(session)).status).toBe(401);
    expect(await server.upgradeStatus({ cookie: session.cookie })).toBe(401);

    const fresh = await server.login(people.anna);
    expect((await server.me(fresh)).status).toBe(200);
  });
});
