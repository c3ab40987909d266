// Who may do what with accounts (issue 7), every role on every new request, generated rather
// than listed: admins manage people and organisations; the secretariat and admins read the audit
// log; everyone logged in sees and ends their own sessions; nobody logged out does any of it; a
// change without an allowed Origin is refused (CSRF); a person deactivated, or of a deactivated
// organisation, can do nothing with a session they had. A refused request changes nothing.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  api,
  apiOk,
  audit,
  errorCode,
  organisationByName,
  personByEmail,
} from "./support/accounts";
import {
  cleanupAll,
  people,
  startServer,
  type HttpResponse,
  type SamradServer,
  type Session,
} from "./support/server";

let server: SamradServer;
let admin: Session;
let target: number; // a person the requests may act on
let organisation: number;

beforeAll(async () => {
  server = await startServer();
  admin = await server.login(people.admin);
  target = (await personByEmail(server, admin, people.johan)).id;
  organisation = (await organisationByName(server, admin, "Statskontoret")).id;
});
afterAll(cleanupAll);

type Role = "admin" | "secretariat" | "representative" | "observer" | "nobody";
const as: Record<Exclude<Role, "nobody">, string> = {
  admin: people.admin,
  secretariat: people.secretariat,
  representative: people.anna,
  observer: people.eva,
};

// Each request with who may make it. Changes use targets that cannot refuse an admin for any
// other reason, so an admin's answer is always a success.
interface Request {
  name: string;
  method: string;
  path: () => string;
  body?: () => unknown;
  allowed: Role[];
}
const everyone: Role[] = ["admin", "secretariat", "representative", "observer"];
let counter = 0;
const requests: Request[] = [
  {
    name: "list people",
    method: "GET",
    path: () => "/api/admin/people",
    allowed: ["admin"],
  },
  {
    name: "list organisations",
    method: "GET",
    path: () => "/api/admin/organisations",
    allowed: ["admin"],
  },
  {
    name: "create a person",
    method: "POST",
    path: () => "/api/admin/people",
    allowed: ["admin"],
    body: () => ({
      name: "Ny",
      email: `ny${++counter}@example.se`,
      role: "observer",
      organisation_id: organisation,
    }),
  },
  {
    name: "create an organisation",
    method: "POST",
    path: () => "/api/admin/organisations",
    allowed: ["admin"],
    body: () => ({ name: `Org ${++counter}`, kind: "other" }),
  },
  {
    name: "issue an invitation",
    method: "POST",
    path: () => `/api/admin/people/${target}/invitation`,
    allowed: ["admin"],
  },
  {
    name: "deactivate a person",
    method: "POST",
    path: () => `/api/admin/people/${target}/deactivate`,
    allowed: ["admin"],
  },
  {
    name: "activate a person",
    method: "POST",
    path: () => `/api/admin/people/${target}/activate`,
    allowed: ["admin"],
  },
  {
    name: "change a role",
    method: "POST",
    path: () => `/api/admin/people/${target}/role`,
    allowed: ["admin"],
    body: () => ({ role: "observer" }),
  },
  {
    name: "deactivate an organisation",
    method: "POST",
    path: () => `/api/admin/organisations/${organisation}/deactivate`,
    allowed: ["admin"],
  },
  {
    name: "activate an organisation",
    method: "POST",
    path: () => `/api/admin/organisations/${organisation}/activate`,
    allowed: ["admin"],
  },
  {
    name: "read the audit log",
    method: "GET",
    path: () => "/api/audit",
    allowed: ["admin", "secretariat"],
  },
  {
    name: "filter the audit log",
    method: "GET",
    path: () => "/api/audit?action=login&limit=5",
    allowed: ["admin", "secretariat"],
  },
  {
    name: "list own sessions",
    method: "GET",
    path: () => "/api/sessions",
    allowed: everyone,
  },
];

async function call(
  request: Request,
  session: Session | null,
): Promise<HttpResponse> {
  return api(server, session, request.method, request.path(), request.body?.());
}

describe("every role on every account request", () => {
  for (const role of [
    "admin",
    "secretariat",
    "representative",
    "observer",
    "nobody",
  ] as Role[]) {
    for (const request of requests) {
      const allowed = request.allowed.includes(role);
      test(`${role}: ${request.name} → ${allowed ? "allowed" : role === "nobody" ? "401" : "403"}`, async () => {
        const session = role === "nobody" ? null : await server.login(as[role]);
        const newest = async () =>
          (await audit(server, admin, "limit=1"))[0]!.id;
        const before = await newest();
        const r = await call(request, session);
        if (allowed) {
          expect(r.status, r.text).toBeLessThan(300);
        } else {
          expect(r.status, r.text).toBe(role === "nobody" ? 401 : 403);
          expect(errorCode(r)).toBe(
            role === "nobody" ? "unauthenticated" : "forbidden",
          );
          // Refused: nothing changed, nothing recorded but the login that made the session.
          expect(await newest()).toBe(before);
        }
      });
    }
  }
});

describe("around the roles", () => {
  test("a change without an allowed Origin is refused, whoever asks", async () => {
    for (const request of requests.filter((r) => r.method === "POST")) {
      for (const origin of [null, "https://evil.example"]) {
        const headers: Record<string, string> = { Cookie: admin.cookie };
        if (origin) headers.Origin = origin;
        const body = request.body ? JSON.stringify(request.body()) : undefined;
        const r = await server.http("POST", request.path(), { headers, body });
        expect(r.status, `${request.name} from ${origin}`).toBe(403);
      }
    }
  });

  test("the role is read afresh on every request: a secretariat member made admin may manage at once, and not after", async () => {
    const sara = await server.login(people.secretariat);
    const saraId = (await personByEmail(server, admin, people.secretariat)).id;
    expect((await api(server, sara, "GET", "/api/admin/people")).status).toBe(
      403,
    );
    await apiOk(server, admin, "POST", `/api/admin/people/${saraId}/role`, {
      role: "admin",
    });
    expect((await api(server, sara, "GET", "/api/admin/people")).status).toBe(
      200,
    );
    await apiOk(server, admin, "POST", `/api/admin/people/${saraId}/role`, {
      role: "secretariat",
    });
    expect((await api(server, sara, "GET", "/api/admin/people")).status).toBe(
      403,
    );
    expect((await api(server, sara, "GET", "/api/audit")).status).toBe(200);
  });

  test("a deactivated person's session, or one of a deactivated organisation, can do nothing", async () => {
    const lars = await server.login(people.lars);
    const ida = await server.login(people.ida);
    const larsId = (await personByEmail(server, admin, people.lars)).id;
    const social = await organisationByName(
      server,
      admin,
      "Socialdepartementet",
    );
    await apiOk(
      server,
      admin,
      "POST",
      `/api/admin/people/${larsId}/deactivate`,
    );
    await apiOk(
      server,
      admin,
      "POST",
      `/api/admin/organisations/${social.id}/deactivate`,
    );
    for (const session of [lars, ida]) {
      for (const path of ["/api/me", "/api/sessions", "/api/audit"]) {
        expect((await api(server, session, "GET", path)).status, path).toBe(
          401,
        );
      }
      expect(await server.upgradeStatus({ cookie: session.cookie })).toBe(401);
    }
  });

  test("invitation endpoints need no login, and say nothing about unknown links", async () => {
    const r = await api(server, null, "POST", "/api/invitation", {
      token: "0123456789abcdef0123456789abcdef",
    });
    expect(r.status).toBe(404);
  });
});
