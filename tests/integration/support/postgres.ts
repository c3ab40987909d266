// Real PostgreSQL 15 servers for integration tests, as tests/unit/support/postgres_process.hpp
// does for the C++ ones: initdb in a temp dir, postgres on an ephemeral 127.0.0.1 port, the
// binaries from `pg_config --bindir` (never the system cluster on 5432). PostgreSQL refuses to
// run as root, so under root (CI) the folder belongs to nobody:nogroup and initdb and postgres
// run as that user. Every server started is killed and its folder removed by cleanupAll()
// (support/server.ts), also after a failure.
import {
  execFile,
  execFileSync,
  spawn,
  type ChildProcess,
} from "node:child_process";
import {
  chownSync,
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  freePort,
  registerCleanup,
  sleep,
  withTimeout,
  type ExitStatus,
} from "./server";

const execFileAsync = promisify(execFile);
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 30_000;

let binaryFolder: string | undefined;

/** A PostgreSQL binary; not on PATH on Debian, and a PATH lookup could find another version. */
function binary(name: string): string {
  binaryFolder ??= execFileSync("pg_config", ["--bindir"], {
    encoding: "utf8",
  }).trim();
  return join(binaryFolder, name);
}

/** The user initdb and postgres run as: nobody:nogroup under root, else ourselves. */
const serverUser = process.geteuid?.() === 0 ? nobody() : undefined;

function nobody(): { uid: number; gid: number } {
  const uid = Number(
    execFileSync("id", ["-u", "nobody"], { encoding: "utf8" }),
  );
  const gid = Number(
    execFileSync("getent", ["group", "nogroup"], { encoding: "utf8" }).split(
      ":",
    )[2],
  );
  return { uid, gid };
}

/** Starts a PostgreSQL binary as the server user with its output appended to the log file. */
function spawnAsServerUser(
  name: string,
  args: string[],
  logFile: string,
): ChildProcess {
  const log = openSync(logFile, "a");
  try {
    // With uid and gid, Node also drops root's supplementary groups.
    return spawn(binary(name), args, {
      stdio: ["ignore", log, log],
      ...serverUser,
    });
  } finally {
    closeSync(log);
  }
}

function exitOf(proc: ChildProcess): Promise<ExitStatus> {
  return new Promise((resolve) =>
    proc.once("exit", (code, signal) => resolve({ code, signal })),
  );
}

/** A process's state letter and parent from /proc/<pid>/stat; undefined when it is gone. */
function processStatus(
  pid: number,
): { state: string; parent: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name in parentheses may hold spaces; the fields after it are fixed.
  const [state, parent] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { state: state!, parent: Number(parent) };
}

function gone(pid: number): boolean {
  const state = processStatus(pid)?.state;
  return state === undefined || state === "Z";
}

/**
 * The postmaster's children: each backend and background process is one, and each has its own
 * session (setsid), so a process group would not reach them.
 */
function childrenOf(parent: number): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => processStatus(pid)?.parent === parent);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone already.
  }
}

async function eventually(
  condition: () => boolean,
  limitMs: number,
): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (condition()) return true;
    await sleep(20);
  }
  return condition();
}

/** Stops the postmaster first, so that it forks no new backend while its children are listed. */
async function stopWithChildren(postmaster: number): Promise<number[]> {
  signal(postmaster, "SIGSTOP");
  await eventually(
    () => processStatus(postmaster)?.state === "T" || gone(postmaster),
    5_000,
  );
  const children = childrenOf(postmaster);
  for (const child of children) signal(child, "SIGSTOP");
  return [...children, postmaster];
}

/** Runs SQL with psql against a conninfo; resolves with the unaligned output, rejects on error. */
export async function psql(conninfo: string, sql: string): Promise<string> {
  const { stdout } = await execFileAsync(binary("psql"), [
    conninfo,
    "--no-psqlrc",
    "--no-align",
    "--tuples-only",
    "--set=ON_ERROR_STOP=1",
    "--command",
    sql,
  ]);
  return stdout.trim();
}

export class PostgresServer {
  readonly dir = mkdtempSync(join(tmpdir(), "samrad-pg-"));
  port = 0;
  private proc: ChildProcess | null = null;
  private exited: Promise<ExitStatus> | null = null;
  private paused: number[] = [];
  private databasesCreated = 0;
  private readonly unregister = registerCleanup(() => this.stop());

  private constructor() {
    // mkdtemp makes it 0700 for root; the server user must own it to create data/ and the socket.
    if (serverUser) chownSync(this.dir, serverUser.uid, serverUser.gid);
  }

