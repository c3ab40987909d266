// Read-only API tokens for exports (issue 8): observers and admins make, list and revoke them
// through their login session; a token works on /api/export/ endpoints alone, with its owner's
// permissions, and is refused everywhere else (the WebSocket included); revoked, expired,
// unknown and deactivated people's tokens are 401 with WWW-Authenticate; every creation, use and
// revocation is in the audit log; a revoke answered before a use is sent always wins.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  acceptInvitation,
  api,
  apiOk,
  audit,
  createPerson,
  errorCode,
  organisationByName,
} from "./support/accounts";
import {
  cleanupAll,
  people,
  sleep,
  startServer,
  type HttpResponse,
  type SamradServer,
  type Session,
} from "./support/server";

interface CreatedToken {
  id: number;
  name: string;
  token: string;
  created_at: string;
  expires_at: string;
}

interface ListedToken {
  id: number;
  name: string;
  scope: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string;
  revoked_at: string | null;
  status: "live" | "expired" | "revoked";
  owner: {
    id: number;
    name: string;
    email: string;
    role: string;
    organisation: string;
  };
}

interface ExportedRound {
  id: number;
  title: string;
  kind: string;
  sectors: string[];
  phase: string;
  created_at: string;
  opens_at: string | null;
  closes_at: string | null;
}

let server: SamradServer;
let admin: Session;
let eva: Session; // an observer at Finansdepartementet

beforeAll(async () => {
  server = await startServer();
  admin = await server.login(people.admin);
  eva = await server.login(people.eva);
});
afterAll(cleanupAll);

async function createToken(
  session: Session,
  name: string,
  expires_at?: string,
): Promise<CreatedToken> {
  return apiOk<CreatedToken>(
    server,
    session,
    "POST",
    "/api/tokens",
    expires_at === undefined ? { name } : { name, expires_at },
    201,
  );
}

async function tokensOf(session: Session): Promise<ListedToken[]> {
  return (
    await apiOk<{ tokens: ListedToken[] }>(
      server,
      session,
      "GET",
      "/api/tokens",
    )
  ).tokens;
}

function withToken(
  token: string,
  path: string,
  method = "GET",
  extra: Record<string, string> = {},
  body?: string,
): Promise<HttpResponse> {
  return server.http(method, path, {
    headers: {
      Authorization: `Bearer ${token}`,
      Origin: server.baseUrl,
      ...extra,
    },
    body,
  });
}

async function exported(token: string, query = ""): Promise<ExportedRound[]> {
  const r = await withToken(token, `/api/export/rounds${query}`);
  if (r.status !== 200) throw new Error(`export → ${r.status} ${r.text}`);
  return (r.json as { rounds: ExportedRound[] }).rounds;
}

function expectInvalidToken(r: HttpResponse): void {
  expect(r.status).toBe(401);
  expect(errorCode(r)).toBe("unauthenticated");
  expect(r.headers["www-authenticate"]).toBe('Bearer error="invalid_token"');
}

/** The rounds a person sees through the WebSocket's list_rounds: what their session may see. */
async function roundIdsSeenBy(session: Session): Promise<number[]> {
  const client = await server.connect(session);
  const list = await client.ok<{ rounds: { id: number }[] }>("list_rounds");
  client.close();
  return list.rounds.map((r) => r.id).sort((a, b) => a - b);
}

