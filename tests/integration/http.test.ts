// HTTP API against the real server: health, login/logout/me, the session cookie, and the
// Origin check on POSTs (CSRF).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  sessionSetCookie,
  startServer,
  type SamradServer,
} from "./support/server";

let server: SamradServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(cleanupAll);

describe("HTTP API", () => {
  test("GET /api/health → 200 {status: ok}", async () => {
    const r = await server.http("GET", "/api/health");
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: "ok" });
  });

  test("login with a wrong password → 401 unauthenticated, no session cookie", async () => {
    const r = await server.loginRaw(people.anna, "not-the-password");
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ error: { code: "unauthenticated" } });
    expect(sessionSetCookie(r.headers)).toBeUndefined();
  });

  test("login with an unknown email → 401 unauthenticated (same answer as a wrong password)", async () => {
    const r = await server.loginRaw("nobody@nowhere.example", "samrad-demo");
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ error: { code: "unauthenticated" } });
    expect(sessionSetCookie(r.headers)).toBeUndefined();
  });

  test("login OK → person + HttpOnly SameSite=Strict cookie with a 32-hex-char token", async () => {
    const r = await server.loginRaw(people.anna);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      person: {
        name: "Anna Lind",
        role: "representative",
        organisation: { name: "Malmö stad", kind: "municipality" },
      },
    });
    const cookie = sessionSetCookie(r.headers);
    expect(cookie).toBeDefined();
    const parts = cookie!.split(";").map((p) => p.trim());
    expect(parts[0]).toMatch(/^samrad_session=[0-9a-f]{32}$/);
    const attrs = parts.slice(1).map((p) => p.toLowerCase());
    expect(attrs).toContain("httponly");
    expect(attrs).toContain("samesite=strict");
    expect(attrs).toContain("path=/");
  });

  test("two logins get different tokens", async () => {
    const a = await server.login(people.anna);
    const b = await server.login(people.anna);
    expect(a.token).not.toBe(b.token);
  });

  test("GET /api/me: 200 with the person with a cookie, 401 without or with a made-up one", async () => {
    const s = await server.login(people.erik);
    const withCookie = await server.me(s);
    expect(withCookie.status).toBe(200);
    expect(withCookie.json).toMatchObject({
      person: { id: s.person.id, name: "Erik Nilsson", role: "representative" },
    });

    const without = await server.me();
    expect(without.status).toBe(401);
    expect(without.json).toMatchObject({ error: { code: "unauthenticated" } });

    const forged = await server.http("GET", "/api/me", {
      headers: { Cookie: "samrad_session=0123456789abcdef0123456789abcdef" },
    });
    expect(forged.status).toBe(401);
  });

  test("logout ends the session: 204, then /api/me → 401 and the old cookie cannot open /ws", async () => {
    const s = await server.login(people.maria);
    expect(await server.upgradeStatus({ cookie: s.cookie })).toBe(101);

    const out = await server.logout(s);
    expect(out.status).toBe(204);

    const me = await server.me(s);
    expect(me.status).toBe(401);
    expect(await server.upgradeStatus({ cookie: s.cookie })).toBe(401);
  });

  test("logout of one session leaves another session of the same person alive", async () => {
    const a = await server.login(people.lena);
    const b = await server.login(people.lena);
    expect((await server.logout(a)).status).toBe(204);
    expect((await server.me(a)).status).toBe(401);
    expect((await server.me(b)).status).toBe(200);
  });

  test("login with a body that is not {email, password} → 400 bad_request", async () => {
    for (const body of [
      "not json",
      "[]",
      JSON.stringify({ email: people.anna }),
      JSON.stringify({ email: 1, password: 2 }),
    ]) {
      const r = await server.http("POST", "/api/login", {
        headers: { Origin: server.baseUrl },
        body,
      });
      expect(r.status, body).toBe(400);
      expect(r.json, body).toMatchObject({ error: { code: "bad_request" } });
      expect(sessionSetCookie(r.headers)).toBeUndefined();
    }
  });

  test("login POST with a foreign Origin → 403 forbidden and no cookie", async () => {
    const r = await server.loginRaw(
      people.anna,
      "samrad-demo",
      "http://evil.example",
    );
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ error: { code: "forbidden" } });
    expect(sessionSetCookie(r.headers)).toBeUndefined();
  });

  test("login POST without an Origin → 403", async () => {
    const r = await server.loginRaw(people.anna, "samrad-demo", null);
    expect(r.status).toBe(403);
    expect(sessionSetCookie(r.headers)).toBeUndefined();
  });

  test("login POST from http://localhost:PORT (the server's own origin) is accepted", async () => {
    const r = await server.loginRaw(
      people.anna,
      "samrad-demo",
      `http://localhost:${server.port}`,
    );
    expect(r.status).toBe(200);
    expect(sessionSetCookie(r.headers)).toMatch(/^samrad_session=[0-9a-f]{32}/);
  });

  test("logout POST with a foreign Origin → 403 and the session stays alive (CSRF)", async () => {
    const s = await server.login(people.johan);
    const r = await server.logout(s, "http://evil.example");
    expect(r.status).toBe(403);
    expect((await server.me(s)).status).toBe(200);
  });

  test("the server is still running after all of the above", () => {
    expect(server.running).toBe(true);
  });
});
