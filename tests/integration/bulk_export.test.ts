// The bulk exports (issue 8): GET /api/export/{positions.csv,responses.csv,posts.csv,records.json} over
// 1,000 decided rounds, each with a proposal of 20 kB in its record, stream from a file the server
// writes one record at a time, so the server's peak memory does not grow with the number of
// rounds. Prints the figures (peak resident memory before and after, bytes sent); authorised per
// round and filtered like GET /api/export/rounds; every bundle of the JSON export verifies.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  startServer,
  type SamradServer,
  type Session,
  type WsClient,
} from "./support/server";
import { api, audit } from "./support/accounts";
import { organisationsByName } from "./support/rounds";
import { verifyBundle } from "../../web-client/src/records/bundle";
import { parseVerifierKey } from "../../web-client/src/records/verifier_key";

const ROUNDS = 1000;
const PROPOSAL = `## Förslag\n\n${"Statsbidragen samordnas och följs upp gemensamt. ".repeat(400)}`;

let server: SamradServer;
let anna: Session;

/** The server's peak resident memory so far, in kB (VmHWM). */
function peakKb(): number {
  const status = readFileSync(`/proc/${server.pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]);
}

async function decideRounds(
  sec: WsClient,
  annaWs: WsClient,
  count: number,
  sector: string,
  malmo: number,
): Promise<void> {
  const one = async () => {
    const { round_id } = await sec.ok<{ round_id: number }>("create_round", {
      title: "Massexport",
      proposal: PROPOSAL,
      kind: "plenary",
      sectors: [sector],
      invited: [malmo],
    });
    await sec.ok("change_phase", { round_id, phase: "open" });
    await annaWs.ok("state_position", {
      round_id,
      revises: 0,
      stance: "opposes",
      motivation: "Malmö stad avstyrker.",
    });
    await sec.ok("change_phase", { round_id, phase: "closed" });
    await sec.ok("write_outcome", {
      round_id,
      revises: 0,
      summary: "Utfall.",
      agreed: [],
      responses: [
        {
          point: "Samordning",
          post_ids: [],
          organisation_ids: [malmo],
          response: "accepted",
          reason: "Ja.",
        },
      ],
    });
    await sec.ok("change_phase", { round_id, phase: "decided" });
  };
  // Several rounds in flight at once (within the per-connection limit): group commit batches them.
  for (let done = 0; done < count; done += 8) {
    await Promise.all(Array.from({ length: Math.min(8, count - done) }, one));
  }
}

beforeAll(async () => {
  // The first test measures the server's memory: the release build, whatever build the suite
  // runs against.
  server = await startServer({ binary: "release" });
  anna = await server.login(people.anna);
  const sec = await server.connectAs(people.secretariat);
  const annaWs = await server.connect(anna);
  const malmo = (await organisationsByName(sec)).get("Malmö stad")!.id;
  await decideRounds(sec, annaWs, ROUNDS / 10, "school", malmo);
  await decideRounds(sec, annaWs, ROUNDS - ROUNDS / 10, "health_care", malmo);
}, 300_000);

afterAll(async () => {
  await cleanupAll();
});

/** The rows of a CSV export, its header included. */
function rows(text: string): string[] {
  return text.split("\r\n").filter((line) => line !== "");
}

describe("the bulk exports", () => {
  test("streams every decided round's positions without growing the server's memory", async () => {
    const before = peakKb();
    const r = await api(server, anna, "GET", "/api/export/positions.csv");
    const after = peakKb();
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("text/csv; charset=utf-8");
    const lines = r.text.split("\r\n").filter((line) => line !== "");
    // The header, the demo round 5's two positions, and one per generated round.
    expect(lines.length).toBe(1 + 2 + ROUNDS);
    const recordBytes = ROUNDS * PROPOSAL.length * 2; // each record holds its proposal, in JSON
    console.log(
      `bulk export: ${ROUNDS} rounds, ${r.text.length} characters of CSV from records of about ` +
        `${Math.round(recordBytes / 1e6)} MB; server peak memory ${before} kB before, ${after} kB after ` +
        `(+${after - before} kB)`,
    );
    // Holding the records (or the file) at once would add tens of megabytes.
    expect(after - before).toBeLessThan(8 * 1024);
  });

  test("filters like the list of rounds and is authorised per round", async () => {
    const school = await api(
      server,
      anna,
      "GET",
      "/api/export/positions.csv?sector=school",
    );
    expect(school.text.split("\r\n").filter((line) => line !== "").length).toBe(
      1 + 2 + ROUNDS / 10,
    );
    const eva = await server.login(people.eva); // Finansdepartementet: invited to none of them
    const seen = await api(server, eva, "GET", "/api/export/positions.csv");
    expect(seen.status).toBe(200);
    expect(seen.text.split("\r\n").filter((line) => line !== "").length).toBe(
      1,
    );
    expect(
      (await api(server, anna, "GET", "/api/export/positions.csv?sector=space"))
        .status,
    ).toBe(400);
  });

  test("give the state's responses of every round in one CSV", async () => {
    const before = peakKb();
    const r = await api(server, anna, "GET", "/api/export/responses.csv");
    const after = peakKb();
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(r.headers["content-disposition"]).toBe(
      'attachment; filename="statens-svar.csv"',
    );
    // The header, the demo round 5's response, and one per generated round.
    const lines = rows(r.text);
    expect(lines.length).toBe(1 + 1 + ROUNDS);
    expect(lines[0]).toMatch(/^\uFEFFRunda;Rundans titel;Synpunkt;Svar;/);
    expect(
      lines.filter((line) =>
        /;Massexport;Samordning;Godtas;Ja\.;Malmö stad;$/.test(line),
      ).length,
    ).toBe(ROUNDS);
    console.log(
      `bulk responses: server peak memory ${before} kB before, ${after} kB after (+${after - before} kB)`,
    );
    expect(after - before).toBeLessThan(8 * 1024);
    const school = await api(
      server,
      anna,
      "GET",
      "/api/export/responses.csv?sector=school",
    );
    expect(rows(school.text).length).toBe(1 + 1 + ROUNDS / 10);
  });

  test("give every round's record bundle in one JSON document, each verifiable on its own", async () => {
    const before = peakKb();
    const r = await api(server, anna, "GET", "/api/export/records.json");
    const after = peakKb();
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(r.headers["content-disposition"]).toBe(
      'attachment; filename="samradsprotokoll.json"',
    );
    const exported = JSON.parse(r.text) as {
      format: string;
      exported_at: string;
      bundles: { log_index: number; record: { round: { id: number } } }[];
    };
    expect(exported.format).toBe("samrad-records-export/1");
    expect(exported.bundles.length).toBe(1 + ROUNDS);
    expect(
      new Set(exported.bundles.map((bundle) => bundle.record.round.id)).size,
    ).toBe(1 + ROUNDS);
    console.log(
      `bulk records: ${r.text.length} characters of JSON; server peak memory ${before} kB before, ` +
        `${after} kB after (+${after - before} kB)`,
    );
    expect(after - before).toBeLessThan(8 * 1024);
    const key = await parseVerifierKey(
      (
        await api(server, anna, "GET", "/.well-known/samrad-log-key")
      ).text.trim(),
    );
    if (!key.ok)
      throw new Error(`the served key does not parse: ${key.reason}`);
    // Every tenth bundle, and the last, through the browser's verifier.
    const sampled = exported.bundles.filter(
      (_, i) => i % 10 === 0 || i === exported.bundles.length - 1,
    );
    for (const bundle of sampled) {
      const verdict = await verifyBundle(JSON.stringify(bundle), key.key);
      expect(verdict.ok, JSON.stringify(verdict)).toBe(true);
    }
    const eva = await server.login(people.eva);
    const seen = JSON.parse(
      (await api(server, eva, "GET", "/api/export/records.json")).text,
    ) as { bundles: unknown[] };
    expect(seen.bundles).toEqual([]);
    expect(
      (await api(server, anna, "GET", "/api/export/records.json?phase=open"))
        .status,
    ).toBe(200);
    expect(
      (await api(server, anna, "GET", "/api/export/records.csv")).status,
    ).toBe(404);
  });

  test("give the posts of rounds in every phase in one CSV, the same rows as each round's file", async () => {
    const before = peakKb();
    const all = await api(server, anna, "GET", "/api/export/posts.csv");
    const after = peakKb();
    expect(all.status).toBe(200);
    expect(all.headers["content-disposition"]).toBe(
      'attachment; filename="inlagg.csv"',
    );
    expect(rows(all.text)[0]).toMatch(
      /^\uFEFFRunda;Rundans titel;Tråd;Inlägg;/,
    );
    console.log(
      `bulk posts: server peak memory ${before} kB before, ${after} kB after (+${after - before} kB)`,
    );
    expect(after - before).toBeLessThan(8 * 1024);
    // The open rounds: exactly the rows of their own files, in the list's order.
    const open = await api(
      server,
      anna,
      "GET",
      "/api/export/posts.csv?phase=open",
    );
    const listed = JSON.parse(
      (await api(server, anna, "GET", "/api/export/rounds?phase=open")).text,
    ) as { rounds: { id: number }[] };
    expect(listed.rounds.length).toBeGreaterThan(0);
    const expected: string[] = [];
    for (const { id } of listed.rounds) {
      const one = await api(
        server,
        anna,
        "GET",
        `/api/export/rounds/${id}/posts.csv`,
      );
      expected.push(...rows(one.text).slice(1));
    }
    expect(expected.length).toBeGreaterThan(0);
    expect(rows(open.text).slice(1)).toEqual(expected);
    // Authorised per round: Eva's file holds only the rounds her ministry is invited to.
    const eva = await server.login(people.eva);
    const evaRounds = JSON.parse(
      (await api(server, eva, "GET", "/api/export/rounds")).text,
    ) as { rounds: { id: number }[] };
    const seen = new Set(evaRounds.rounds.map((round) => String(round.id)));
    const evaRows = rows(
      (await api(server, eva, "GET", "/api/export/posts.csv")).text,
    ).slice(1);
    for (const row of evaRows) expect(seen.has(row.split(";")[0]!)).toBe(true);
  });

  test("are in the audit log with the rounds they hold", async () => {
    const admin = await server.login(people.admin);
    const text = JSON.stringify(
      await audit(server, admin, "action=export&limit=100"),
    );
    for (const file of [
      "stallningstaganden.csv",
      "statens-svar.csv",
      "inlagg.csv",
      "samradsprotokoll.json",
    ]) {
      expect(text).toContain(file);
    }
  });
});
