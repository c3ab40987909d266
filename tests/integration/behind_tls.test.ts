// Served behind TLS ([auth] cookie_secure = true): the session cookie is Secure and __Host-
// prefixed, and every response carries Strict-Transport-Security. Without it, neither.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  DEMO_PASSWORD,
  cleanupAll,
  people,
  startServer,
  type SamradServer,
} from "./support/server";

afterAll(cleanupAll);

describe("behind TLS", () => {
  let server: SamradServer;
  beforeAll(async () => {
    server = await startServer({ config: "[auth]\ncookie_secure = true\n" });
  });

  async function loginCookie(): Promise<{ setCookie: string; token: string }> {
    const r = await server.loginRaw(people.anna, DEMO_PASSWORD);
    expect(r.status).toBe(200);
    const setCookie = (r.headers["set-cookie"] ?? []).find((c) =>
      c.includes("samrad_session="),
    );
    expect(setCookie).toBeDefined();
    return {
      setCookie: setCookie!,
      token: /^__Host-samrad_session=([0-9a-f]+)/.exec(setCookie!)?.[1] ?? "",
    };
  }

  test("the session cookie is __Host-samrad_session: Secure, Path=/, no Domain", async () => {
    const { setCookie, token } = await loginCookie();
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    const attributes = setCookie
      .split(";")
      .slice(1)
      .map((a) => a.trim().toLowerCase());
    expect(attributes).toContain("secure");
    expect(attributes).toContain("path=/");
    expect(attributes).toContain("httponly");
    expect(attributes).toContain("samesite=strict");
    expect(attributes.some((a) => a.startsWith("domain="))).toBe(false);
  });

  test("only the prefixed cookie is a session; logout clears the prefixed one", async () => {
    const { token } = await loginCookie();
    const me = (cookie: string) =>
      server.http("GET", "/api/me", { headers: { Cookie: cookie } });
    expect((await me(`__Host-samrad_session=${token}`)).status).toBe(200);
    expect((await me(`samrad_session=${token}`)).status).toBe(401);
    expect(
      await server.upgradeStatus({ cookie: `__Host-samrad_session=${token}` }),
    ).toBe(101);
    const out = await server.http("POST", "/api/logout", {
      headers: {
        Cookie: `__Host-samrad_session=${token}`,
        Origin: server.baseUrl,
      },
    });
    expect(out.status).toBe(204);
    expect(out.headers["set-cookie"]?.[0]).toMatch(
      /^__Host-samrad_session=;.*Max-Age=0.*Secure/,
    );
    expect((await me(`__Host-samrad_session=${token}`)).status).toBe(401);
  });

  test("every kind of response says HTTPS only (HSTS)", async () => {
    const { token } = await loginCookie();
    const responses = [
      await server.http("GET", "/api/health"),
      await server.http("GET", "/api/me"),
      await server.http("GET", "/api/no-such-endpoint"),
      await server.http("GET", "/api/me", {
        headers: { Cookie: `__Host-samrad_session=${token}` },
      }),
      await server.loginRaw(people.anna, "wrong password"),
      await server.http("GET", "/"),
    ];
    for (const r of responses) {
      expect(
        r.headers["strict-transport-security"],
        `${r.status} ${r.text.slice(0, 80)}`,
      ).toBe("max-age=63072000");
    }
  });
});

test("over plain HTTP: no HSTS, no prefix, no Secure", async () => {
  const server = await startServer();
  const r = await server.loginRaw(people.anna, DEMO_PASSWORD);
  expect(r.headers["strict-transport-security"]).toBeUndefined();
  const setCookie = r.headers["set-cookie"]![0]!;
  expect(setCookie).toMatch(/^samrad_session=/);
  expect(setCookie.toLowerCase()).not.toContain("secure");
});
