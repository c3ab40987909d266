// The joint document over the wire (issue 8): `write_joint_document` appends
// `joint_document_written` to the round's main stream, live to everyone in the round, while the
// round is open or closed; `revises` must name the latest version (two writers racing hundreds
// of times: exactly one wins each time); `approve_joint_document` records the caller's side for
// the latest version only, and a new version is approved anew; observers read only; a decided
// round's document is final, and its decision record carries the latest version and every
// approval and verifies offline with `samrad verify`; bad input gets a clear code.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  serverBinary,
  startServer,
  type EventMsg,
  type Organisation,
  type SamradServer,
  type WsClient,
} from "./support/server";
import { api, audit } from "./support/accounts";
import {
  createOpenRound,
  createRound,
  organisationsByName,
  writeOutcome,
} from "./support/rounds";
import { isStreamEvent } from "./support/agenda";

let server: SamradServer;
let orgs: Map<string, Organisation>;
let sec: WsClient;
let anna: WsClient; // Malmö stad: municipal side
let per: WsClient; // Finansdepartementet: state side
let eva: WsClient; // Finansdepartementet's observer
let ROUND: number; // open; invites Malmö stad, Kiruna kommun, Finansdepartementet

const write = (revises: number, text: string, round = ROUND) => ({
  round_id: round,
  revises,
  text,
});
const approve = (version: number, round = ROUND) => ({
  round_id: round,
  version,
});

function events(c: WsClient, kind: string, round = ROUND): EventMsg[] {
  return c.messages.filter((m): m is EventMsg =>
    isStreamEvent(m, round, "main", kind),
  );
}

beforeAll(async () => {
  server = await startServer();
  sec = await server.connectAs(people.secretariat);
  orgs = await organisationsByName(sec);
  const invited = ["Malmö stad", "Kiruna kommun", "Finansdepartementet"].map(
    (n) => orgs.get(n)!.id,
  );
  ROUND = (await createOpenRound(sec, { title: "Gemensamt dokument", invited }))
    .round;
  anna = await server.connectAs(people.anna);
  per = await server.connectAs(people.per);
  eva = await server.connectAs(people.eva);
  for (const c of [sec, anna, per, eva]) await c.subscribe(ROUND);
});

afterAll(async () => {
  await cleanupAll();
});

describe("write_joint_document", () => {
  test("is committed, answered with its version, and reaches everyone in the round live", async () => {
    const result = await anna.ok<{
      round_id: number;
      seq: number;
      version: number;
    }>("write_joint_document", write(0, "# Överenskommelse\n\nFörsta."));
    expect(result).toEqual({ round_id: ROUND, seq: result.seq, version: 1 });
    for (const c of [sec, anna, per, eva]) {
      await c.waitForSeq(ROUND, result.seq);
      const event = events(c, "joint_document_written").find(
        (e) => e.seq === result.seq,
      )!;
      expect(event.actor?.name).toBe("Anna Lind");
      expect(event.data).toEqual({
        version: 1,
        text: "# Överenskommelse\n\nFörsta.",
      });
    }
  });

  test("the other side revises; a stale revision is a conflict naming the latest version", async () => {
    const revised = await per.ok<{ version: number }>(
      "write_joint_document",
      write(1, "# Överenskommelse\n\nAndra."),
    );
    expect(revised.version).toBe(2);
    const stale = await anna.fails("write_joint_document", write(1, "Gammal."));
    expect(stale.code).toBe("conflict");
    expect(stale.message).toContain("version 2");
    expect(
      (await anna.fails("write_joint_document", write(0, "Först?"))).code,
    ).toBe("conflict");
    const bySecretariat = await sec.ok<{ version: number }>(
      "write_joint_document",
      write(2, "# Överenskommelse\n\nTredje."),
    );
    expect(bySecretariat.version).toBe(3);
  });

  test("observers and organisations not invited write nothing; bad input stores nothing", async () => {
    expect(
      (await eva.fails("write_joint_document", write(3, "Nej."))).code,
    ).toBe("forbidden");
    const maria = await server.connectAs(people.maria); // Region Skåne: not invited
    expect(
      (await maria.fails("write_joint_document", write(3, "Nej."))).code,
    ).toBe("not_found");
    const cases: [Record<string, unknown>, string][] = [
      [write(3, " \n\u00a0"), "bad_request"],
      [write(3, "x".repeat(200001)), "too_large"],
      [{ round_id: ROUND, revises: 3 }, "bad_request"],
      [{ round_id: ROUND, revises: null, text: "T" }, "bad_request"],
      [{ round_id: ROUND, revises: -1, text: "T" }, "bad_request"],
      [{ round_id: ROUND, revises: "3", text: "T" }, "bad_request"],
      [{ ...write(3, "T"), extra: 1 }, "unknown_field"],
      [write(3, "T", 999999), "not_found"],
    ];
    for (const [fields, code] of cases) {
      expect(
        (await anna.fails("write_joint_document", fields)).code,
        JSON.stringify(fields).slice(0, 100),
      ).toBe(code);
    }
    // Still version 3: nothing refused was stored.
    expect(
      (
        await anna.ok<{ version: number }>(
          "write_joint_document",
          write(3, "Fjärde."),
        )
      ).version,
    ).toBe(4);
  });
});

