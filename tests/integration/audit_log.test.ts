// The audit log (issue 7): every login and failed login, logout, round command (create_round,
// change_phase, set_schedule, invitations, threads, posts), the automatic close, every admin
// action and every session end is recorded with who, what, when and from where; the secretariat
// and admins read and filter it; no request of any kind changes or removes an entry.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  api,
  apiOk,
  audit,
  personByEmail,
  waitForAudit,
  type AuditEntry,
} from "./support/accounts";
import {
  createOpenRound,
  createRound,
  isEvent,
  isoIn,
  organisationsByName,
} from "./support/rounds";
import {
  cleanupAll,
  people,
  startServer,
  type SamradServer,
  type Session,
  type WsClient,
} from "./support/server";

let server: SamradServer;
let admin: Session;
let sec: WsClient;
let started: number;

beforeAll(async () => {
  started = Date.now();
  server = await startServer();
  admin = await server.login(people.admin);
  sec = await server.connectAs(people.secretariat);
});
afterAll(cleanupAll);

function newest(entries: AuditEntry[], action: string): AuditEntry {
  const found = entries.find((e) => e.action === action);
  if (!found)
    throw new Error(
      `no ${action} among ${entries.map((e) => e.action).join(", ")}`,
    );
  return found;
}

describe("what is recorded", () => {
  test("logins, failed logins and logouts: who, when, from where", async () => {
    const session = await server.login(people.anna);
    expect((await server.loginRaw(people.anna, "fel lösenord")).status).toBe(
      401,
    );
    expect(
      (await server.loginRaw("okand@example.se", "vad som helst")).status,
    ).toBe(401);
    await server.logout(session);
    const entries = await audit(
      server,
      admin,
      "action=login,login_failed,logout&limit=10",
    );
    const [logout, unknown, wrong, login] = entries;
    expect(logout).toMatchObject({
      action: "logout",
      actor: { name: "Anna Lind" },
      source: "web",
      address: "127.0.0.1",
    });
    expect(unknown).toMatchObject({
      action: "login_failed",
      actor: null,
      details: { email: "okand@example.se", reason: "unknown_email" },
    });
    expect(wrong).toMatchObject({
      action: "login_failed",
      actor: { name: "Anna Lind" },
      details: { reason: "wrong_password" },
    });
    expect(login).toMatchObject({
      action: "login",
      actor: { name: "Anna Lind" },
      target: { kind: "session" },
    });
    for (const e of [logout, unknown, wrong, login]) {
      expect(Date.parse(e!.at)).toBeGreaterThanOrEqual(started);
      expect(Date.parse(e!.at)).toBeLessThanOrEqual(Date.now());
    }
    // The password itself is never recorded.
    expect(JSON.stringify(entries)).not.toContain("fel lösenord");
  });

  test("every round command, with the round and what it made or changed", async () => {
    const orgs = await organisationsByName(sec);
    const malmo = orgs.get("Malmö stad")!.id;
    const kiruna = orgs.get("Kiruna kommun")!.id;
    const { round, threads } = await createOpenRound(sec, {
      title: "Granskad runda",
      invited: [malmo],
    });
    await sec.ok("set_schedule", {
      round_id: round,
      opens_at: null,
      closes_at: isoIn(3_600_000),
    });
    await sec.ok("invite_organisation", {
      round_id: round,
      organisation_id: kiruna,
    });
    await sec.ok("withdraw_invitation", {
      round_id: round,
      organisation_id: kiruna,
    });
    const anna = await server.connectAs(people.anna);
    const post = await anna.ok<{ post_id: number }>("create_post", {
      round_id: round,
      thread_id: threads[0],
      body: "Ett inlägg som bara finns i händelsen",
    });
    await sec.ok("create_thread", { round_id: round, title: "En fråga till" });

    const entries = await audit(server, admin, `round=${round}`);
    expect(entries.map((e) => e.action)).toEqual([
      "create_thread",
      "create_post",
      "withdraw_invitation",
      "invite_organisation",
      "set_schedule",
      "change_phase",
      "create_round",
    ]);
    for (const e of entries) {
      expect(e.round_id).toBe(round);
      expect(e.source).toBe("web");
      expect(e.address).toBe("127.0.0.1");
    }
    expect(newest(entries, "create_round")).toMatchObject({
      actor: { name: "Sara Ekström" },
      target: { kind: "round", id: round },
      details: { title: "Granskad runda" },
    });
    expect(newest(entries, "change_phase").details).toMatchObject({
      previous: "draft",
      phase: "open",
    });
    expect(newest(entries, "invite_organisation").details).toMatchObject({
      organisation: "Kiruna kommun",
    });
    expect(newest(entries, "withdraw_invitation").details).toMatchObject({
      organisation: "Kiruna kommun",
    });
    expect(newest(entries, "create_post")).toMatchObject({
      actor: { name: "Anna Lind" },
      target: { kind: "post", id: post.post_id },
    });
    expect(JSON.stringify(entries)).not.toContain("bara finns i händelsen");
    // A refused command leaves no entry.
    expect(
      (await anna.fails("change_phase", { round_id: round, phase: "closed" }))
        .code,
    ).toBe("forbidden");
    expect((await audit(server, admin, `round=${round}`)).length).toBe(
      entries.length,
    );
  });

  test("the automatic close, as the server's own work on behalf of who set the time", async () => {
    const orgs = await organisationsByName(sec);
    const { round_id: round } = await createRound(sec, {
      invited: [orgs.get("Malmö stad")!.id],
    });
    await sec.ok("set_schedule", {
      round_id: round,
      opens_at: null,
      closes_at: isoIn(1_500),
    });
    await sec.ok("change_phase", { round_id: round, phase: "open" });
    await sec.subscribe(round, 0);
    await sec.waitFor(
      (m) =>
        isEvent(m, round, "phase_changed") &&
        (m as { data: { automatic?: boolean } }).data.automatic === true,
      6_000,
    );
    const closed = await waitForAudit(
      server,
      admin,
      (e) => e.round_id === round,
      "action=close_at_closing_time",
    );
    expect(closed).toMatchObject({
      source: "server",
      actor: { name: "Sara Ekström" },
      details: { phase: "closed", automatic: "true" },
    });
  });

  test("every admin action, with the person or organisation it concerns", async () => {
    const created = await apiOk<{ organisation_id: number }>(
      server,
      admin,
      "POST",
      "/api/admin/organisations",
      { name: "Region Gotland", kind: "region" },
      201,
    );
    const { person_id } = await apiOk<{ person_id: number }>(
      server,
      admin,
      "POST",
      "/api/admin/people",
      {
        name: "Johanna Berg",
        email: "johanna@gotland.example",
        role: "observer",
        organisation_id: created.organisation_id,
      },
      201,
    );
    await apiOk(server, admin, "POST", `/api/admin/people/${person_id}/role`, {
      role: "representative",
    });
    await apiOk(
      server,
      admin,
      "POST",
      `/api/admin/people/${person_id}/invitation`,
    );
    await apiOk(
      server,
      admin,
      "POST",
      `/api/admin/people/${person_id}/deactivate`,
    );
    await apiOk(
      server,
      admin,
      "POST",
      `/api/admin/people/${person_id}/activate`,
    );
    await apiOk(
      server,
      admin,
      "POST",
      `/api/admin/organisations/${created.organisation_id}/deactivate`,
    );
    await apiOk(
      server,
      admin,
      "POST",
      `/api/admin/organisations/${created.organisation_id}/activate`,
    );
    const entries = await audit(server, admin, "q=gotland&limit=20");
    expect(entries.map((e) => e.action)).toEqual([
      "organisation_activated",
      "organisation_deactivated",
      "person_activated",
      "person_deactivated",
      "invitation_issued",
      "role_changed",
      "invitation_issued",
      "person_created",
      "organisation_created",
    ]);
    const karin = await personByEmail(server, admin, people.admin);
    for (const e of entries) expect(e.actor?.id).toBe(karin.id);
    expect(newest(entries, "role_changed").details).toMatchObject({
      person: "Johanna Berg",
      previous_role: "observer",
      role: "representative",
    });
    expect(newest(entries, "person_deactivated").target).toEqual({
      kind: "person",
      id: person_id,
    });
  });
});

