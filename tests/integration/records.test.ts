// Decision records and the transparency log over HTTP (issue 8, protocol/records.md): the demo's
// decided round has a record; deciding a round adds the next; the bundle a person downloads is
// verified by two independent implementations — `samrad verify` (C++) and the browser's verifier
// (TypeScript, run here in Node) — and a changed copy fails in both; consecutive checkpoints
// are proved consistent; the key survives a restart; a record is given only to those who may
// see its round; malformed requests are refused with clear errors.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  serverBinary,
  startServer,
  type SamradServer,
  type Session,
  type WsClient,
} from "./support/server";
import { api, errorCode } from "./support/accounts";
import { createOpenRound, organisationsByName } from "./support/rounds";
import { verifyBundle } from "../../web-client/src/records/bundle";
import { verifyConsistency } from "../../web-client/src/records/consistency";
import {
  parseVerifierKey,
  type VerifierKey,
} from "../../web-client/src/records/verifier_key";

let server: SamradServer;
let anna: Session; // Malmö stad: invited to the demo's decided round 5
let eva: Session; // Finansdepartementet's observer: not invited to round 5
let sec: WsClient;
let keyLine: string;
let key: VerifierKey;
const scratch = mkdtempSync(join(tmpdir(), "samrad-records-"));
const DECIDED = 5;

function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