describe("creating tokens", () => {
  test("observers and admins create a token, shown once, prefixed and 256 bits strong", async () => {
    for (const session of [eva, admin]) {
      const created = await createToken(session, "Nattlig export");
      expect(created.token).toMatch(/^samrad_export_[A-Za-z0-9_-]{43}$/);
      expect(created.name).toBe("Nattlig export");
      const lifetime =
        Date.parse(created.expires_at) - Date.parse(created.created_at);
      expect(lifetime).toBe(365 * 24 * 3600 * 1000);
      const listed = (await tokensOf(session)).find(
        (t) => t.id === created.id,
      )!;
      expect(listed).toMatchObject({
        name: "Nattlig export",
        scope: "export",
        status: "live",
        last_used_at: null,
        revoked_at: null,
      });
      // The list never holds the token, nor anything of it.
      expect(JSON.stringify(await tokensOf(session))).not.toContain(
        created.token.slice(14),
      );
    }
  });

  test("representatives and the secretariat are refused with 403, and nobody without a session", async () => {
    for (const email of [people.anna, people.secretariat]) {
      const session = await server.login(email);
      const r = await api(server, session, "POST", "/api/tokens", {
        name: "x",
      });
      expect(r.status).toBe(403);
      expect(errorCode(r)).toBe("forbidden");
      expect((await api(server, session, "GET", "/api/tokens")).status).toBe(
        403,
      );
    }
    expect(
      (await api(server, null, "POST", "/api/tokens", { name: "x" })).status,
    ).toBe(401);
    expect((await api(server, null, "GET", "/api/tokens")).status).toBe(401);
  });

  test("a state-changing request needs the allowed Origin", async () => {
    const r = await server.http("POST", "/api/tokens", {
      headers: { Cookie: eva.cookie, Origin: "https://evil.example" },
      body: JSON.stringify({ name: "x" }),
    });
    expect(r.status).toBe(403);
  });

  test("bad bodies get a clear error and make nothing", async () => {
    const before = (await tokensOf(eva)).length;
    const cases: [unknown, number, string][] = [
      [{}, 400, 'Missing field "name"'],
      [{ name: "   " }, 400, "name"],
      [{ name: "x".repeat(101) }, 413, "100 bytes"],
      [{ name: 7 }, 400, '"name" must be a string'],
      [{ name: "x", scope: "write" }, 400, 'Unknown field "scope"'],
      [{ name: "x", expires_at: "tomorrow" }, 400, '"expires_at"'],
      [{ name: "x", expires_at: "2001-01-01T00:00:00Z" }, 400, "future"],
      [
        {
          name: "x",
          expires_at: new Date(
            Date.now() + 400 * 24 * 3600 * 1000,
          ).toISOString(),
        },
        400,
        "365 days",
      ],
      ["{not json", 400, ""],
    ];
    for (const [body, status, message] of cases) {
      const r = await api(server, eva, "POST", "/api/tokens", body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(
        (r.json as { error: { message: string } }).error.message,
      ).toContain(message);
    }
    expect(
      (await api(server, eva, "POST", "/api/tokens", { name: "x".repeat(100) }))
        .status,
    ).toBe(201);
    const chosen = new Date(Date.now() + 30 * 24 * 3600 * 1000)
      .toISOString()
      .replace(/\.\d+Z$/, "Z");
    const created = await createToken(eva, "Trettio dagar", chosen);
    expect(created.expires_at.replace(/\.\d+Z$/, "Z")).toBe(chosen);
    expect((await tokensOf(eva)).length).toBe(before + 2);
  });

  test("at most 20 live tokens per person; a revoked one makes room", async () => {
    const lars = await observer("Lars Räknare", "lars.raknare@finans.example");
    const made: CreatedToken[] = [];
    for (let i = 0; i < 20; i++)
      made.push(await createToken(lars, `Token ${i}`));
    const refused = await api(server, lars, "POST", "/api/tokens", {
      name: "Token 21",
    });
    expect(refused.status).toBe(409);
    expect(errorCode(refused)).toBe("conflict");
    expect(
      (await api(server, lars, "DELETE", `/api/tokens/${made[0]!.id}`)).status,
    ).toBe(200);
    expect(
      (await api(server, lars, "POST", "/api/tokens", { name: "Token 21" }))
        .status,
    ).toBe(201);
  });
});

/** A new observer at Finansdepartementet, logged in. */
async function observer(name: string, email: string): Promise<Session> {
  const finans = await organisationByName(server, admin, "Finansdepartementet");
  const { invitation } = await createPerson(server, admin, {
    name,
    email,
    role: "observer",
    organisation_id: finans.id,
  });
  return acceptInvitation(
    server,
    invitation.token,
    "ett långt lösenord",
    email,
  );
}

describe("listing and revoking", () => {
  test("a person lists their own tokens; an admin lists everyone's, with whose each is", async () => {
    const mine = await createToken(eva, "Evas lista");
    const theirs = await createToken(admin, "Adminens lista");
    const evas = await tokensOf(eva);
    expect(evas.map((t) => t.id)).toContain(mine.id);
    expect(evas.map((t) => t.id)).not.toContain(theirs.id);
    expect(new Set(evas.map((t) => t.owner.email))).toEqual(
      new Set([people.eva]),
    );
    const all = await tokensOf(admin);
    expect(all.find((t) => t.id === mine.id)!.owner).toMatchObject({
      email: people.eva,
      role: "observer",
      organisation: "Finansdepartementet",
    });
    expect(all.find((t) => t.id === theirs.id)!.owner.email).toBe(people.admin);
  });

  test("the owner or an admin revokes; others get 404; a second revoke is a clear 409", async () => {
    const first = await createToken(eva, "Återkallas av Eva");
    const second = await createToken(eva, "Återkallas av admin");
    const other = await observer("Olle Annan", "olle.annan@finans.example");
    const r404 = await api(server, other, "DELETE", `/api/tokens/${first.id}`);
    expect(r404.status).toBe(404);
    expect(
      (await api(server, eva, "DELETE", `/api/tokens/${first.id}`)).status,
    ).toBe(200);
    const again = await api(server, eva, "DELETE", `/api/tokens/${first.id}`);
    expect(again.status).toBe(409);
    expect(errorCode(again)).toBe("invalid_state");
    expect(again.text).toContain("already revoked");
    const byAdmin = await api(
      server,
      admin,
      "DELETE",
      `/api/tokens/${second.id}`,
    );
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.json).toMatchObject({ id: second.id, status: "revoked" });
    expect(
      (await api(server, eva, "DELETE", "/api/tokens/999999")).status,
    ).toBe(404);
    expect((await api(server, eva, "DELETE", "/api/tokens/abc")).status).toBe(
      404,
    );
    const listed = await tokensOf(eva);
    expect(listed.find((t) => t.id === first.id)!.status).toBe("revoked");
    expect(listed.find((t) => t.id === second.id)!.revoked_at).not.toBeNull();
    expectInvalidToken(await withToken(first.token, "/api/export/rounds"));
    expectInvalidToken(await withToken(second.token, "/api/export/rounds"));
  });
});

