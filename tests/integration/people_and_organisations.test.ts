// People and organisations (issue 7), as an admin manages them in the running server through the
// HTTP API: organisations created and deactivated, people created with a one-time invitation
// link with which they set their own password, roles changed (their open connections reconnect
// as who they now are, 4002), people deactivated (their sessions end and their WebSockets close
// with 4001 within two seconds). Bad input always gets a clear error.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  acceptInvitation,
  api,
  apiOk,
  createPerson,
  errorCode,
  organisationByName,
  people as listPeople,
  personByEmail,
} from "./support/accounts";
import {
  cleanupAll,
  people,
  sleep,
  startServer,
  type SamradServer,
  type Session,
} from "./support/server";

let server: SamradServer;
let admin: Session;

beforeAll(async () => {
  server = await startServer();
  admin = await server.login(people.admin);
});
afterAll(cleanupAll);

const PASSWORD = "ett eget lösenord";

describe("organisations", () => {
  test("an admin creates one; its side follows from its kind; a second with the same name is a conflict", async () => {
    const created = await apiOk<{ organisation_id: number }>(
      server,
      admin,
      "POST",
      "/api/admin/organisations",
      { name: "Region Gotland", kind: "region" },
      201,
    );
    const gotland = await organisationByName(server, admin, "Region Gotland");
    expect(gotland).toEqual({
      id: created.organisation_id,
      name: "Region Gotland",
      kind: "region",
      side: "municipal",
      active: true,
      people: 0,
    });
    const again = await api(server, admin, "POST", "/api/admin/organisations", {
      name: "Region Gotland",
      kind: "region",
    });
    expect(again.status).toBe(409);
    expect(errorCode(again)).toBe("conflict");
  });

  test("bad input is refused with a clear error and creates nothing", async () => {
    const before = (
      await apiOk<{ organisations: unknown[] }>(
        server,
        admin,
        "GET",
        "/api/admin/organisations",
      )
    ).organisations.length;
    const cases: Array<[unknown, number, string]> = [
      ["{not json", 400, "bad_json"],
      [{ name: "X", kind: "county" }, 400, "bad_request"],
      [{ name: "X" }, 400, "bad_request"],
      [{ name: " \u00a0 ", kind: "region" }, 400, "bad_request"],
      [{ name: "x".repeat(201), kind: "region" }, 413, "too_large"],
      [{ name: "X", kind: "region", active: false }, 400, "unknown_field"],
      [["X", "region"], 400, "bad_json"],
    ];
    for (const [body, status, code] of cases) {
      const r = await api(
        server,
        admin,
        "POST",
        "/api/admin/organisations",
        body,
      );
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(errorCode(r), JSON.stringify(body)).toBe(code);
      expect(
        (r.json as { error: { message: string } }).error.message.length,
      ).toBeGreaterThan(5);
    }
    const after = (
      await apiOk<{ organisations: unknown[] }>(
        server,
        admin,
        "GET",
        "/api/admin/organisations",
      )
    ).organisations.length;
    expect(after).toBe(before);
  });

  test("deactivating one closes its people's WebSockets with 4001 within two seconds and stops their logins until activated again", async () => {
    const kiruna = await organisationByName(server, admin, "Kiruna kommun");
    const erik = await server.connectAs(people.erik);
    const t0 = Date.now();
    const r = await apiOk<{ organisation_id: number; sessions_ended: number }>(
      server,
      admin,
      "POST",
      `/api/admin/organisations/${kiruna.id}/deactivate`,
    );
    expect(r).toEqual({ organisation_id: kiruna.id, sessions_ended: 1 });
    expect((await erik.waitClosed(2_000)).code).toBe(4001);
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect((await server.loginRaw(people.erik)).status).toBe(401);
    expect(
      (await organisationByName(server, admin, "Kiruna kommun")).active,
    ).toBe(false);
    // A person cannot be added to it meanwhile.
    const refused = await api(server, admin, "POST", "/api/admin/people", {
      name: "Ny i Kiruna",
      email: "ny@kiruna.example",
      role: "observer",
      organisation_id: kiruna.id,
    });
    expect(refused.status).toBe(409);
    expect(errorCode(refused)).toBe("invalid_state");

    await apiOk(
      server,
      admin,
      "POST",
      `/api/admin/organisations/${kiruna.id}/activate`,
    );
    expect((await server.loginRaw(people.erik)).status).toBe(200);
    const twice = await api(
      server,
      admin,
      "POST",
      `/api/admin/organisations/${kiruna.id}/activate`,
    );
    expect(twice.status).toBe(409);
  });

  test("a deactivated organisation is invited to no new round (invalid_state) but stays on its rounds until withdrawn", async () => {
    const created = await apiOk<{ organisation_id: number }>(
      server,
      admin,
      "POST",
      "/api/admin/organisations",
      { name: "Tanums kommun", kind: "municipality" },
      201,
    );
    const tanum = created.organisation_id;
    const sec = await server.connectAs(people.secretariat);
    const listed = async () =>
      (
        await sec.ok<{ organisations: Array<{ id: number }> }>(
          "list_organisations",
        )
      ).organisations.map((o) => o.id);
    expect(await listed()).toContain(tanum);
    const earlier = (
      await sec.ok<{ round_id: number }>("create_round", {
        title: "Med Tanum",
        proposal: "",
        kind: "plenary",
        invited: [tanum],
      })
    ).round_id;
    const other = (
      await sec.ok<{ round_id: number }>("create_round", {
        title: "Utan Tanum",
        proposal: "",
        kind: "plenary",
      })
    ).round_id;

    await apiOk(
      server,
      admin,
      "POST",
      `/api/admin/organisations/${tanum}/deactivate`,
    );
    expect(await listed()).not.toContain(tanum);
    const roundsBefore = (await sec.ok<{ rounds: unknown[] }>("list_rounds"))
      .rounds.length;
    const newRound = await sec.fails("create_round", {
      title: "Igen med Tanum",
      proposal: "",
      kind: "plenary",
      invited: [tanum],
    });
    expect(newRound.code).toBe("invalid_state");
    expect(newRound.message).toContain("Tanums kommun");
    expect(
      (await sec.ok<{ rounds: unknown[] }>("list_rounds")).rounds.length,
    ).toBe(roundsBefore);
    const headBefore = (await sec.subscribe(other)).head_seq;
    const invited = await sec.fails("invite_organisation", {
      round_id: other,
      organisation_id: tanum,
    });
    expect(invited.code).toBe("invalid_state");
    expect(invited.message).toContain("Tanums kommun");
    await sec.ok("unsubscribe", { round_id: other });
    expect((await sec.subscribe(other, headBefore)).head_seq).toBe(headBefore);
    // Still on the round it was invited to before, until the secretariat withdraws it.
    await sec.ok("withdraw_invitation", {
      round_id: earlier,
      organisation_id: tanum,
    });

    await apiOk(
      server,
      admin,
      "POST",
      `/api/admin/organisations/${tanum}/activate`,
    );
    expect(await listed()).toContain(tanum);
    await sec.ok("invite_organisation", {
      round_id: other,
      organisation_id: tanum,
    });
    await sec.close();
  });

  test("the admin's own organisation is not theirs to deactivate", async () => {
    const own = (await personByEmail(server, admin, people.admin)).organisation;
    const r = await api(
      server,
      admin,
      "POST",
      `/api/admin/organisations/${own.id}/deactivate`,
    );
    expect(r.status).toBe(409);
    expect(errorCode(r)).toBe("invalid_state");
  });
});

