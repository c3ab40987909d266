// Test fixture: starts the real samrad binary on an ephemeral loopback port with a temp SQLite
// database, and talks HTTP and WebSocket (protocol v1, protocol/README.md) to it. Every process,
// socket and temp dir it creates is registered and removed by cleanupAll(), also after a failure.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, existsSync, writeFileSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { WebSocket } from "ws";

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, "../../..");
/** The release build; SAMRAD_BIN (a checked build, say) is the binary under test instead. */
export const releaseBinary = join(repoRoot, "build/server/samrad");
export const serverBinary = process.env.SAMRAD_BIN ?? releaseBinary;

export const DEMO_PASSWORD = "samrad-demo";
export const people = {
  secretariat: "sekretariat@samrad.example",
  admin: "admin@samrad.example",
  anna: "anna.lind@malmo.example",
  erik: "erik.nilsson@kiruna.example",
  maria: "maria.berg@skane.example",
  johan: "johan.pekkari@norrbotten.example",
  lena: "lena.sjoberg@skr.example",
  per: "per.holm@finans.example",
  ida: "ida.strom@social.example",
  lars: "lars.ek@skolverket.example",
  eva: "eva.lund@finans.example",
} as const;

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------------------------------------
// Cleanup registry

const liveServers = new Set<SamradServer>();
const liveSockets = new Set<WebSocket>();
const tempDirs = new Set<string>();
const otherCleanups = new Set<() => Promise<void>>();

// A checked build of the server (tests/sanitizers/run.sh, SAMRAD_BIN) reports what it finds on
// stderr. Each report is kept when its process exits, and cleanupAll fails the test file with
// it, also when the server was killed before a test looked at its output.
const SANITIZER_REPORT =
  /ERROR: (AddressSanitizer|LeakSanitizer)|WARNING: ThreadSanitizer|runtime error: /;
const sanitizerReports: string[] = [];

/**
 * Has cleanupAll also run this (e.g. kill a PostgreSQL server and remove its folder); returns
 * the function that takes it off again, for when it was done already.
 */
export function registerCleanup(cleanup: () => Promise<void>): () => void {
  otherCleanups.add(cleanup);
  return () => otherCleanups.delete(cleanup);
}

/**
 * Kills every server still running, terminates every socket, removes every temp dir; then fails
 * if a checked build of the server reported anything.
 */
