// Real Redis servers for integration tests, as tests/unit/bus_redis/redis_process.cpp does for
// the C++ ones: redis-server on a free 127.0.0.1 port with nothing persisted (--save "",
// --appendonly no), in its own temp folder. Every server started is killed and its folder
// removed by cleanupAll() (support/server.ts), also after a failure.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, registerCleanup, sleep, type ExitStatus } from "./server";

const START_TIMEOUT_MS = 10_000;

/** Sends PING over a raw socket; true when Redis answers +PONG within a second. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    let reply = "";
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("utf8");
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
  });
}

export class RedisServer {
  readonly dir = mkdtempSync(join(tmpdir(), "samrad-redis-"));
  port = 0;
  private proc: ChildProcess | null = null;
  private exited: Promise<ExitStatus> | null = null;
  private readonly unregister = registerCleanup(() => this.stop());

  private constructor() {}

  /** redis-server on a free port; resolves once it answers PING. */
  static async start(): Promise<RedisServer> {
    const server = new RedisServer();
    // A port found free may be taken before redis-server binds it: then try another.
    for (let attempt = 0; ; attempt++) {
      server.port = await freePort();
      try {
        await server.startProcess();
        return server;
      } catch (err) {
        await server.kill();
        if (attempt === 4) {
          await server.stop();
          throw err;
        }
      }
    }
  }

  /** "127.0.0.1:PORT", as samrad's --redis takes it. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    // No pid: the spawn failed, and no exit will come.
    return (
      this.proc?.pid !== undefined &&
      this.proc.exitCode === null &&
      this.proc.signalCode === null
    );
  }

  /** SIGKILL and wait until the process is gone (a paused one too). */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.proc!.kill("SIGCONT");
    this.proc!.kill("SIGKILL");
    await this.exited;
  }

  /** Starts again on the same port, after kill(); it comes back empty (nothing is persisted). */
  async restart(): Promise<void> {
    if (this.running) throw new Error("kill redis-server before restart");
    await this.startProcess();
  }

  /** SIGSTOP: the socket stays open but nothing is answered or forwarded. */
  pause(): void {
    if (this.running) this.proc!.kill("SIGSTOP");
  }

  /** SIGCONT what pause() stopped. */
  resume(): void {
    if (this.running) this.proc!.kill("SIGCONT");
  }

  /** Kills the server and removes its folder. */
  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
    this.unregister();
  }

  private async startProcess(): Promise<void> {
    const logFile = join(this.dir, "redis.log");
    const args = [
      "--port",
      String(this.port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      this.dir,
      "--logfile",
      logFile,
    ];
    const proc = spawn("redis-server", args, { stdio: "ignore" });
    this.proc = proc;
    this.exited = new Promise((resolve) =>
      proc.once("exit", (code, signal) => resolve({ code, signal })),
    );
    let exited = false;
    let spawnError: Error | undefined;
    void this.exited.then(() => (exited = true));
    proc.once("error", (err) => (spawnError = err));
    const end = Date.now() + START_TIMEOUT_MS;
    while (!exited && spawnError === undefined && Date.now() < end) {
      if (await answersPing(this.port)) return;
      await sleep(20);
    }
    const why = spawnError
      ? `could not be spawned (${spawnError.message}; run config/setup.sh to install it)`
      : exited
        ? "exited"
        : `did not answer PING within ${START_TIMEOUT_MS} ms`;
    throw new Error(
      `redis-server on port ${this.port} ${why}; end of its log:\n${tail(logFile)}`,
    );
  }
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
