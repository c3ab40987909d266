// Helpers for the account tests (issue 7: people and organisations, sessions, the audit log):
// the account endpoints of the HTTP API as a logged-in person calls them, invitation links, the
// audit log, and `samrad admin` run against a server's database as a separate process.
import { spawn } from "node:child_process";
import {
  repoRoot,
  serverBinary,
  sleep,
  type HttpResponse,
  type Person,
  type SamradServer,
  type Session,
} from "./server";

/** A request to the HTTP API with the session's cookie and the server's own Origin. */
export function api(
  server: SamradServer,
  session: Session | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<HttpResponse> {
  const headers: Record<string, string> = { Origin: server.baseUrl };
  if (session) headers.Cookie = session.cookie;
  return server.http(method, path, {
    headers,
    body:
      body === undefined
        ? undefined
        : typeof body === "string"
          ? body
          : JSON.stringify(body),
  });
}

/** Like api() but throws unless the status is the expected one; returns the JSON body. */
export async function apiOk<T = Record<string, unknown>>(
  server: SamradServer,
  session: Session | null,
  method: string,
  path: string,
  body?: unknown,
  status = 200,
): Promise<T> {
  const r = await api(server, session, method, path, body);
  if (r.status !== status)
    throw new Error(
      `${method} ${path} → ${r.status} ${r.text} (expected ${status})`,
    );
  return r.json as T;
}

/** The error code of an HTTP error answer. */
export function errorCode(r: HttpResponse): string | undefined {
  return (r.json as { error?: { code?: string } } | undefined)?.error?.code;
}

export interface AdminPerson {
  id: number;
  name: string;
  email: string;
  role: string;
  organisation: { id: number; name: string; kind: string; side: string };
  active: boolean;
  organisation_active: boolean;
  has_password: boolean;
  invitation_expires_at: string | null;
  sessions: number;
}

export interface AdminOrganisation {
  id: number;
  name: string;
  kind: string;
  side: string;
  active: boolean;
  people: number;
}

export async function people(
  server: SamradServer,
  admin: Session,
): Promise<AdminPerson[]> {
  return (
    await apiOk<{ people: AdminPerson[] }>(
      server,
      admin,
      "GET",
      "/api/admin/people",
    )
  ).people;
}

export async function personByEmail(
  server: SamradServer,
  admin: Session,
  email: string,
): Promise<AdminPerson> {
  const found = (await people(server, admin)).find((p) => p.email === email);
  if (!found) throw new Error(`no person ${email}`);
  return found;
}

export async function organisations(
  server: SamradServer,
  admin: Session,
): Promise<AdminOrganisation[]> {
  return (
    await apiOk<{ organisations: AdminOrganisation[] }>(
      server,
      admin,
      "GET",
      "/api/admin/organisations",
    )
  ).organisations;
}

export async function organisationByName(
  server: SamradServer,
  admin: Session,
  name: string,
): Promise<AdminOrganisation> {
  const found = (await organisations(server, admin)).find(
    (o) => o.name === name,
  );
  if (!found) throw new Error(`no organisation ${name}`);
  return found;
}

export interface Invitation {
  token: string;
  expires_at: string;
}

/** Creates a person through the admin API; returns their id and invitation link's token. */
export async function createPerson(
  server: SamradServer,
  admin: Session,
  fields: {
    name: string;
    email: string;
    role: string;
    organisation_id: number;
  },
): Promise<{ person_id: number; invitation: Invitation }> {
  return apiOk(server, admin, "POST", "/api/admin/people", fields, 201);
}

/** Uses an invitation link: sets the password and returns the new session (logged in). */
export async function acceptInvitation(
  server: SamradServer,
  token: string,
  password: string,
  email = "",
): Promise<Session> {
  const r = await api(server, null, "POST", "/api/invitation/accept", {
    token,
    password,
  });
  if (r.status !== 200) throw new Error(`accept → ${r.status} ${r.text}`);
  const setCookie = (r.headers["set-cookie"] ?? []).find((c) =>
    c.startsWith("samrad_session="),
  );
  if (!setCookie)
    throw new Error("no session cookie after accepting the invitation");
  const sessionToken = /^samrad_session=([^;]*)/.exec(setCookie)![1]!;
  return {
    email,
    token: sessionToken,
    cookie: `samrad_session=${sessionToken}`,
    setCookie,
    person: (r.json as { person: Person }).person,
  };
}

export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  actor: Person | null;
  source: string;
  address: string;
  round_id: number | null;
  target: { kind: string; id: number | null } | null;
  details: Record<string, string>;
}

/** The audit log as this person reads it, with a query string (e.g. "action=login"). */
export async function audit(
  server: SamradServer,
  reader: Session,
  query = "",
): Promise<AuditEntry[]> {
  const path = query ? `/api/audit?${query}` : "/api/audit";
  return (await apiOk<{ entries: AuditEntry[] }>(server, reader, "GET", path))
    .entries;
}

/** Waits until the audit log has an entry that matches, or fails after the timeout. */
export async function waitForAudit(
  server: SamradServer,
  reader: Session,
  match: (e: AuditEntry) => boolean,
  query = "",
  timeoutMs = 10_000,
): Promise<AuditEntry> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await audit(server, reader, query)).find(match);
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(
        `no audit entry matched within ${timeoutMs} ms (query "${query}")`,
      );
    await sleep(100);
  }
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `samrad admin ARGS` as a separate process; --database is the server's unless given. */
export function runAdmin(
  server: SamradServer | null,
  args: string[],
  env: Record<string, string> = {},
): Promise<CommandResult> {
  const argv = ["admin", ...args];
  if (server && !args.includes("--database") && !args.includes("--config"))
    argv.push("--database", server.dbPath);
  return new Promise((resolve, reject) => {
    const proc = spawn(serverBinary, argv, {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    proc.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    proc.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      reject(new Error(`samrad ${argv.join(" ")} did not finish within 20 s`));
    }, 20_000);
    proc.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    proc.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The token of the invitation link `samrad admin` printed. */
export function linkToken(stdout: string): string {
  const m = /\/#\/invitation\/([0-9a-f]{32})\s*$/m.exec(stdout);
  if (!m) throw new Error(`no invitation link in:\n${stdout}`);
  return m[1]!;
}