function verifyCli(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(serverBinary, ["verify", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    proc.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    proc.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    proc.once("error", reject);
    proc.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

async function get(path: string, session: Session | null = null) {
  return api(server, session, "GET", path);
}

async function checkpoint(): Promise<string> {
  const r = await get("/log/checkpoint");
  expect(r.status).toBe(200);
  return r.text;
}

beforeAll(async () => {
  server = await startServer();
  anna = await server.login(people.anna);
  eva = await server.login(people.eva);
  sec = await server.connectAs(people.secretariat);
  const r = await get("/.well-known/samrad-log-key");
  expect(r.status).toBe(200);
  expect(r.headers["content-type"]).toBe("text/plain; charset=utf-8");
  keyLine = r.text.trim();
  const parsed = await parseVerifierKey(keyLine);
  if (!parsed.ok)
    throw new Error(`the served key does not parse: ${parsed.reason}`);
  key = parsed.key;
});

afterAll(async () => {
  await cleanupAll();
});

describe("the demo's decided round", () => {
  test("has a record whose bundle both verifiers accept", async () => {
    const r = await get(`/api/rounds/${DECIDED}/record`, anna);
    expect(r.status).toBe(200);
    expect(r.headers["content-disposition"]).toBe(
      `attachment; filename="samradsprotokoll-runda-${DECIDED}.json"`,
    );
    const bundle = r.json as {
      log_index: number;
      record: Record<string, unknown>;
    };
    expect(bundle.record.format).toBe("samrad-decision-record/1");
    expect((bundle.record.round as { id: number }).id).toBe(DECIDED);
    expect((bundle.record.round as { title: string }).title).toBe(
      "Samordnad uppföljning av statsbidrag till skolan",
    );
    // The minutes of both agenda items, the latest version of each, linked to the posts they summarise.
    const minutes = bundle.record.minutes as {
      title: string;
      version: number;
      posts: number[];
    }[];
    expect(minutes.map((m) => [m.title, m.version, m.posts.length])).toEqual([
      ["Hur kan redovisningarna samordnas?", 1, 0],
      ["Vad ska följas upp nationellt?", 2, 2],
    ]);

    const inBrowser = await verifyBundle(r.text, key);
    expect(inBrowser.ok, JSON.stringify(inBrowser)).toBe(true);
    const offline = await verifyCli([
      "record",
      file("bundle.json", r.text),
      "--key",
      keyLine,
    ]);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toContain(`index:     ${bundle.log_index}`);
  });

  test("a changed copy fails in both verifiers, naming the record", async () => {
    const r = await get(`/api/rounds/${DECIDED}/record`, anna);
    const changed = r.text.replace(
      "Samordnad uppföljning",
      "Samordnad UPPFÖLJNING",
    );
    expect(changed).not.toBe(r.text);
    const inBrowser = await verifyBundle(changed, key);
    expect(inBrowser.ok).toBe(false);
    if (!inBrowser.ok) expect(inBrowser.failure.step).toBe("inclusion");
    const offline = await verifyCli([
      "record",
      file("changed.json", changed),
      "--key",
      keyLine,
    ]);
    expect(offline.code).toBe(1);
    expect(offline.stderr).toContain("inclusion");
  });

  test("is given only to someone who may see the round", async () => {
    expect(errorCode(await get(`/api/rounds/${DECIDED}/record`, eva))).toBe(
      "not_found",
    );
    expect((await get(`/api/rounds/${DECIDED}/record`)).status).toBe(401);
    // A round that is not decided has no record; one that never existed is answered alike.
    expect(errorCode(await get("/api/rounds/1/record", anna))).toBe(
      "not_found",
    );
    expect(errorCode(await get("/api/rounds/999999/record", anna))).toBe(
      "not_found",
    );
    const byIndex = await get("/api/records/0", anna);
    expect(byIndex.status).toBe(200);
    expect(JSON.parse(byIndex.text).round.id).toBe(DECIDED);
    expect(errorCode(await get("/api/records/0", eva))).toBe("not_found");
    expect(errorCode(await get("/api/records/5000", anna))).toBe("not_found");
  });
});

describe("deciding a round", () => {
  test("adds the next record, and the older checkpoint is consistent with the newer", async () => {
    const older = await checkpoint();
    const olderSize = Number(older.split("\n")[1]);
    const orgs = await organisationsByName(sec);
    const { round } = await createOpenRound(sec, {
      title: "Beslutas i testet",
      invited: [orgs.get("Malmö stad")!.id],
    });
    const client = await server.connect(anna);
    await client.ok("state_position", {
      round_id: round,
      revises: 0,
      stance: "supports",
      motivation: "Vi tillstyrker.",
    });
    await sec.ok("change_phase", { round_id: round, phase: "closed" });
    await sec.ok("write_outcome", {
      round_id: round,
      revises: 0,
      summary: "Förslaget genomförs.",
      agreed: [],
      responses: [],
    });
    await sec.ok("change_phase", { round_id: round, phase: "decided" });

    const newer = await checkpoint();
    const newerSize = Number(newer.split("\n")[1]);
    expect(newerSize).toBe(olderSize + 1);
    const bundleText = (await get(`/api/rounds/${round}/record`, anna)).text;
    const bundle = JSON.parse(bundleText) as {
      log_index: number;
      record: { positions: { versions: { stance: string }[] }[] };
    };
    expect(bundle.log_index).toBe(olderSize);
    expect(bundle.record.positions[0]!.versions[0]!.stance).toBe("supports");
    expect((await verifyBundle(bundleText, key)).ok).toBe(true);

    const proof = await get(
      `/log/proof/consistency?from=${olderSize}&to=${newerSize}`,
    );
    expect(proof.status).toBe(200);
    const inBrowser = await verifyConsistency(older, newer, proof.text, key);
    expect(inBrowser.ok, JSON.stringify(inBrowser)).toBe(true);
    const offline = await verifyCli([
      "consistency",
      file("older.txt", older),
      file("newer.txt", newer),
      file("proof.json", proof.text),
      "--key",
      keyLine,
    ]);
    expect(offline.code, offline.stderr).toBe(0);

    // The inclusion proof of the first record in the newer tree, as the public endpoint gives it.
    const inclusion = await get(
      `/log/proof/inclusion?index=0&tree_size=${newerSize}`,
    );
    expect(inclusion.json).toMatchObject({ index: 0, tree_size: newerSize });
    expect(Object.keys(inclusion.json as object)).toEqual([
      "index",
      "tree_size",
      "proof",
    ]);
  });

  test("the log's key is the same after a restart", async () => {
    await server.stop();
    await server.restart();
    expect((await get("/.well-known/samrad-log-key")).text.trim()).toBe(
      keyLine,
    );
    anna = await server.login(people.anna);
    eva = await server.login(people.eva);
    sec = await server.connectAs(people.secretariat);
    expect(
      (
        await verifyBundle(
          (await get(`/api/rounds/${DECIDED}/record`, anna)).text,
          key,
        )
      ).ok,
    ).toBe(true);
  });
});

describe("bad requests", () => {
  test("are refused with a clear error", async () => {
    const size = Number((await checkpoint()).split("\n")[1]);
    const cases: [string, number][] = [
      [`/log/proof/inclusion?index=${size}&tree_size=${size}`, 400],
      [`/log/proof/inclusion?index=0&tree_size=${size + 1}`, 400],
      ["/log/proof/inclusion?index=0", 400],
      ["/log/proof/inclusion?index=a&tree_size=1", 400],
      ["/log/proof/inclusion?index=0&tree_size=1&tree_size=1", 400],
      ["/log/proof/inclusion?index=-1&tree_size=1", 400],
      ["/log/proof/inclusion?index=00&tree_size=1", 400],
      ["/log/proof/inclusion?index=0&tree_size=1&extra=1", 400],
      [`/log/proof/consistency?from=${size}&to=${size - 1}`, 400],
      [`/log/proof/consistency?from=0&to=${size + 1}`, 400],
      ["/log/checkpoint?x=1", 400],
      ["/log/nothing", 404],
      ["/api/records/abc", 404],
      ["/api/rounds/5/record/extra", 404],
    ];
    for (const [path, status] of cases) {
      const r = await get(path, anna);
      expect(r.status, path).toBe(status);
      expect(errorCode(r), path).toBeDefined();
    }
    const post = await api(server, anna, "POST", "/log/checkpoint", "{}");
    expect(post.status).toBe(405);
  });
});