describe("exporting rounds with a token", () => {
  test("an observer's token sees exactly the rounds their organisation is invited to; an admin's all", async () => {
    const evasToken = (await createToken(eva, "Export")).token;
    const adminsToken = (await createToken(admin, "Export")).token;
    const evasRounds = await exported(evasToken);
    const allRounds = await exported(adminsToken);
    expect(evasRounds.map((r) => r.id).sort((a, b) => a - b)).toEqual(
      await roundIdsSeenBy(eva),
    );
    expect(allRounds.map((r) => r.id).sort((a, b) => a - b)).toEqual(
      await roundIdsSeenBy(admin),
    );
    expect(allRounds.length).toBeGreaterThan(evasRounds.length);
    // Round 2 is bilateral health care: Finansdepartementet is not invited.
    expect(evasRounds.map((r) => r.title)).not.toContain(
      "Nationell konsultationsordning för hälso- och sjukvård",
    );
    expect(allRounds.map((r) => r.title)).toContain(
      "Nationell konsultationsordning för hälso- och sjukvård",
    );
    expect(Object.keys(allRounds[0]!)).toEqual([
      "id",
      "title",
      "kind",
      "sectors",
      "phase",
      "created_at",
      "opens_at",
      "closes_at",
    ]);
  });

  test("filters by phase, sector and creation time narrow the list", async () => {
    const token = (await createToken(admin, "Filter")).token;
    const all = await exported(token);
    const open = await exported(token, "?phase=open");
    expect(open.length).toBeGreaterThan(0);
    expect(open).toEqual(all.filter((r) => r.phase === "open"));
    const school = await exported(token, "?sector=school");
    expect(school.length).toBeGreaterThan(0);
    expect(school).toEqual(all.filter((r) => r.sectors.includes("school")));
    const both = await exported(token, "?phase=draft&sector=school");
    expect(both).toEqual(
      all.filter((r) => r.phase === "draft" && r.sectors.includes("school")),
    );
    const times = all
      .map((r) => Date.parse(r.created_at))
      .sort((a, b) => a - b);
    const middle = new Date(times[Math.floor(times.length / 2)]!).toISOString();
    const from = await exported(token, `?from=${middle}`);
    const to = await exported(token, `?to=${middle}`);
    expect(from).toEqual(
      all.filter((r) => Date.parse(r.created_at) >= Date.parse(middle)),
    );
    expect(to).toEqual(
      all.filter((r) => Date.parse(r.created_at) < Date.parse(middle)),
    );
    expect(from.length + to.length).toBe(all.length);
  });

  test("bad filter values are 400 naming the parameter", async () => {
    const token = (await createToken(admin, "Dåliga filter")).token;
    for (const [query, name] of [
      ["?phase=finished", "phase"],
      ["?sector=defence", "sector"],
      ["?from=yesterday", "from"],
      ["?to=2026-13-01T00:00:00Z", "to"],
      ["?phase=open&phase=draft", "phase"],
      ["?colour=red", "colour"],
      ["?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from"],
    ] as const) {
      const r = await withToken(token, `/api/export/rounds${query}`);
      expect(r.status, query).toBe(400);
      expect(errorCode(r)).toBe("bad_request");
      expect(
        (r.json as { error: { message: string } }).error.message,
      ).toContain(`"${name}"`);
    }
  });

  test("a session cookie works too, with the same permissions", async () => {
    const r = await server.http("GET", "/api/export/rounds", {
      headers: { Cookie: eva.cookie },
    });
    expect(r.status).toBe(200);
    expect(
      (r.json as { rounds: ExportedRound[] }).rounds
        .map((x) => x.id)
        .sort((a, b) => a - b),
    ).toEqual(await roundIdsSeenBy(eva));
    const none = await server.http("GET", "/api/export/rounds");
    expect(none.status).toBe(401);
    expect(none.headers["www-authenticate"]).toBe("Bearer");
  });

  test("a use is noted as last_used_at and recorded; so is each export", async () => {
    const created = await createToken(eva, "Revisionsspår");
    await exported(created.token, "?phase=open");
    const listed = (await tokensOf(eva)).find((t) => t.id === created.id)!;
    expect(listed.last_used_at).not.toBeNull();
    const used = (await audit(server, admin, "action=export_token_used")).find(
      (e) => e.target?.id === created.id,
    )!;
    expect(used.actor?.id).toBe(eva.person.id);
    expect(used.details).toMatchObject({
      token: "Revisionsspår",
      path: "/api/export/rounds?phase=open",
    });
    const exportEntry = (await audit(server, admin, "action=export")).find(
      (e) => e.target?.id === created.id,
    )!;
    expect(exportEntry.details).toMatchObject({
      path: "/api/export/rounds?phase=open",
      via: "api_token",
      token: "Revisionsspår",
    });
    const created_entry = (
      await audit(server, admin, "action=api_token_created")
    ).find((e) => e.target?.id === created.id)!;
    expect(created_entry.actor?.id).toBe(eva.person.id);
    expect(created_entry.details.token).toBe("Revisionsspår");
    // The secret is nowhere in the log.
    const everything = JSON.stringify(await audit(server, admin, "limit=500"));
    expect(everything).not.toContain(created.token.slice(14));
    expect(
      (await api(server, eva, "DELETE", `/api/tokens/${created.id}`)).status,
    ).toBe(200);
    const revoked = (
      await audit(server, admin, "action=api_token_revoked")
    ).find((e) => e.target?.id === created.id)!;
    expect(revoked.actor?.id).toBe(eva.person.id);
  });
});