describe("approve_joint_document", () => {
  test("each side approves the latest version for itself, live to everyone", async () => {
    const byMunicipal = await anna.ok<{ seq: number; version: number }>(
      "approve_joint_document",
      approve(4),
    );
    expect(byMunicipal.version).toBe(4);
    const byState = await per.ok<{ seq: number }>(
      "approve_joint_document",
      approve(4),
    );
    for (const c of [sec, anna, per, eva]) {
      await c.waitForSeq(ROUND, byState.seq);
      expect(
        events(c, "joint_document_approved").map((e) => [
          e.data,
          e.actor?.name,
        ]),
      ).toEqual([
        [{ version: 4, side: "municipal" }, "Anna Lind"],
        [{ version: 4, side: "state" }, "Per Holm"],
      ]);
    }
  });

  test("a side approves a version once; only the latest; a new version is approved anew", async () => {
    expect((await anna.fails("approve_joint_document", approve(4))).code).toBe(
      "invalid_state",
    );
    // The secretariat approves for the state side, which Finansdepartementet already did.
    expect((await sec.fails("approve_joint_document", approve(4))).code).toBe(
      "invalid_state",
    );
    await sec.ok("write_joint_document", write(4, "Femte."));
    const old = await anna.fails("approve_joint_document", approve(4));
    expect(old.code).toBe("conflict");
    expect(old.message).toContain("version 5");
    expect((await anna.fails("approve_joint_document", approve(6))).code).toBe(
      "conflict",
    );
    expect(
      (await sec.ok<{ version: number }>("approve_joint_document", approve(5)))
        .version,
    ).toBe(5);
  });

  test("observers approve nothing; bad input gets a clear code", async () => {
    expect((await eva.fails("approve_joint_document", approve(5))).code).toBe(
      "forbidden",
    );
    const cases: [Record<string, unknown>, string][] = [
      [{ round_id: ROUND }, "bad_request"],
      [{ round_id: ROUND, version: 0 }, "bad_request"],
      [{ round_id: ROUND, version: 1.5 }, "bad_request"],
      [{ ...approve(5), side: "state" }, "unknown_field"],
      [approve(5, 999999), "not_found"],
    ];
    for (const [fields, code] of cases) {
      expect(
        (await anna.fails("approve_joint_document", fields)).code,
        JSON.stringify(fields),
      ).toBe(code);
    }
  });

  test("a draft has no joint document yet", async () => {
    const draft = await createRound(sec, {
      title: "Utkast",
      invited: [orgs.get("Malmö stad")!.id],
    });
    const refused = await anna.fails(
      "write_joint_document",
      write(0, "För tidigt.", draft.round_id),
    );
    expect(refused.code).toBe("invalid_state");
  });

  test("the audit log names version and side but copies no text", async () => {
    const entries = await audit(
      server,
      await server.login(people.secretariat),
      `round=${ROUND}`,
    );
    const written = entries.filter((e) => e.action === "write_joint_document");
    const approved = entries.filter(
      (e) => e.action === "approve_joint_document",
    );
    expect(written.length).toBe(5);
    expect(approved.length).toBe(3);
    const text = JSON.stringify([...written, ...approved]);
    expect(text).not.toContain("Överenskommelse");
    expect(text).toContain("municipal");
  });
});

