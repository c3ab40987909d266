// One-time invitation links (issue 7): a link works once, until it expires (here after 2 s, set
// with --invitation-seconds), and not when replaced, for a deactivated person, or with a wrong
// token; each refusal has its own code so the page can say what happened (invitation_used,
// invitation_expired, not_found). A refused password leaves the link usable.
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
  type SamradServer,
  type Session,
} from "./support/server";

const LIFETIME_S = 2;
let server: SamradServer;
let admin: Session;
let malmo: number;
let counter = 0;

beforeAll(async () => {
  server = await startServer({
    args: ["--invitation-seconds", String(LIFETIME_S)],
  });
  admin = await server.login(people.admin);
  malmo = (await organisationByName(server, admin, "Malmö stad")).id;
});
afterAll(cleanupAll);

async function newLink(): Promise<{
  person_id: number;
  token: string;
  email: string;
}> {
  counter += 1;
  const email = `ny${counter}@malmo.example`;
  const { person_id, invitation } = await createPerson(server, admin, {
    name: `Ny Person ${counter}`,
    email,
    role: "representative",
    organisation_id: malmo,
  });
  return { person_id, token: invitation.token, email };
}

function check(token: unknown) {
  return api(server, null, "POST", "/api/invitation", { token });
}
function accept(token: unknown, password = "ett eget lösenord") {
  return api(server, null, "POST", "/api/invitation/accept", {
    token,
    password,
  });
}

describe("invitation links", () => {
  test("a link works once: used again it is refused with invitation_used (410), and nothing changes", async () => {
    const link = await newLink();
    const session = await acceptInvitation(
      server,
      link.token,
      "ett eget lösenord",
    );
    for (const r of [
      await check(link.token),
      await accept(link.token, "ett annat lösenord"),
    ]) {
      expect(r.status).toBe(410);
      expect(errorCode(r)).toBe("invitation_used");
    }
    // The second attempt did not change the password nor end the session.
    expect(
      (await server.loginRaw(link.email, "ett eget lösenord")).status,
    ).toBe(200);
    expect(
      (await server.loginRaw(link.email, "ett annat lösenord")).status,
    ).toBe(401);
    expect((await server.me(session)).status).toBe(200);
  });

  test("a link expires: after its time it is refused with invitation_expired (410)", async () => {
    const link = await newLink();
    expect((await check(link.token)).status).toBe(200);
    await sleep(LIFETIME_S * 1000 + 300);
    for (const r of [await check(link.token), await accept(link.token)]) {
      expect(r.status).toBe(410);
      expect(errorCode(r)).toBe("invitation_expired");
    }
    expect(
      (await server.loginRaw(link.email, "ett eget lösenord")).status,
    ).toBe(401);
    // A new link works again.
    const again = await apiOk<{ invitation: { token: string } }>(
      server,
      admin,
      "POST",
      `/api/admin/people/${link.person_id}/invitation`,
    );
    await acceptInvitation(server, again.invitation.token, "ett eget lösenord");
  });

  test("a wrong or malformed token is simply not found (404), and reveals nothing", async () => {
    for (const token of [
      "0123456789abcdef0123456789abcdef",
      "abc",
      "0123456789ABCDEF0123456789ABCDEF",
      "0123456789abcdef0123456789abcdef0",
      "",
    ]) {
      for (const r of [await check(token), await accept(token)]) {
        expect(r.status, token).toBe(404);
        expect(errorCode(r), token).toBe("not_found");
        expect(r.text).not.toContain("@");
      }
    }
  });

  test("bad bodies get clear errors", async () => {
    const link = await newLink();
    const cases: Array<[string, unknown, number, string]> = [
      ["/api/invitation", { token: 5 }, 400, "bad_request"],
      ["/api/invitation", {}, 400, "bad_request"],
      ["/api/invitation", "not json", 400, "bad_json"],
      ["/api/invitation/accept", { token: link.token }, 400, "bad_request"],
      [
        "/api/invitation/accept",
        { token: link.token, password: "kort" },
        400,
        "bad_request",
      ],
      [
        "/api/invitation/accept",
        { token: link.token, password: "          " },
        400,
        "bad_request",
      ],
      [
        "/api/invitation/accept",
        { token: link.token, password: "x".repeat(1025) },
        413,
        "too_large",
      ],
      [
        "/api/invitation/accept",
        { token: link.token, password: "ett eget lösenord", remember: true },
        400,
        "unknown_field",
      ],
    ];
    for (const [path, body, status, code] of cases) {
      const r = await api(server, null, "POST", path, body);
      expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(status);
      expect(errorCode(r), `${path} ${JSON.stringify(body)}`).toBe(code);
    }
    // The link was not used up by any of them.
    await acceptInvitation(server, link.token, "ett eget lösenord");
    expect((await api(server, null, "GET", "/api/invitation")).status).toBe(
      405,
    );
    expect(
      (
        await server.http("POST", "/api/invitation/accept", {
          body: JSON.stringify({
            token: link.token,
            password: "ett eget lösenord",
          }),
        })
      ).status,
    ).toBe(403);
  });

  test("a deactivated person's link no longer works", async () => {
    const link = await newLink();
    await apiOk(
      server,
      admin,
      "POST",
      `/api/admin/people/${link.person_id}/deactivate`,
    );
    const r = await accept(link.token);
    expect(r.status).toBe(410);
    expect(errorCode(r)).toBe("invitation_expired");
  });

  test("using a link logs in there and ends the person's other sessions", async () => {
    const link = await newLink();
    const first = await acceptInvitation(
      server,
      link.token,
      "ett eget lösenord",
    );
    const socket = await server.connect(first);
    const again = await apiOk<{ invitation: { token: string } }>(
      server,
      admin,
      "POST",
      `/api/admin/people/${link.person_id}/invitation`,
    );
    const second = await acceptInvitation(
      server,
      again.invitation.token,
      "ett nytt lösenord",
    );
    expect((await socket.waitClosed(2_500)).code).toBe(4001);
    expect((await server.me(first)).status).toBe(401);
    expect((await server.me(second)).status).toBe(200);
  });

  test("every use and refusal of a link is in the audit log", async () => {
    // The demo data's own invitation (the server's work) aside.
    const entries = (
      await audit(
        server,
        admin,
        "action=invitation_issued,invitation_used,invitation_refused",
      )
    ).filter((e) => e.source !== "server");
    const actions = new Set(entries.map((e) => e.action));
    expect(actions).toEqual(
      new Set(["invitation_issued", "invitation_used", "invitation_refused"]),
    );
    const refusedReasons = new Set(
      entries
        .filter((e) => e.action === "invitation_refused")
        .map((e) => e.details.reason),
    );
    expect(refusedReasons).toEqual(
      new Set(["invitation_used", "invitation_expired", "not_found"]),
    );
    expect(
      entries.every((e) => e.source === "web" && e.address === "127.0.0.1"),
    ).toBe(true);
  });
});