describe("people", () => {
  test("an admin creates a person, who sets their own password with the link and is logged in", async () => {
    const malmo = await organisationByName(server, admin, "Malmö stad");
    const { person_id, invitation } = await createPerson(server, admin, {
      name: "Johanna Berg",
      email: "johanna.berg@malmo.example",
      role: "representative",
      organisation_id: malmo.id,
    });
    expect(invitation.token).toMatch(/^[0-9a-f]{32}$/);
    expect(Date.parse(invitation.expires_at) - Date.now()).toBeGreaterThan(
      6.9 * 24 * 3600 * 1000,
    );
    const listed = await personByEmail(
      server,
      admin,
      "johanna.berg@malmo.example",
    );
    expect(listed).toMatchObject({
      id: person_id,
      role: "representative",
      active: true,
      has_password: false,
      invitation_expires_at: invitation.expires_at,
      sessions: 0,
    });
    // Without a password nobody logs in as her, not even with an empty one.
    expect(
      (await server.loginRaw("johanna.berg@malmo.example", "")).status,
    ).toBe(401);

    const whose = await apiOk<{ person: { name: string }; email: string }>(
      server,
      null,
      "POST",
      "/api/invitation",
      { token: invitation.token },
    );
    expect(whose.person.name).toBe("Johanna Berg");
    expect(whose.email).toBe("johanna.berg@malmo.example");

    const session = await acceptInvitation(server, invitation.token, PASSWORD);
    expect(session.person).toMatchObject({
      id: person_id,
      name: "Johanna Berg",
      role: "representative",
    });
    expect((await server.me(session)).status).toBe(200);
    const socket = await server.connect(session);
    expect((await socket.welcome()).person.organisation.name).toBe(
      "Malmö stad",
    );
    socket.terminate();
    expect(
      (await server.loginRaw("johanna.berg@malmo.example", PASSWORD)).status,
    ).toBe(200);
    expect(
      await personByEmail(server, admin, "johanna.berg@malmo.example"),
    ).toMatchObject({ has_password: true, invitation_expires_at: null });
  });

  test("an email address is taken once, whatever its case; bad input is refused clearly", async () => {
    const malmo = await organisationByName(server, admin, "Malmö stad");
    const base = { name: "Någon", role: "observer", organisation_id: malmo.id };
    const cases: Array<[unknown, number, string]> = [
      [{ ...base, email: "ANNA.LIND@malmo.example" }, 409, "conflict"],
      [{ ...base, email: "inte-en-adress" }, 400, "bad_request"],
      [{ ...base, email: "a@b.se", role: "boss" }, 400, "bad_request"],
      [{ ...base, email: "a@b.se", organisation_id: 99999 }, 404, "not_found"],
      [{ ...base, email: "a@b.se", organisation_id: "1" }, 400, "bad_request"],
      [{ ...base, email: "a@b.se", password: "x" }, 400, "unknown_field"],
      [{ ...base, email: "a@b.se", name: "" }, 400, "bad_request"],
      [
        '{"name":"A","name":"B","email":"a@b.se","role":"observer","organisation_id":1}',
        400,
        "bad_json",
      ],
    ];
    const before = (await listPeople(server, admin)).length;
    for (const [body, status, code] of cases) {
      const r = await api(server, admin, "POST", "/api/admin/people", body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(errorCode(r), JSON.stringify(body)).toBe(code);
    }
    expect((await listPeople(server, admin)).length).toBe(before);
  });

  test("a changed role reaches the person's open connections: they reconnect (4002) as who they now are", async () => {
    const eva = await personByEmail(server, admin, people.eva);
    const socket = await server.connectAs(people.eva);
    expect((await socket.welcome()).person.role).toBe("observer");
    await apiOk(server, admin, "POST", `/api/admin/people/${eva.id}/role`, {
      role: "representative",
    });
    expect((await socket.waitClosed(2_000)).code).toBe(4002);
    const again = await server.connectAs(people.eva);
    expect((await again.welcome()).person.role).toBe("representative");
    again.terminate();
    const same = await api(
      server,
      admin,
      "POST",
      `/api/admin/people/${eva.id}/role`,
      { role: "representative" },
    );
    expect(same.status).toBe(409);
    expect(
      errorCode(
        await api(server, admin, "POST", `/api/admin/people/${eva.id}/role`, {
          role: "Observer",
        }),
      ),
    ).toBe("bad_request");
    await apiOk(server, admin, "POST", `/api/admin/people/${eva.id}/role`, {
      role: "observer",
    });
  });

  test("deactivating a person ends every session and closes every WebSocket with 4001 within two seconds", async () => {
    const anna = await personByEmail(server, admin, people.anna);
    const first = await server.login(people.anna);
    const second = await server.login(people.anna);
    const sockets = [
      await server.connect(first),
      await server.connect(first),
      await server.connect(second),
    ];
    await sockets[0]!.subscribe(1, 0);
    const others = await server.connectAs(people.maria);

    const t0 = Date.now();
    const r = await apiOk<{ person_id: number; sessions_ended: number }>(
      server,
      admin,
      "POST",
      `/api/admin/people/${anna.id}/deactivate`,
    );
    expect(r).toEqual({ person_id: anna.id, sessions_ended: 2 });
    const closed = await Promise.all(sockets.map((s) => s.waitClosed(2_000)));
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(closed.map((c) => c.code)).toEqual([4001, 4001, 4001]);
    expect((await server.me(first)).status).toBe(401);
    expect((await server.me(second)).status).toBe(401);
    expect(await server.upgradeStatus({ cookie: first.cookie })).toBe(401);
    expect((await server.loginRaw(people.anna)).status).toBe(401);
    await sleep(300);
    expect(others.isOpen).toBe(true);

    // A new link cannot be issued for someone deactivated; activated again, they log in.
    expect(
      errorCode(
        await api(
          server,
          admin,
          "POST",
          `/api/admin/people/${anna.id}/invitation`,
        ),
      ),
    ).toBe("invalid_state");
    expect(
      (await apiOk(
        server,
        admin,
        "POST",
        `/api/admin/people/${anna.id}/activate`,
      )) as unknown,
    ).toEqual({ person_id: anna.id, sessions_ended: 0 });
    expect((await server.loginRaw(people.anna)).status).toBe(200);
  });

  test("an admin deactivates neither themselves nor the last admin", async () => {
    const me = await personByEmail(server, admin, people.admin);
    const r = await api(
      server,
      admin,
      "POST",
      `/api/admin/people/${me.id}/deactivate`,
    );
    expect(r.status).toBe(409);
    expect(errorCode(r)).toBe("invalid_state");
    const demote = await api(
      server,
      admin,
      "POST",
      `/api/admin/people/${me.id}/role`,
      { role: "secretariat" },
    );
    expect(errorCode(demote)).toBe("invalid_state");
    expect((await server.me(admin)).status).toBe(200);
  });

  test("a new invitation link replaces the earlier one", async () => {
    const malmo = await organisationByName(server, admin, "Malmö stad");
    const { person_id, invitation } = await createPerson(server, admin, {
      name: "Petra Ny",
      email: "petra@malmo.example",
      role: "observer",
      organisation_id: malmo.id,
    });
    const newer = await apiOk<{
      person_id: number;
      invitation: { token: string };
    }>(server, admin, "POST", `/api/admin/people/${person_id}/invitation`);
    expect(newer.person_id).toBe(person_id);
    expect(newer.invitation.token).not.toBe(invitation.token);
    expect(
      errorCode(
        await api(server, null, "POST", "/api/invitation", {
          token: invitation.token,
        }),
      ),
    ).toBe("invitation_expired");
    await acceptInvitation(server, newer.invitation.token, PASSWORD);
  });

  test("unknown paths, ids and methods get clear answers", async () => {
    const cases: Array<[string, string, number]> = [
      ["POST", "/api/admin/people/abc/deactivate", 404],
      ["POST", "/api/admin/people/0/deactivate", 404],
      ["POST", "/api/admin/people/99999/deactivate", 404],
      ["POST", "/api/admin/people/3/promote", 404],
      ["GET", "/api/admin/people/3/deactivate", 405],
      ["DELETE", "/api/admin/people", 405],
      ["PUT", "/api/admin/organisations", 405],
      ["GET", "/api/admin/whatever", 404],
      ["GET", "/api/admin/people?all=1", 404],
    ];
    for (const [method, path, status] of cases) {
      const r = await api(server, admin, method, path);
      expect(r.status, `${method} ${path}`).toBe(status);
      expect(errorCode(r), `${method} ${path}`).toBeTruthy();
    }
  });
});