  /** initdb, then postgres on a free port; resolves once it accepts connections. */
  static async start(): Promise<PostgresServer> {
    const server = new PostgresServer();
    await server.initdb();
    // A port found free may be taken before postgres binds it: then try another.
    for (let attempt = 0; ; attempt++) {
      server.port = await freePort();
      try {
        await server.startPostmaster();
        return server;
      } catch (err) {
        await server.kill();
        if (attempt === 4) throw err;
      }
    }
  }

  get running(): boolean {
    return (
      this.proc !== null &&
      this.proc.exitCode === null &&
      this.proc.signalCode === null
    );
  }

  /** libpq connection string, e.g. "host=127.0.0.1 port=N dbname=D user=samrad connect_timeout=5". */
  conninfo(database = "postgres"): string {
    return `host=127.0.0.1 port=${this.port} dbname=${database} user=samrad connect_timeout=5`;
  }

  /** A fresh empty database with a name unique on this server; resolves with its conninfo. */
  async createDatabase(): Promise<string> {
    const name = `test_${++this.databasesCreated}`;
    await execFileAsync(binary("createdb"), [
      "-h",
      "127.0.0.1",
      "-p",
      String(this.port),
      "-U",
      "samrad",
      name,
    ]);
    return this.conninfo(name);
  }

  /** SIGKILL the postmaster and its children, and wait until they are gone. */
  async kill(): Promise<void> {
    if (!this.running) return;
    const processes = await stopWithChildren(this.proc!.pid!);
    for (const pid of processes) signal(pid, "SIGKILL");
    await this.exited;
    // A new postmaster refuses the data folder while an old backend still holds shared memory.
    await eventually(() => processes.every(gone), 10_000);
    this.paused = [];
  }

  /** Fast stop when running, then start on the same port and data folder. */
  async restart(): Promise<void> {
    if (this.running) {
      await this.resume();
      // SIGINT is PostgreSQL's fast shutdown: it ends the sessions and writes a checkpoint.
      this.proc!.kill("SIGINT");
      await withTimeout(
        this.exited!,
        STOP_TIMEOUT_MS,
        () => "postgres did not stop",
      ).catch(() => this.kill());
    }
    await this.startPostmaster();
  }

  /** SIGSTOP the postmaster and its children (every backend). */
  async pause(): Promise<void> {
    if (!this.running || this.paused.length > 0) return;
    this.paused = await stopWithChildren(this.proc!.pid!);
  }

  /** SIGCONT what pause() stopped. */
  async resume(): Promise<void> {
    for (const pid of this.paused) signal(pid, "SIGCONT");
    this.paused = [];
  }

  /** Kills the server and removes its folder. */
  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
    this.unregister();
  }

  private async initdb(): Promise<void> {
    const log = join(this.dir, "initdb.log");
    const initdb = spawnAsServerUser(
      "initdb",
      [
        "-D",
        join(this.dir, "data"),
        "-U",
        "samrad",
        "--auth=trust",
        "--encoding=UTF8",
        "--locale=C.UTF-8",
        "--no-sync",
      ],
      log,
    );
    const status = await exitOf(initdb);
    if (status.code !== 0) throw new Error(`initdb failed:\n${tail(log)}`);
  }

  private async startPostmaster(): Promise<void> {
    // Surviving a power cut is not tested, so nothing is synced to disk; but a commit is still
    // written to the OS before it is acknowledged (synchronous_commit stays on), so committed
    // data survives kill(). The socket folder is ours, not /var/run/postgresql.
    const settings = [
      "listen_addresses=127.0.0.1",
      "fsync=off",
      "full_page_writes=off",
      "max_connections=200",
      "shared_buffers=32MB",
    ];
    const proc = spawnAsServerUser(
      "postgres",
      [
        "-D",
        join(this.dir, "data"),
        "-p",
        String(this.port),
        "-k",
        this.dir,
        ...settings.flatMap((s) => ["-c", s]),
      ],
      join(this.dir, "postgres.log"),
    );
    this.proc = proc;
    this.exited = exitOf(proc);
    let exited = false;
    void this.exited.then(() => (exited = true));
    const end = Date.now() + START_TIMEOUT_MS;
    while (!exited && Date.now() < end) {
      if (await this.acceptsConnections()) return;
      await sleep(50);
    }
    throw new Error(
      `postgres on port ${this.port} ${exited ? "exited" : "did not accept connections in 30 s"}; ` +
        `end of its log:\n${tail(join(this.dir, "postgres.log"))}`,
    );
  }

  private async acceptsConnections(): Promise<boolean> {
    try {
      await execFileAsync(binary("pg_isready"), [
        "-h",
        "127.0.0.1",
        "-p",
        String(this.port),
        "-U",
        "samrad",
        "-d",
        "postgres",
        "-t",
        "5",
      ]);
      return true;
    } catch {
      return false;
    }
  }
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