describe("refusals", () => {
  test("a token is refused on every non-export endpoint, and never taken for a session", async () => {
    const token = (await createToken(eva, "Bara export")).token;
    const endpoints: [string, string, string?][] = [
      ["GET", "/api/me"],
      ["GET", "/api/audit"],
      ["GET", "/api/sessions"],
      ["GET", "/api/tokens"],
      ["POST", "/api/tokens", JSON.stringify({ name: "via token" })],
      ["DELETE", "/api/tokens/1"],
      ["POST", "/api/logout"],
      [
        "POST",
        "/api/login",
        JSON.stringify({ email: people.eva, password: "samrad-demo" }),
      ],
      ["GET", "/api/admin/people"],
      ["POST", "/api/sessions/1/end"],
      ["GET", "/api/health"],
    ];
    for (const [method, path, body] of endpoints) {
      // Even beside a valid cookie the token makes the request fail.
      const r = await withToken(
        token,
        path,
        method,
        { Cookie: eva.cookie },
        body,
      );
      expect(r.status, `${method} ${path}`).toBe(401);
      expect(r.headers["www-authenticate"]).toBe(
        'Bearer error="invalid_token"',
      );
    }
    expect((await server.me(eva)).status).toBe(200);
    // The WebSocket upgrade: refused with a token, with or without a cookie beside it.
    for (const cookie of [undefined, eva.cookie]) {
      const r = await server.http("GET", "/ws", {
        headers: {
          Connection: "Upgrade",
          Upgrade: "websocket",
          "Sec-WebSocket-Version": "13",
          "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
          Origin: server.baseUrl,
          Authorization: `Bearer ${token}`,
          ...(cookie ? { Cookie: cookie } : {}),
        },
      });
      expect(r.status).toBe(401);
      expect(r.headers["www-authenticate"]).toBe(
        'Bearer error="invalid_token"',
      );
    }
    // Exports only read: other methods on an export endpoint are 405.
    expect(
      (await withToken(token, "/api/export/rounds", "POST", {}, "{}")).status,
    ).toBe(405);
  });

  test("garbage, unknown and malformed tokens are 401 invalid_token; a non-Bearer header is 400", async () => {
    const real = (await createToken(eva, "Förlaga")).token;
    const unknown = real.slice(0, -2) + (real.endsWith("AA") ? "QA" : "AA");
    for (const token of [
      "garbage",
      "samrad_export_",
      unknown,
      real + "x",
      real.toUpperCase(),
      "0123456789abcdef0123456789abcdef",
      eva.token,
    ]) {
      expectInvalidToken(await withToken(token, "/api/export/rounds"));
    }
    const basic = await server.http("GET", "/api/export/rounds", {
      headers: { Authorization: "Basic ZXZhOnNhbXJhZA==" },
    });
    expect(basic.status).toBe(400);
    expect(basic.headers["www-authenticate"]).toBe(
      'Bearer error="invalid_request"',
    );
    // The scheme is case-insensitive (RFC 7235).
    expect(
      (
        await server.http("GET", "/api/export/rounds", {
          headers: { Authorization: `bearer ${real}` },
        })
      ).status,
    ).toBe(200);
  });

  test("an expired token is 401 invalid_token and listed as expired", async () => {
    const soon = new Date(Date.now() + 1500).toISOString();
    const created = await createToken(eva, "Kortlivad", soon);
    expect((await withToken(created.token, "/api/export/rounds")).status).toBe(
      200,
    );
    await sleep(Date.parse(created.expires_at) - Date.now() + 200);
    const r = await withToken(created.token, "/api/export/rounds");
    expectInvalidToken(r);
    expect(r.text).toContain("expired");
    expect((await tokensOf(eva)).find((t) => t.id === created.id)!.status).toBe(
      "expired",
    );
    const refused = (
      await audit(server, admin, "action=export_token_refused")
    ).find((e) => e.target?.id === created.id)!;
    expect(refused.details.reason).toContain("expired");
  });

  test("a deactivated person's token is refused, and works again once they are active", async () => {
    const olle = await observer(
      "Olle Avslutad",
      "olle.avslutad@finans.example",
    );
    const token = (await createToken(olle, "Innan avslut")).token;
    expect((await withToken(token, "/api/export/rounds")).status).toBe(200);
    expect(
      (
        await api(
          server,
          admin,
          "POST",
          `/api/admin/people/${olle.person.id}/deactivate`,
        )
      ).status,
    ).toBe(200);
    const r = await withToken(token, "/api/export/rounds");
    expectInvalidToken(r);
    expect(r.text).toContain("deactivated");
    expect(
      (
        await api(
          server,
          admin,
          "POST",
          `/api/admin/people/${olle.person.id}/activate`,
        )
      ).status,
    ).toBe(200);
    expect((await withToken(token, "/api/export/rounds")).status).toBe(200);
  });

  test("a token of a deactivated organisation is refused", async () => {
    const org = await apiOk<{ organisation_id: number }>(
      server,
      admin,
      "POST",
      "/api/admin/organisations",
      { name: "Tillfälliga myndigheten", kind: "agency" },
      201,
    );
    const { invitation } = await createPerson(server, admin, {
      name: "Tina Tillfällig",
      email: "tina@tillfallig.example",
      role: "observer",
      organisation_id: org.organisation_id,
    });
    const tina = await acceptInvitation(
      server,
      invitation.token,
      "ett långt lösenord",
      "tina@tillfallig.example",
    );
    const token = (await createToken(tina, "Myndighetens export")).token;
    expect(await exported(token)).toEqual([]);
    expect(
      (
        await api(
          server,
          admin,
          "POST",
          `/api/admin/organisations/${org.organisation_id}/deactivate`,
        )
      ).status,
    ).toBe(200);
    expectInvalidToken(await withToken(token, "/api/export/rounds"));
  });

  test("a token whose owner is no longer an observer or admin is refused", async () => {
    const olle = await observer("Olle Ombytt", "olle.ombytt@finans.example");
    const token = (await createToken(olle, "Före rollbyte")).token;
    expect(
      (
        await api(
          server,
          admin,
          "POST",
          `/api/admin/people/${olle.person.id}/role`,
          { role: "representative" },
        )
      ).status,
    ).toBe(200);
    expectInvalidToken(await withToken(token, "/api/export/rounds"));
  });
});

