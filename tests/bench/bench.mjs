// Runs the benchmark's scenarios against each server (run.sh is the entry point): a fresh server
// per run pinned to CPU 0, samrad_loadgen pinned to CPU 1, scenarios interleaved across the
// servers and repeated; prints the median of each figure per scenario and writes every run to a
// JSON file. Plain Node.js, no dependencies.
import { spawn } from "node:child_process";
import {
  mkdtempSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const defaults = { repeat: 3, servers: "samrad,bare,nchan", scenario: "all" };

function parseArgs(argv) {
  const options = {
    ...defaults,
    quick: false,
    smoke: false,
    json: null,
    buildDir: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => argv[++i];
    if (flag === "--quick") options.quick = true;
    else if (flag === "--smoke") options.smoke = true;
    else if (flag === "--repeat") options.repeat = Number(value());
    else if (flag === "--servers") options.servers = value();
    else if (flag === "--scenario") options.scenario = value();
    else if (flag === "--json") options.json = value();
    else if (flag === "--build-dir") options.buildDir = value();
    else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

// Each scenario: which servers it concerns and the generator's arguments (full, --quick).
function scenarios(quick) {
  const q = (full, short) => String(quick ? short : full);
  return {
    steady: {
      title: "1,000-subscriber room, steady 100 posts/s",
      servers: ["samrad", "bare", "nchan"],
      args: [
        "--scenario",
        "room",
        "--subscribers",
        "1000",
        "--rate",
        "100",
        "--duration",
        q(10, 3),
      ],
    },
    burst: {
      title: "1,000-subscriber room, 300 posts at once (32 in flight)",
      servers: ["samrad", "bare", "nchan"],
      args: [
        "--scenario",
        "room",
        "--subscribers",
        "1000",
        "--posts",
        "300",
        "--in-flight",
        "32",
      ],
    },
    room10k: {
      title: "10,000-subscriber room, 10 posts/s",
      servers: ["samrad", "bare", "nchan"],
      args: [
        "--scenario",
        "room",
        "--subscribers",
        "10000",
        "--rate",
        "10",
        "--duration",
        q(10, 3),
      ],
    },
    idle: {
      title: `${quick ? "5,000" : "19,000"} idle (authenticated) connections`,
      servers: ["samrad", "bare", "nchan"],
      args: ["--scenario", "idle", "--subscribers", q(19000, 5000)],
    },
    resume: {
      title:
        "a client resuming after 100 missed events (subscribe with since, then unsubscribe)",
      servers: ["samrad"],
      args: [
        "--scenario",
        "resume",
        "--posts",
        "100",
        "--resumes",
        q(500, 200),
      ],
    },
    storm: {
      title: `${quick ? "2,000" : "10,000"} clients reconnecting at once after 100 missed events`,
      servers: ["samrad"],
      args: [
        "--scenario",
        "storm",
        "--subscribers",
        q(10000, 2000),
        "--posts",
        "100",
      ],
    },
    durable: {
      title:
        "durable posts into SQLite (synchronous=FULL): one in flight vs group commit",
      servers: ["samrad"],
      args: [
        "--scenario",
        "durable",
        "--duration",
        q(5, 2),
        "--durable-in-flight",
        "1,64,512",
      ],
    },
  };
}

const smokeScenarios = {
  smoke_room: {
    title: "smoke: 50 subscribers, 100 posts",
    servers: ["samrad"],
    args: [
      "--scenario",
      "room",
      "--subscribers",
      "50",
      "--posts",
      "100",
      "--timeout",
      "30",
    ],
  },
  smoke_resume: {
    title: "smoke: resuming after 100 missed events",
    servers: ["samrad"],
    args: [
      "--scenario",
      "resume",
      "--posts",
      "100",
      "--resumes",
      "20",
      "--timeout",
      "30",
    ],
  },
  smoke_storm: {
    title: "smoke: 200 clients reconnecting after 100 missed events",
    servers: ["samrad"],
    args: [
      "--scenario",
      "storm",
      "--subscribers",
      "200",
      "--posts",
      "100",
      "--timeout",
      "30",
    ],
  },
  smoke_durable: {
    title: "smoke: durable posts, 1 in flight and 64 over two connections",
    servers: ["samrad"],
    args: [
      "--scenario",
      "durable",
      "--duration",
      "1",
      "--durable-in-flight",
      "1,64",
      "--timeout",
      "30",
    ],
  },
};

// ---------------------------------------------------------------------------------------------
// Processes

function freePort() {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once("error", rej);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => res(port));
    });
  });
}

