// A person's own sessions (issue 7): each with its device, address, when it was opened and last
// used, which one is this one; ending one closes its WebSockets with 4001 and stops its cookie;
// ending this one logs out here; nobody ends another person's session this way.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { api, apiOk, audit, errorCode } from "./support/accounts";
import {
  cleanupAll,
  people,
  startServer,
  type SamradServer,
  type Session,
} from "./support/server";

interface OwnSession {
  id: number;
  created_at: string;
  last_used_at: string;
  expires_at: string;
  absolute_expires_at: string;
  user_agent: string;
  address: string;
  current: boolean;
}

let server: SamradServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(cleanupAll);

async function loginWithAgent(email: string, agent: string): Promise<Session> {
  const r = await server.http("POST", "/api/login", {
    headers: { Origin: server.baseUrl, "User-Agent": agent },
    body: JSON.stringify({ email, password: "samrad-demo" }),
  });
  expect(r.status).toBe(200);
  const token = /samrad_session=([0-9a-f]{32})/.exec(
    String(r.headers["set-cookie"]),
  )![1]!;
  return {
    email,
    token,
    cookie: `samrad_session=${token}`,
    setCookie: "",
    person: (r.json as { person: Session["person"] }).person,
  };
}

async function sessionsOf(session: Session): Promise<OwnSession[]> {
  return (
    await apiOk<{ sessions: OwnSession[] }>(
      server,
      session,
      "GET",
      "/api/sessions",
    )
  ).sessions;
}

describe("own sessions", () => {
  test("a person sees each of their sessions with its device, address and times, and which is this one", async () => {
    const laptop = await loginWithAgent(
      people.anna,
      "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0",
    );
    const phone = await loginWithAgent(
      people.anna,
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Safari/604.1",
    );
    await loginWithAgent(people.erik, "Erik's browser");
    const seen = await sessionsOf(laptop);
    expect(seen).toHaveLength(2);
    expect(seen.filter((s) => s.current).map((s) => s.user_agent)).toEqual([
      expect.stringContaining("Firefox"),
    ]);
    expect(seen.map((s) => s.user_agent).sort()).toEqual([
      expect.stringContaining("Firefox"),
      expect.stringContaining("iPhone"),
    ]);
    for (const s of seen) {
      expect(s.address).toBe("127.0.0.1");
      expect(Date.parse(s.created_at)).toBeLessThanOrEqual(
        Date.parse(s.last_used_at),
      );
      expect(Date.parse(s.last_used_at)).toBeLessThan(Date.parse(s.expires_at));
      expect(Date.parse(s.expires_at)).toBeLessThanOrEqual(
        Date.parse(s.absolute_expires_at),
      );
    }
    const fromPhone = await sessionsOf(phone);
    expect(fromPhone.find((s) => s.current)!.user_agent).toContain("iPhone");
  });

  test("ending another of one's sessions closes its WebSockets with 4001 and stops its cookie", async () => {
    const here = await loginWithAgent(people.maria, "Laptop");
    const there = await loginWithAgent(people.maria, "Telefon");
    const socket = await server.connect(there);
    const thereId = (await sessionsOf(here)).find((s) => !s.current)!.id;
    const r = await api(server, here, "POST", `/api/sessions/${thereId}/end`);
    expect(r.status).toBe(204);
    expect(r.headers["set-cookie"]).toBeUndefined();
    expect((await socket.waitClosed(2_000)).code).toBe(4001);
    expect((await server.me(there)).status).toBe(401);
    expect((await server.me(here)).status).toBe(200);
    expect((await sessionsOf(here)).map((s) => s.user_agent)).toEqual([
      "Laptop",
    ]);
    // Already ended: not found.
    expect(
      (await api(server, here, "POST", `/api/sessions/${thereId}/end`)).status,
    ).toBe(404);
  });

  test("nobody ends another person's session this way, not even an admin", async () => {
    const johan = await loginWithAgent(people.johan, "Johans dator");
    const johanId = (await sessionsOf(johan))[0]!.id;
    for (const email of [people.lena, people.admin]) {
      const other = await server.login(email);
      const r = await api(
        server,
        other,
        "POST",
        `/api/sessions/${johanId}/end`,
      );
      expect(r.status).toBe(404);
      expect(errorCode(r)).toBe("not_found");
    }
    expect((await server.me(johan)).status).toBe(200);
  });

  test("ending this session logs out here: the cookie is cleared", async () => {
    const session = await loginWithAgent(people.per, "Pers dator");
    const socket = await server.connect(session);
    const id = (await sessionsOf(session)).find((s) => s.current)!.id;
    const r = await api(server, session, "POST", `/api/sessions/${id}/end`);
    expect(r.status).toBe(204);
    expect(String(r.headers["set-cookie"])).toMatch(
      /^samrad_session=; .*Max-Age=0/,
    );
    expect((await socket.waitClosed(2_000)).code).toBe(4001);
    expect((await server.me(session)).status).toBe(401);
  });

  test("each end is in the audit log with the device and address of the ended session", async () => {
    const admin = await server.login(people.admin);
    const ended = await audit(server, admin, "action=session_ended");
    expect(ended.length).toBe(2);
    expect(ended.map((e) => e.details.device).sort()).toEqual([
      "Pers dator",
      "Telefon",
    ]);
  });

  test("bad requests get clear answers", async () => {
    const session = await server.login(people.ida);
    const cases: Array<[string, string, number]> = [
      ["POST", "/api/sessions/abc/end", 404],
      ["POST", "/api/sessions/0/end", 404],
      ["POST", "/api/sessions/1/stop", 404],
      ["GET", "/api/sessions/1/end", 405],
      ["DELETE", "/api/sessions", 405],
      ["POST", "/api/sessions", 405],
    ];
    for (const [method, path, status] of cases) {
      expect(
        (await api(server, session, method, path)).status,
        `${method} ${path}`,
      ).toBe(status);
    }
    expect((await api(server, null, "GET", "/api/sessions")).status).toBe(401);
    expect(
      (await api(server, null, "POST", "/api/sessions/1/end")).status,
    ).toBe(401);
    // Without an allowed Origin a change is refused (CSRF).
    const id = (await sessionsOf(session))[0]!.id;
    const csrf = await server.http("POST", `/api/sessions/${id}/end`, {
      headers: { Cookie: session.cookie, Origin: "https://evil.example" },
    });
    expect(csrf.status).toBe(403);
    expect((await server.me(session)).status).toBe(200);
  });
});