export async function cleanupAll(): Promise<void> {
  for (const ws of liveSockets) ws.terminate();
  liveSockets.clear();
  await Promise.all(
    [...liveServers].map((s) => s.kill9().catch(() => undefined)),
  );
  liveServers.clear();
  await Promise.all(
    [...otherCleanups].map((cleanup) => cleanup().catch(() => undefined)),
  );
  otherCleanups.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
  const reports = sanitizerReports.splice(0);
  if (reports.length > 0) {
    throw new Error(`the server's sanitizers reported:\n${reports.join("\n")}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Server process

export interface StartOptions {
  /** Extra command-line arguments, e.g. ["--max-message-bytes", "1024"]. */
  args?: string[];
  /** Seed the demo data (default true). */
  demoData?: boolean;
  /** Port to bind; default 0 (ephemeral). */
  port?: number;
  /** Existing temp dir holding samrad.db; default a fresh mkdtemp. */
  dir?: string;
  /**
   * "relaxed" (the default): the request and login limits out of the way, for tests that script
   * hundreds of requests per second or many failed logins; a later --config in args still sets
   * its own. "server defaults": the limits as shipped, for the tests of those limits and for
   * the browser tests, where a page must stay within them.
   */
  limits?: "relaxed" | "server defaults";
  /** TOML of the test's own (e.g. "[limits]\nrequest_burst = 10\n"), read after the above. */
  config?: string;
  /**
   * "release" for a test that measures the server's memory: a checked build's allocator holds
   * on to what is freed (AddressSanitizer's quarantine), so only the release build can be
   * measured. Default: the binary under test.
   */
  binary?: "under test" | "release";
}

// Applied before a test's own arguments (the server reads every --config in order).
const RELAXED_LIMITS =
  "[limits]\nrequests_per_second = 100000\nrequest_burst = 100000\n" +
  "person_requests_per_second = 100000\nperson_request_burst = 100000\n" +
  "login_failures_per_account = 1000\nlogin_failures_per_address = 100000\n" +
  "connections_per_address = 100000\n";

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class SamradServer {
  readonly dir: string;
  readonly dbPath: string;
  port = 0;
  baseUrl = "";
  stdout = "";
  stderr = "";
  private proc: ChildProcess | null = null;
  private exited: Promise<ExitStatus> | null = null;
  private readonly args: string[];
  private readonly demoData: boolean;
  private readonly binary: string;

  constructor(opts: StartOptions = {}) {
    this.dir = opts.dir ?? mkdtempSync(join(tmpdir(), "samrad-it-"));
    tempDirs.add(this.dir);
    this.dbPath = join(this.dir, "samrad.db");
    this.args = opts.args ?? [];
    if (opts.config !== undefined) {
      const config = join(this.dir, "test.toml");
      writeFileSync(config, opts.config);
      this.args = ["--config", config, ...this.args];
    }
    if ((opts.limits ?? "relaxed") === "relaxed") {
      const config = join(this.dir, "relaxed-limits.toml");
      writeFileSync(config, RELAXED_LIMITS);
      this.args = ["--config", config, ...this.args];
    }
    this.demoData = opts.demoData ?? true;
    this.port = opts.port ?? 0;
    this.binary = opts.binary === "release" ? releaseBinary : serverBinary;
  }

  get running(): boolean {
    return (
      this.proc !== null &&
      this.proc.exitCode === null &&
      this.proc.signalCode === null
    );
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Output so far, for error messages. */
  get output(): string {
    return `--- stdout ---\n${this.stdout.slice(-4000)}\n--- stderr ---\n${this.stderr.slice(-4000)}`;
  }

  /** Starts the process and resolves once it prints "samrad: listening on http://ADDR:PORT". */
  async start(): Promise<this> {
    if (this.running) throw new Error("server already running");
    if (!existsSync(this.binary)) {
      throw new Error(
        `server binary not found at ${this.binary} (set SAMRAD_BIN or build first)`,
      );
    }
    const argv = [
      "--port",
      String(this.port),
      "--bind",
      "127.0.0.1",
      "--database",
      this.dbPath,
      ...(this.demoData ? ["--demo-data"] : []),
      ...this.args,
    ];
    this.stdout = "";
    this.stderr = "";
    this.baseUrl = "";
    const proc = spawn(this.binary, argv, {
      stdio: ["ignore", "pipe", "pipe"],
      cwd: repoRoot,
    });
    this.proc = proc;
    liveServers.add(this);
    this.exited = new Promise<ExitStatus>((res) => {
      // "close" rather than "exit": the process is gone and all its output has been read.
      proc.once("close", (code, signal) => {
        liveServers.delete(this);
        const report = SANITIZER_REPORT.exec(this.stderr);
        if (report)
          sanitizerReports.push(
            this.stderr.slice(report.index, report.index + 6000),
          );
        res({ code, signal });
      });
    });
    proc.stdout!.setEncoding("utf8");
    proc.stderr!.setEncoding("utf8");
    proc.stderr!.on("data", (chunk: string) => {
      this.stderr += chunk;
    });

    const listening = new Promise<void>((res, rej) => {
      const timer = setTimeout(() => {
        rej(
          new Error(
            `server did not print its listening line within ${START_TIMEOUT_MS} ms\n${this.output}`,
          ),
        );
      }, START_TIMEOUT_MS);
      proc.stdout!.on("data", (chunk: string) => {
        this.stdout += chunk;
        const m = /^samrad: listening on (http:\/\/([^\s:]+):(\d+))\s*$/m.exec(
          this.stdout,
        );
        if (m && this.baseUrl === "") {
          clearTimeout(timer);
          this.port = Number(m[3]);
          this.baseUrl = m[1]!;
          res();
        }
      });
      proc.once("error", (err) => {
        clearTimeout(timer);
        rej(new Error(`could not spawn ${this.binary}: ${err.message}`));
      });
      void this.exited!.then((st) => {
        clearTimeout(timer);
        rej(
          new Error(
            `server exited before listening (code ${st.code}, signal ${st.signal})\n${this.output}`,
          ),
        );
      });
    });
    await listening;
    return this;
  }

  /** SIGTERM, wait for exit, return the status (tests assert code 0). */
  async stop(): Promise<ExitStatus> {
    if (!this.proc || !this.exited) throw new Error("server not started");
    if (!this.running) return this.exited;
    this.proc.kill("SIGTERM");
    return withTimeout(this.exited, STOP_TIMEOUT_MS, () => {
      this.proc?.kill("SIGKILL");
      return `server did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM\n${this.output}`;
    });
  }

  /** SIGKILL (kill -9) and wait until the process is gone. */
  async kill9(): Promise<ExitStatus> {
    if (!this.proc || !this.exited) throw new Error("server not started");
    if (this.running) this.proc.kill("SIGKILL");
    return this.exited;
  }

  /** Resolves when the process exits on its own. */
  waitExit(): Promise<ExitStatus> {
    if (!this.exited) throw new Error("server not started");
    return this.exited;
  }

  /** Starts again on the same port and the same database (the demo data is not re-seeded). */
  async restart(): Promise<this> {
    if (this.running) throw new Error("stop or kill the server before restart");
    // The database is no longer empty, so --demo-data must be a no-op; pass it anyway to prove
    // that it does not reseed or fail. Retry briefly in case the port is not yet free.
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        return await this.start();
      } catch (err) {
        lastError = err;
        if (!/exited before listening/.test(String(err))) throw err;
        await sleep(300);
      }
    }
    throw lastError;
  }

  // -------------------------------------------------------------------------------------------
  // HTTP

  /** Raw HTTP request against the server; headers exactly as given (no implicit Origin). */
  http(
    method: string,
    path: string,
    opts: { headers?: Record<string, string>; body?: string } = {},
  ): Promise<HttpResponse> {
    return new Promise((res, rej) => {
      const body = opts.body;
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (body !== undefined) {
        headers["Content-Length"] = String(Buffer.byteLength(body));
        headers["Content-Type"] ??= "application/json";
      }
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port: this.port,
          method,
          path,
          headers,
          agent: false,
        },
        (resp) => {
          let text = "";
          resp.setEncoding("utf8");
          resp.on("data", (c: string) => (text += c));
          resp.on("end", () => {
            let json: unknown = undefined;
            try {
              json = text.length > 0 ? JSON.parse(text) : undefined;
            } catch {
              json = undefined;
            }
            res({
              status: resp.statusCode ?? 0,
              headers: resp.headers,
              text,
              json,
            });
          });
          resp.on("error", rej);
        },
      );
      req.setTimeout(10_000, () =>
        req.destroy(new Error(`HTTP ${method} ${path} timed out`)),
      );
      req.on("error", rej);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  /** POST /api/login with Origin = baseUrl; returns the raw response. */
  loginRaw(
    email: string,
    password = DEMO_PASSWORD,
    origin: string | null = this.baseUrl,
  ): Promise<HttpResponse> {
    const headers: Record<string, string> = {};
    if (origin !== null) headers.Origin = origin;
    return this.http("POST", "/api/login", {
      headers,
      body: JSON.stringify({ email, password }),
    });
  }

  /** Logs in and returns the session (cookie header value "samrad_session=<token>"). */
  async login(email: string, password = DEMO_PASSWORD): Promise<Session> {
    const r = await this.loginRaw(email, password);
    if (r.status !== 200)
      throw new Error(`login ${email} → ${r.status} ${r.text}`);
    const setCookie = sessionSetCookie(r.headers);
    if (!setCookie)
      throw new Error(
        `login ${email}: no samrad_session Set-Cookie in ${JSON.stringify(r.headers)}`,
      );
    const token = /^samrad_session=([^;]*)/.exec(setCookie)![1]!;
    return {
      email,
      token,
      cookie: `samrad_session=${token}`,
      setCookie,
      person: (r.json as { person: Person }).person,
    };
  }

  /** POST /api/logout with Origin = baseUrl and the session cookie. */
  logout(
    session: Session,
    origin: string | null = this.baseUrl,
  ): Promise<HttpResponse> {
    const headers: Record<string, string> = { Cookie: session.cookie };
    if (origin !== null) headers.Origin = origin;
    return this.http("POST", "/api/logout", { headers });
  }

  me(session?: Session): Promise<HttpResponse> {
    return this.http("GET", "/api/me", {
      headers: session ? { Cookie: session.cookie } : {},
    });
  }

  // -------------------------------------------------------------------------------------------
  // WebSocket

  /** Opens /ws; resolves on open (before welcome). Rejects with UpgradeRefused on a non-101. */
  openWs(
    opts: { cookie?: string | null; origin?: string | null } = {},
  ): Promise<WsClient> {
    const origin = opts.origin === undefined ? this.baseUrl : opts.origin;
    const headers: Record<string, string> = {};
    if (origin !== null) headers.Origin = origin;
    if (opts.cookie) headers.Cookie = opts.cookie;
    const ws = new WebSocket(`ws://127.0.0.1:${this.port}/ws`, {
      headers,
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
    });
    liveSockets.add(ws);
    const client = new WsClient(ws);
    return new Promise((res, rej) => {
      ws.once("open", () => res(client));
      ws.once("unexpected-response", (_req, resp) => {
        let text = "";
        resp.setEncoding("utf8");
        resp.on("data", (c: string) => (text += c));
        resp.on("end", () => {
          ws.terminate();
          liveSockets.delete(ws);
          rej(new UpgradeRefused(resp.statusCode ?? 0, text));
        });
      });
      ws.once("error", (err) => {
        liveSockets.delete(ws);
        rej(err);
      });
    });
  }

  /** Opens /ws for a session and waits for the welcome message. */
  async connect(session: Session, origin?: string): Promise<WsClient> {
    const client = await this.openWs({
      cookie: session.cookie,
      origin: origin ?? this.baseUrl,
    });
    await client.welcome();
    return client;
  }

  /** Logs in and connects in one step. */
  async connectAs(email: string): Promise<WsClient> {
    return this.connect(await this.login(email));
  }

  /** Tries an upgrade and reports the HTTP status (101 when it was accepted). */
  async upgradeStatus(opts: {
    cookie?: string | null;
    origin?: string | null;
  }): Promise<number> {
    try {
      const c = await this.openWs(opts);
      c.terminate();
      return 101;
    } catch (err) {
      if (err instanceof UpgradeRefused) return err.status;
      throw err;
    }
  }
}