describe("reading it", () => {
  test("filters by action, person, round, text and time, and pages newest first", async () => {
    const anna = await personByEmail(server, admin, people.anna);
    const byActor = await audit(server, admin, `actor=${anna.id}`);
    expect(byActor.length).toBeGreaterThan(0);
    expect(byActor.every((e) => e.actor?.id === anna.id)).toBe(true);
    const first = await apiOk<{
      entries: AuditEntry[];
      next_before: number | null;
    }>(server, admin, "GET", "/api/audit?limit=3");
    expect(first.entries).toHaveLength(3);
    expect(first.next_before).toBe(first.entries[2]!.id);
    const second = await audit(
      server,
      admin,
      `limit=3&before=${first.next_before}`,
    );
    expect(second[0]!.id).toBeLessThan(first.entries[2]!.id);
    const ids = [...first.entries, ...second].map((e) => e.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const future = await audit(
      server,
      admin,
      `from=${encodeURIComponent(isoIn(3_600_000))}`,
    );
    expect(future).toEqual([]);
    const all = await apiOk<{
      entries: AuditEntry[];
      next_before: number | null;
    }>(server, admin, "GET", "/api/audit?limit=500");
    expect(all.next_before).toBeNull();
  });

  test("bad filters are refused with a clear error", async () => {
    for (const query of [
      "actor=abc",
      "limit=0",
      "limit=501",
      "from=igår",
      "action=Login",
      "round=0",
      "delete=1",
      "actor=1&actor=2",
    ]) {
      const r = await api(server, admin, "GET", `/api/audit?${query}`);
      expect(r.status, query).toBe(400);
      expect(
        (r.json as { error: { message: string } }).error.message.length,
        query,
      ).toBeGreaterThan(5);
    }
  });
});

describe("nothing can change it", () => {
  test("no method on any address changes or removes an entry, and a WebSocket has no request for it", async () => {
    const before = await apiOk<{ entries: AuditEntry[] }>(
      server,
      admin,
      "GET",
      "/api/audit?limit=500",
    );
    const target = before.entries[before.entries.length - 1]!.id;
    const paths = [
      "/api/audit",
      `/api/audit/${target}`,
      `/api/audit?before=${target}`,
      `/api/audit/${target}/delete`,
      "/api/admin/audit",
      `/api/admin/audit/${target}`,
    ];
    for (const path of paths) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        const r = await api(server, admin, method, path, {
          action: "nothing",
          details: {},
        });
        expect(r.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
        expect(r.status, `${method} ${path}`).toBeLessThan(500);
      }
    }
    const ws = await server.connect(admin);
    for (const type of [
      "delete_audit_entry",
      "update_audit_entry",
      "clear_audit_log",
    ]) {
      expect((await ws.fails(type, { entry: target })).code).toBe(
        "unknown_type",
      );
    }
    ws.terminate();
    const after = await apiOk<{ entries: AuditEntry[] }>(
      server,
      admin,
      "GET",
      "/api/audit?limit=500",
    );
    // Every entry that was there is there unchanged (the connection above added its own reads
    // only: nothing was recorded for refused requests).
    const kept = after.entries.filter((e) => e.id <= before.entries[0]!.id);
    expect(kept).toEqual(before.entries);
  });
});