describe("a decided round", () => {
  test("keeps its document final, and its record carries it and verifies offline", async () => {
    await anna.ok("approve_joint_document", approve(5));
    await sec.ok("change_phase", { round_id: ROUND, phase: "closed" });
    // A closed round's document still changes; its approvals start over.
    await anna.ok("write_joint_document", write(5, "Sjätte, efter stängning."));
    await anna.ok("approve_joint_document", approve(6));
    await sec.ok("approve_joint_document", approve(6));
    await writeOutcome(sec, ROUND);
    await sec.ok("change_phase", { round_id: ROUND, phase: "decided" });
    expect(
      (await anna.fails("write_joint_document", write(6, "Sent."))).code,
    ).toBe("invalid_state");
    expect((await per.fails("approve_joint_document", approve(6))).code).toBe(
      "invalid_state",
    );

    const session = await server.login(people.anna);
    const bundle = await api(
      server,
      session,
      "GET",
      `/api/rounds/${ROUND}/record`,
    );
    expect(bundle.status).toBe(200);
    const record = (bundle.json as { record: Record<string, unknown> }).record;
    const document = record.joint_document as {
      version: number;
      sha256: string;
      text: string;
      approvals: { side: string; version: number; by: { name: string } }[];
    };
    expect(document.version).toBe(6);
    expect(document.text).toBe("Sjätte, efter stängning.");
    expect(document.sha256).toBe(
      createHash("sha256").update(document.text, "utf8").digest("hex"),
    );
    expect(
      document.approvals.map((a) => [a.side, a.version, a.by.name]),
    ).toEqual([
      ["municipal", 4, "Anna Lind"],
      ["state", 4, "Per Holm"],
      ["state", 5, "Sara Ekström"],
      ["municipal", 5, "Anna Lind"],
      ["municipal", 6, "Anna Lind"],
      ["state", 6, "Sara Ekström"],
    ]);

    const key = (
      await api(server, null, "GET", "/.well-known/samrad-log-key")
    ).text.trim();
    const scratch = mkdtempSync(join(tmpdir(), "samrad-joint-"));
    const path = join(scratch, "bundle.json");
    writeFileSync(path, bundle.text);
    const verified = await new Promise<{ code: number | null; err: string }>(
      (resolve, reject) => {
        const proc = spawn(
          serverBinary,
          ["verify", "record", path, "--key", key],
          {
            stdio: ["ignore", "ignore", "pipe"],
          },
        );
        let err = "";
        proc.stderr.setEncoding("utf8").on("data", (c: string) => (err += c));
        proc.once("error", reject);
        proc.once("exit", (code) => resolve({ code, err }));
      },
    );
    expect(verified.code, verified.err).toBe(0);

    // The printable record says which version each side approved.
    const html = await api(
      server,
      session,
      "GET",
      `/api/export/rounds/${ROUND}/record.html`,
    );
    expect(html.status).toBe(200);
    expect(html.text).toContain("<h2>Gemensamt dokument</h2>");
    expect(html.text).toContain(
      "<dt>Staten</dt><dd>godkände version 6, den senaste</dd>",
    );
    expect(html.text).toContain(
      "<dt>Kommunsektorn</dt><dd>godkände version 6, den senaste</dd>",
    );
  });

  test("the demo's decided round carries two versions and both sides' approval of the last", async () => {
    const session = await server.login(people.anna);
    const bundle = await api(server, session, "GET", "/api/rounds/5/record");
    const document = (
      bundle.json as {
        record: {
          joint_document: {
            version: number;
            approvals: { side: string; version: number }[];
          };
        };
      }
    ).record.joint_document;
    expect(document.version).toBe(2);
    expect(document.approvals.map((a) => [a.side, a.version])).toEqual([
      ["municipal", 1],
      ["state", 2],
      ["municipal", 2],
    ]);
  });
});

describe("two writers revising the same version at once", () => {
  test("exactly one of each pair wins and the versions stay gapless (200 races)", async () => {
    const r = await createOpenRound(sec, {
      title: "Kapplöpning om dokumentet",
      invited: [
        orgs.get("Malmö stad")!.id,
        orgs.get("Finansdepartementet")!.id,
      ],
    });
    const municipal = await server.connectAs(people.anna);
    const state = await server.connectAs(people.per);
    let version = 0;
    for (let i = 0; i < 200; i++) {
      const [a, b] = await Promise.all([
        municipal.request(
          "write_joint_document",
          write(version, `Kommun ${i}`, r.round),
        ),
        state.request(
          "write_joint_document",
          write(version, `Stat ${i}`, r.round),
        ),
      ]);
      const outcomes = [a, b]
        .map((x) =>
          x.type === "result"
            ? "ok"
            : (x as { error: { code: string } }).error.code,
        )
        .sort();
      expect(outcomes, `race ${i}`).toEqual(["conflict", "ok"]);
      version += 1;
      const won = (a.type === "result" ? a : b) as unknown as {
        result: { version: number };
      };
      expect(won.result.version).toBe(version);
    }
    const { replay } = await sec.subscribe(r.round);
    expect(
      replay
        .filter((e) => e.kind === "joint_document_written")
        .map((e) => (e.data as { version: number }).version),
    ).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  }, 120_000);
});