/**
 * The head of a WebSocket upgrade request for /ws, line by line, for tests that write it byte
 * for byte (a client library would not send a header twice, or no Origin).
 */
export function upgradeRequestLines(
  port: number,
  cookie: string,
  origins: string[],
): string[] {
  return [
    "GET /ws HTTP/1.1",
    `Host: 127.0.0.1:${port}`,
    "Upgrade: websocket",
    "Connection: Upgrade",
    "Sec-WebSocket-Version: 13",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
    `Cookie: ${cookie}`,
    ...origins.map((origin) => `Origin: ${origin}`),
  ];
}

export async function startServer(
  opts: StartOptions = {},
): Promise<SamradServer> {
  return new SamradServer(opts).start();
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: unknown;
}

export interface Session {
  email: string;
  token: string;
  cookie: string;
  setCookie: string;
  person: Person;
}

export function sessionSetCookie(
  headers: IncomingHttpHeaders,
): string | undefined {
  return (headers["set-cookie"] ?? []).find((c) =>
    c.startsWith("samrad_session="),
  );
}

export class UpgradeRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`WebSocket upgrade refused: HTTP ${status} ${body}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Protocol messages (protocol/README.md)

export interface Organisation {
  id: number;
  name: string;
  kind: string;
  side: string;
}
export interface Person {
  id: number;
  name: string;
  role: string;
  organisation: Organisation;
}
export interface ProtocolError {
  code: string;
  message: string;
  /** rate_limited only: how long to wait before trying again. */
  retry_after_ms?: number;
}
export interface EventMsg {
  type: "event";
  round_id: number;
  seq: number;
  at: string;
  kind: string;
  actor: Person | null;
  data: Record<string, unknown>;
}
export interface ResultMsg {
  type: "result";
  id: number;
  result: Record<string, unknown>;
}
export interface ErrorMsg {
  type: "error";
  id: number | null;
  error: ProtocolError;
}
export interface WelcomeMsg {
  type: "welcome";
  protocol: number;
  person: Person;
  limits: { max_message_bytes: number };
}
export type ServerMsg =
  | EventMsg
  | ResultMsg
  | ErrorMsg
  | WelcomeMsg
  | { type: string; [k: string]: unknown };
export type Answer = ResultMsg | ErrorMsg;

export interface CloseInfo {
  code: number;
  reason: string;
}

const DEFAULT_WAIT_MS = 10_000;

/** One WebSocket connection: requests matched by id, every message and event recorded. */
export class WsClient {
  /** Every parsed message, in arrival order. */
  readonly messages: ServerMsg[] = [];
  /** Raw text of frames that were not valid JSON (should stay empty). */
  readonly unparsable: string[] = [];
  readonly closed: Promise<CloseInfo>;
  private nextId = 1;
  private waiters: Array<{
    pred: (m: ServerMsg) => boolean;
    res: (m: ServerMsg) => void;
  }> = [];
  private closeInfo: CloseInfo | null = null;

  constructor(readonly ws: WebSocket) {
    this.closed = new Promise((res) => {
      ws.once("close", (code, reason) => {
        liveSockets.delete(ws);
        this.closeInfo = { code, reason: reason.toString("utf8") };
        res(this.closeInfo);
      });
    });
    ws.on("error", () => undefined); // surfaced through close codes
    ws.on("message", (data, isBinary) => {
      const text = isBinary
        ? Buffer.from(data as Buffer).toString("utf8")
        : data.toString();
      let msg: ServerMsg;
      try {
        msg = JSON.parse(text) as ServerMsg;
      } catch {
        this.unparsable.push(text);
        return;
      }
      this.messages.push(msg);
      const still: typeof this.waiters = [];
      for (const w of this.waiters) {
        if (w.pred(msg)) w.res(msg);
        else still.push(w);
      }
      this.waiters = still;
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  get closeCode(): number | null {
    return this.closeInfo?.code ?? null;
  }

  /** Events recorded so far, optionally for one round. */
  events(roundId?: number): EventMsg[] {
    return this.messages.filter(
      (m): m is EventMsg =>
        m.type === "event" &&
        (roundId === undefined || (m as EventMsg).round_id === roundId),
    );
  }

  /** Resolves with the first message (already received or future) that matches. */
  waitFor(
    pred: (m: ServerMsg) => boolean,
    timeoutMs = DEFAULT_WAIT_MS,
    what = "message",
  ): Promise<ServerMsg> {
    const seen = this.messages.find(pred);
    if (seen) return Promise.resolve(seen);
    return this.waitForNew(pred, timeoutMs, what);
  }

  /** Resolves with the next future message that matches. */
  waitForNew(
    pred: (m: ServerMsg) => boolean,
    timeoutMs = DEFAULT_WAIT_MS,
    what = "message",
  ): Promise<ServerMsg> {
    const p = new Promise<ServerMsg>((res) => this.waiters.push({ pred, res }));
    return withTimeout(
      p,
      timeoutMs,
      () =>
        `timed out after ${timeoutMs} ms waiting for ${what}; close=${JSON.stringify(this.closeInfo)}; last messages: ${JSON.stringify(this.messages.slice(-5))}`,
    );
  }

  async welcome(timeoutMs = DEFAULT_WAIT_MS): Promise<WelcomeMsg> {
    const first = await Promise.race([
      this.waitFor(() => true, timeoutMs, "welcome"),
      this.closed.then((c) => {
        throw new Error(`socket closed before welcome: ${JSON.stringify(c)}`);
      }),
    ]);
    if (first.type !== "welcome")
      throw new Error(`first message is not welcome: ${JSON.stringify(first)}`);
    return first as WelcomeMsg;
  }

  /** Waits until an event of the round with seq >= the given one has arrived. */
  waitForSeq(
    roundId: number,
    seq: number,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<ServerMsg> {
    return this.waitFor(
      (m) =>
        m.type === "event" &&
        (m as EventMsg).round_id === roundId &&
        (m as EventMsg).seq >= seq,
      timeoutMs,
      `event round ${roundId} seq ${seq}`,
    );
  }

  allocId(): number {
    return this.nextId++;
  }

  /** Sends {type, id, ...fields}; resolves with the result or error carrying that id. */
  request(
    type: string,
    fields: Record<string, unknown> = {},
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<Answer> {
    const id = this.allocId();
    return this.requestRaw(
      id,
      JSON.stringify({ type, id, ...fields }),
      timeoutMs,
    );
  }

  /** Sends a prepared text frame (string or raw bytes) and waits for the answer carrying the id. */
  requestRaw(
    id: number | null,
    text: string | Buffer,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<Answer> {
    const p = this.waitForNew(
      (m) =>
        (m.type === "result" || m.type === "error") && (m as Answer).id === id,
      timeoutMs,
      `answer to id ${id} (${text.slice(0, 120).toString()})`,
    ) as Promise<Answer>;
    this.ws.send(text, { binary: false });
    return p;
  }

  /** Like request() but throws unless the answer is a result; returns the result object. */
  async ok<T = Record<string, unknown>>(
    type: string,
    fields: Record<string, unknown> = {},
  ): Promise<T> {
    const a = await this.request(type, fields);
    if (a.type !== "result")
      throw new Error(
        `${type} ${JSON.stringify(fields)} → ${JSON.stringify(a)}`,
      );
    return a.result as T;
  }

  /** Like request() but throws unless the answer is an error; returns the error. */
  async fails(
    type: string,
    fields: Record<string, unknown> = {},
  ): Promise<ProtocolError> {
    const a = await this.request(type, fields);
    if (a.type !== "error")
      throw new Error(
        `${type} ${JSON.stringify(fields)} unexpectedly succeeded: ${JSON.stringify(a)}`,
      );
    return a.error;
  }

  /**
   * Subscribes with since and waits until the replay reached head_seq. Returns head_seq and the
   * replayed events (those with seq > since that arrived after this call).
   */
  async subscribe(
    roundId: number,
    since = 0,
  ): Promise<{ head_seq: number; replay: EventMsg[] }> {
    const before = this.messages.length;
    const r = await this.ok<{ round_id: number; head_seq: number }>(
      "subscribe",
      { round_id: roundId, since },
    );
    if (r.round_id !== roundId)
      throw new Error(`subscribe result for wrong round: ${JSON.stringify(r)}`);
    if (r.head_seq > since) await this.waitForSeq(roundId, r.head_seq);
    const replay = this.messages
      .slice(before)
      .filter(
        (m): m is EventMsg =>
          m.type === "event" &&
          (m as EventMsg).round_id === roundId &&
          (m as EventMsg).seq <= r.head_seq,
      );
    return { head_seq: r.head_seq, replay };
  }

  /** Sends one frame (text unless binary); fin=false starts/continues a fragmented message. */
  send(
    data: string | Buffer,
    opts: { binary?: boolean; fin?: boolean } = {},
  ): void {
    this.ws.send(data, { binary: opts.binary ?? false, fin: opts.fin ?? true });
  }

  /** Closes normally and waits for the close to complete. */
  async close(): Promise<CloseInfo> {
    if (
      this.ws.readyState === WebSocket.OPEN ||
      this.ws.readyState === WebSocket.CONNECTING
    )
      this.ws.close(1000);
    return withTimeout(
      this.closed,
      5_000,
      () => "close handshake timed out",
    ).catch(() => {
      this.ws.terminate();
      return { code: 1006, reason: "terminated" };
    });
  }

  terminate(): void {
    this.ws.terminate();
  }

  /** Resolves with the close info, or fails if the socket is still open after the timeout. */
  waitClosed(timeoutMs = DEFAULT_WAIT_MS): Promise<CloseInfo> {
    return withTimeout(
      this.closed,
      timeoutMs,
      () =>
        `socket still open after ${timeoutMs} ms; last messages: ${JSON.stringify(this.messages.slice(-3))}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** A TCP port free on 127.0.0.1 now, for a server the test starts itself. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((res) => setTimeout(res, ms));
}