describe("revoke and use race", () => {
  test("200 times: a use sent after the revoke's answer is always refused, and no use is recorded after the revoke", async () => {
    const racer = await observer("Rut Racer", "rut.racer@finans.example");
    const outcomes: { id: number; used: number }[] = [];
    for (let i = 0; i < 200; i++) {
      const created = await createToken(racer, `Race ${i}`);
      const revoke = api(server, racer, "DELETE", `/api/tokens/${created.id}`);
      const use = withToken(created.token, "/api/export/rounds");
      const [revoked, used] = await Promise.all([revoke, use]);
      expect(revoked.status).toBe(200);
      expect([200, 401]).toContain(used.status);
      // The revoke has been answered: from now on the token never works.
      expectInvalidToken(await withToken(created.token, "/api/export/rounds"));
      outcomes.push({ id: created.id, used: used.status });
    }
    // Every use that got through was recorded before its token's revocation.
    const uses = await audit(
      server,
      admin,
      `action=export_token_used&actor=${racer.person.id}&limit=500`,
    );
    const revokes = await audit(
      server,
      admin,
      `action=api_token_revoked&actor=${racer.person.id}&limit=500`,
    );
    for (const { id, used } of outcomes) {
      const useEntries = uses.filter((e) => e.target?.id === id);
      const revokeEntry = revokes.find((e) => e.target?.id === id)!;
      expect(useEntries.length).toBe(used === 200 ? 1 : 0);
      for (const entry of useEntries)
        expect(entry.id).toBeLessThan(revokeEntry.id);
    }
  }, 120_000);
});