// Spawns command and resolves once its output matches pattern (with the match).
function startProcess(command, args, pattern, what) {
  return new Promise((res, rej) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let started = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      rej(new Error(`${what} did not start:\n${output}`));
    }, 30_000);
    const look = (chunk) => {
      // Once started, only the tail is kept (for a failure's report): Samråd logs every post,
      // thousands a second, and matching the whole output again for each chunk fell behind,
      // until the server waited for its log pipe with its core idle.
      if (started) {
        output = (output + chunk).slice(-64 * 1024);
        return;
      }
      output += chunk;
      const match = pattern.exec(output);
      if (match) {
        started = true;
        clearTimeout(timer);
        res({ child, match, output: () => output });
      }
    };
    child.stdout.setEncoding("utf8").on("data", look);
    child.stderr.setEncoding("utf8").on("data", look);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      rej(new Error(`${what} exited (${code ?? signal}):\n${output}`));
    });
  });
}

function stopProcess(child) {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null) return res();
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      res();
    });
    child.kill("SIGTERM");
  });
}

function childPids(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

// A server is named by its kind, and Samråd optionally by a delivery interval: "samrad@0" is
// Samråd with [server] delivery_interval_ms = 0; plain "samrad" has the default.
const kindOf = (server) => server.split("@")[0];
const deliveryIntervalOf = (server) => server.split("@")[1];

// Starts the named server in dir, pinned to CPU 0; returns {port, pids, stop}.
async function startServer(name, buildDir, dir) {
  const kind = kindOf(name);
  if (kind === "samrad") {
    // One I/O thread: the server has one core. Connections per person at the configurable
    // maximum, so that a few people fill a room.
    const config = join(dir, "samrad.toml");
    writeFileSync(
      config,
      `[server]\nio_threads = 1\nmax_connections_per_person = 1000\nstatic_dir = "${dir}"\n` +
        (deliveryIntervalOf(name) === undefined
          ? ""
          : `delivery_interval_ms = ${Number(deliveryIntervalOf(name))}\n`) +
        `[database]\npath = "${join(dir, "samrad.db")}"\n` +
        // A few people post at thousands per second: the request limits out of the way.
        `[limits]\nrequests_per_second = 100000\nrequest_burst = 100000\n` +
        `person_requests_per_second = 100000\nperson_request_burst = 100000\n` +
        `connections_per_address = 100000\n`,
    );
    const started = await startProcess(
      "taskset",
      [
        "-c",
        "0",
        join(buildDir, "server/samrad"),
        "--config",
        config,
        "--demo-data",
        "--port",
        "0",
      ],
      /listening on http:\/\/[^\s:]+:(\d+)/,
      "samrad",
    );
    return {
      port: Number(started.match[1]),
      pids: [started.child.pid],
      stop: () => stopProcess(started.child),
    };
  }
  if (kind === "bare") {
    const started = await startProcess(
      "taskset",
      ["-c", "0", join(buildDir, "tests/bench/bare_broadcast"), "0"],
      /listening on (\d+)/,
      "bare_broadcast",
    );
    return {
      port: Number(started.match[1]),
      pids: [started.child.pid],
      stop: () => stopProcess(started.child),
    };
  }
  const port = await freePort();
  mkdirSync(join(dir, "body"));
  const config = join(dir, "nginx.conf");
  writeFileSync(
    config,
    `load_module /usr/lib/nginx/modules/ngx_nchan_module.so;
worker_processes 1;
worker_rlimit_nofile 20000;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
# nchan needs more connection slots than sockets: with 20000 it closes subscribers near 19,000.
events { worker_connections 40000; }
http {
  access_log off;
  # The default 32 MiB of shared memory runs out before 19,000 subscribers.
  nchan_max_reserved_memory 512M;
  client_body_temp_path ${dir}/body;
  server {
    listen 127.0.0.1:${port} backlog=4096;
    location = /sub/bench { nchan_subscriber websocket; nchan_channel_id bench; }
    location = /pub/bench {
      nchan_publisher http;
      nchan_channel_id bench;
      nchan_message_buffer_length 100;
      nchan_message_timeout 5m;
    }
  }
}
`,
  );
  const child = spawn(
    "taskset",
    ["-c", "0", "nginx", "-p", dir, "-c", config, "-g", "daemon off;"],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let errors = "";
  child.stderr.setEncoding("utf8").on("data", (chunk) => (errors += chunk));
  for (
    let attempt = 0;
    attempt < 100 && childPids(child.pid).length === 0;
    attempt++
  )
    await sleep(50);
  await sleep(200);
  const workers = childPids(child.pid);
  if (workers.length === 0)
    throw new Error(
      `nginx did not start: ${errors}${readLog(join(dir, "error.log"))}`,
    );
  return {
    port,
    pids: [child.pid, ...workers],
    stop: () => stopProcess(child),
  };
}

function readLog(path) {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

function runGenerator(buildDir, server, kind, args) {
  return new Promise((res) => {
    const argv = [
      "-c",
      "1",
      join(buildDir, "tests/bench/samrad_loadgen"),
      "--server",
      kind,
      "--port",
      String(server.port),
      ...server.pids.flatMap((pid) => ["--pid", String(pid)]),
      ...args,
    ];
    const child = spawn("taskset", argv, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (c) => (out += c));
    child.stderr.setEncoding("utf8").on("data", (c) => (err += c));
    child.once("exit", (code) => {
      if (code === 0) {
        try {
          return res(JSON.parse(out));
        } catch {
          /* reported below */
        }
      }
      res({
        failed: `samrad_loadgen exited with ${code}: ${err.trim() || out.trim()}`,
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Figures

const median = (values) => {
  const sorted = values
    .filter((v) => typeof v === "number" && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const pick = (object, path) =>
  path.split(".").reduce((o, k) => (o == null ? undefined : o[k]), object);
const sum = (runs, path) =>
  runs.reduce((total, run) => total + (pick(run, path) ?? 0), 0);

function fmt(value, digits = 0) {
  if (value === undefined || !Number.isFinite(value)) return "–";
  if (Math.abs(value) >= 1000 && digits === 0)
    return `${(value / 1000).toFixed(1)} k`;
  return value.toFixed(digits);
}

function table(header, rows) {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => String(r[i]).length)),
  );
  const line = (cells) =>
    "| " + cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ") + " |";
  return [
    line(header),
    "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|",
    ...rows.map(line),
  ].join("\n");
}

function report(name, scenario, runsByServer) {
  const lines = [`\n## ${name}: ${scenario.title}`];
  const kind = scenario.args[1];
  const servers = Object.keys(runsByServer);
  const notes = [];
  for (const server of servers) {
    for (const run of runsByServer[server]) {
      if (run.failed) notes.push(`${server}: ${run.failed}`);
      for (const note of run.notes ?? []) notes.push(`${server}: ${note}`);
    }
  }
  const m = (server, path) =>
    median(runsByServer[server].map((run) => pick(run, path)));
  if (kind === "room") {
    const base = (server) => m(server, "deliveries_per_cpu_s");
    lines.push(
      table(
        [
          "server",
          "deliveries/s",
          "deliveries/CPU-s",
          "× bare",
          "× nchan",
          "p50 ms",
          "p99 ms",
          "p99.9 ms",
          "KiB/conn",
          "lost",
          "doubled",
        ],
        servers.map((s) => [
          s,
          fmt(m(s, "deliveries_per_s")),
          fmt(base(s)),
          runsByServer.bare ? fmt(base(s) / base("bare"), 2) : "–",
          runsByServer.nchan ? fmt(base(s) / base("nchan"), 2) : "–",
          fmt(m(s, "latency.p50_ms"), 1),
          fmt(m(s, "latency.p99_ms"), 1),
          fmt(m(s, "latency.p999_ms"), 1),
          fmt(m(s, "rss_per_connection_kib"), 1),
          sum(runsByServer[s], "lost"),
          sum(runsByServer[s], "doubled"),
        ]),
      ),
    );
  } else if (kind === "idle") {
    lines.push(
      table(
        [
          "server",
          "connections",
          "KiB/conn (median)",
          "KiB/conn (min–max)",
          "idle CPU %",
        ],
        servers.map((s) => {
          const values = runsByServer[s]
            .map((r) => r.rss_per_connection_kib)
            .filter((v) => v !== undefined);
          return [
            s,
            fmt(m(s, "connections")),
            fmt(m(s, "rss_per_connection_kib"), 1),
            values.length
              ? `${fmt(Math.min(...values), 1)}–${fmt(Math.max(...values), 1)}`
              : "–",
            fmt(m(s, "idle_cpu_percent"), 1),
          ];
        }),
      ),
    );
  } else if (kind === "resume") {
    lines.push(
      table(
        [
          "server",
          "CPU ms per resume",
          "resume p50 ms",
          "p99 ms",
          "events replayed",
          "lost",
          "doubled",
          "seq gaps",
        ],
        servers.map((s) => [
          s,
          fmt(m(s, "server_cpu_ms_per_resume"), 2),
          fmt(m(s, "resume_latency.p50_ms"), 2),
          fmt(m(s, "resume_latency.p99_ms"), 2),
          fmt(m(s, "replayed_events")),
          sum(runsByServer[s], "lost"),
          sum(runsByServer[s], "doubled"),
          sum(runsByServer[s], "seq_gaps"),
        ]),
      ),
    );
  } else if (kind === "storm") {
    lines.push(
      table(
        [
          "server",
          "clients resumed",
          "all resumed after s",
          "server CPU s",
          "lost",
          "doubled",
          "seq gaps",
          "seq repeats",
        ],
        servers.map((s) => [
          s,
          fmt(m(s, "resumed")),
          fmt(m(s, "resume_all_s"), 2),
          fmt(m(s, "server_cpu_s"), 2),
          sum(runsByServer[s], "lost"),
          sum(runsByServer[s], "doubled"),
          sum(runsByServer[s], "seq_gaps"),
          sum(runsByServer[s], "seq_repeats"),
        ]),
      ),
    );
  } else if (kind === "durable") {
    const levels = runsByServer.samrad?.[0]?.levels ?? [];
    lines.push(
      table(
        [
          "in flight",
          "connections",
          "acked posts/s",
          "ack p50 ms",
          "ack p99 ms",
          "server CPU ms/post",
        ],
        levels.map((level, i) => {
          const lm = (path) =>
            median(
              runsByServer.samrad.map((run) => pick(run.levels?.[i], path)),
            );
          return [
            level.in_flight,
            level.connections,
            fmt(lm("posts_per_s")),
            fmt(lm("ack_latency.p50_ms"), 2),
            fmt(lm("ack_latency.p99_ms"), 2),
            fmt(lm("server_cpu_ms_per_post"), 3),
          ];
        }),
      ),
    );
    notes.push(
      "the server has no setting for synchronous mode or group commit: it always commits with " +
        "synchronous=FULL through its group commit; one post in flight makes every batch one post (one fsync each)",
    );
  }
  for (const note of [...new Set(notes)]) lines.push(`  note: ${note}`);
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const root = resolve(
    import.meta.dirname ?? new URL(".", import.meta.url).pathname,
    "../..",
  );
  const buildDir = resolve(options.buildDir ?? join(root, "build"));
  const all = options.smoke ? smokeScenarios : scenarios(options.quick);
  const chosen =
    options.smoke || options.scenario === "all"
      ? Object.keys(all)
      : options.scenario.split(",");
  for (const name of chosen)
    if (!all[name])
      throw new Error(
        `unknown scenario ${name}; known: ${Object.keys(all).join(", ")}`,
      );
  // The smoke run checks the default delivery interval and every event sent at once.
  const servers = options.smoke
    ? ["samrad", "samrad@0"]
    : options.servers.split(",");
  const repeat = options.smoke ? 1 : options.repeat;
  const results = {};
  console.log(
    `bench: scenarios ${chosen.join(", ")}; servers ${servers.join(", ")}; ${repeat} repetition(s)`,
  );
  for (let round = 1; round <= repeat; round++) {
    for (const name of chosen) {
      const scenario = all[name];
      for (const serverName of servers.filter((s) =>
        scenario.servers.includes(kindOf(s)),
      )) {
        const dir = mkdtempSync(
          join(tmpdir(), `samrad-bench-${kindOf(serverName)}-`),
        );
        let run;
        let server;
        try {
          server = await startServer(serverName, buildDir, dir);
          run = await runGenerator(
            buildDir,
            server,
            kindOf(serverName),
            scenario.args,
          );
        } catch (error) {
          run = { failed: String(error.message ?? error) };
        } finally {
          await server?.stop();
          rmSync(dir, { recursive: true, force: true });
        }
        ((results[name] ??= {})[serverName] ??= []).push(run);
        const summary = run.failed
          ? `FAILED ${run.failed.split("\n")[0]}`
          : `lost ${run.lost ?? 0}, doubled ${run.doubled ?? 0}` +
            (run.deliveries_per_cpu_s
              ? `, ${fmt(run.deliveries_per_cpu_s)} deliveries/CPU-s`
              : "");
        console.log(`  [${round}/${repeat}] ${name} ${serverName}: ${summary}`);
      }
    }
  }
  for (const name of chosen)
    console.log(report(name, all[name], results[name]));
  const jsonPath =
    options.json ??
    join(buildDir, `bench-${options.smoke ? "smoke" : "results"}.json`);
  writeFileSync(
    jsonPath,
    JSON.stringify(
      { date: new Date().toISOString(), options, results },
      null,
      2,
    ),
  );
  console.log(`\nbench: every run's figures are in ${jsonPath}`);

  const broken = [];
  for (const [name, byServer] of Object.entries(results)) {
    for (const [kind, runs] of Object.entries(byServer)) {
      for (const run of runs) {
        if (run.failed) broken.push(`${name} ${kind}: ${run.failed}`);
        else if (
          (run.lost ?? 0) !== 0 ||
          (run.doubled ?? 0) !== 0 ||
          (run.seq_gaps ?? 0) !== 0 ||
          (run.seq_repeats ?? 0) !== 0
        )
          broken.push(
            `${name} ${kind}: lost ${run.lost}, doubled ${run.doubled}, seq gaps ${run.seq_gaps ?? 0}, repeats ${run.seq_repeats ?? 0}`,
          );
      }
    }
  }
  if (options.smoke) {
    // The smoke run also needs every post acknowledged and delivered: a run that timed out
    // proves nothing about loss.
    for (const [name, byServer] of Object.entries(results)) {
      for (const run of Object.values(byServer).flat()) {
        if (
          run.expected_deliveries !== undefined &&
          run.deliveries !== run.expected_deliveries
        )
          broken.push(
            `${name}: ${run.deliveries} of ${run.expected_deliveries} deliveries`,
          );
        if (run.posts_acked !== undefined && run.posts_acked !== run.posts_sent)
          broken.push(
            `${name}: ${run.posts_acked} of ${run.posts_sent} posts acknowledged`,
          );
      }
    }
  }
  if (broken.length > 0) {
    console.error(`\nbench: FAILED\n  ${broken.join("\n  ")}`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(`bench: ${error.stack ?? error}`);
  process.exit(1);
});