export function withTimeout<T>(
  p: Promise<T>,
  ms: number,
  describe: () => string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, rej) => {
    timer = setTimeout(() => rej(new Error(describe())), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/**
 * Sends a request until it is not refused with rate_limited ("nothing was done, try again
 * later"), pausing in between; resolves with the final answer. For tests that write a lot.
 */
export async function requestRetryingRateLimit(
  c: WsClient,
  type: string,
  fields: Record<string, unknown> = {},
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    const a = await c.request(type, fields, timeoutMs);
    if (
      a.type === "result" ||
      a.error.code !== "rate_limited" ||
      attempt >= 100
    )
      return a;
    await sleep(Math.min(50 * (attempt + 1), 500));
  }
}

/** A subscribe result's epoch: a short word of the server's (protocol/README.md, subscribe). */
export const anEpoch: unknown = expect.stringMatching(/^[0-9a-z]{1,64}$/);

/** Throws unless the events have seqs first, first+1, … (no gaps, no duplicates, in order). */
export function expectContiguous(events: EventMsg[], first: number): void {
  events.forEach((e, i) => {
    if (e.seq !== first + i) {
      throw new Error(
        `seq ${e.seq} at position ${i}, expected ${first + i}; seqs: ${events.map((x) => x.seq).join(",")}`,
      );
    }
  });
}

/** Ids of the round's threads, from the thread_created events, in order. */
export function threadIds(events: EventMsg[]): number[] {
  return events
    .filter((e) => e.kind === "thread_created")
    .map((e) => e.data.thread_id as number);
}
