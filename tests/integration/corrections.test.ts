// Correcting a decided round (issue 8): write_outcome on a decided round with a `correction`
// (the reason) appends, in the same transaction, a new decision record that supersedes the
// round's previous one. The earlier record stays in the log unchanged and verifiable; readers are
// given the newest; the printable record says what it replaces and why. Only the secretariat
// corrects; a decided round's outcome changes in no other way; two correctors with the same
// `revises` race back to back, and exactly one wins each time, with exactly one new record.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  startServer,
  type EventMsg,
  type SamradServer,
  type Session,
  type WsClient,
} from "./support/server";
import { api, audit } from "./support/accounts";
import { codeOf, createOpenRound, organisationsByName } from "./support/rounds";
import { verifyBundle } from "../../web-client/src/records/bundle";
import { verifyConsistency } from "../../web-client/src/records/consistency";
import {
  parseVerifierKey,
  type VerifierKey,
} from "../../web-client/src/records/verifier_key";

interface Bundle {
  log_index: number;
  record: {
    supersedes: { log_index: number; leaf_hash: string; reason: string } | null;
    outcome: { version: number; summary: string };
    round: { decided_at: string };
    timeline: { kind: string; summary: string }[];
  };
  checkpoint: string;
}

let server: SamradServer;
let sec: WsClient;
let sec2: WsClient;
let annaWs: WsClient;
let anna: Session;
let key: VerifierKey;
let round: number;

async function bundleOf(
  roundId: number,
): Promise<{ text: string; bundle: Bundle }> {
  const r = await api(server, anna, "GET", `/api/rounds/${roundId}/record`);
  expect(r.status).toBe(200);
  return { text: r.text, bundle: JSON.parse(r.text) as Bundle };
}

function correction(
  revises: number,
  reason: string,
  summary = "Förslaget genomförs 2027.",
) {
  return {
    round_id: round,
    revises,
    summary,
    agreed: [],
    responses: [],
    correction: reason,
  };
}

beforeAll(async () => {
  server = await startServer();
  anna = await server.login(people.anna);
  sec = await server.connectAs(people.secretariat);
  sec2 = await server.connectAs(people.secretariat);
  annaWs = await server.connect(anna);
  const malmo = (await organisationsByName(sec)).get("Malmö stad")!.id;
  ({ round } = await createOpenRound(sec, {
    title: "Rättelse",
    invited: [malmo],
  }));
  await annaWs.ok("state_position", {
    round_id: round,
    revises: 0,
    stance: "supports",
    motivation: "Ja.",
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
  const parsed = await parseVerifierKey(
    (await api(server, null, "GET", "/.well-known/samrad-log-key")).text.trim(),
  );
  if (!parsed.ok)
    throw new Error(`the served key does not parse: ${parsed.reason}`);
  key = parsed.key;
}, 60_000);

afterAll(async () => {
  await cleanupAll();
});

describe("correcting a decided round", () => {
  test("needs the secretariat and a reason; nothing else changes a decided outcome", async () => {
    const before = await bundleOf(round);
    const plain = await sec.fails("write_outcome", {
      round_id: round,
      revises: 1,
      summary: "Ändrat.",
      agreed: [],
      responses: [],
    });
    expect(plain.code).toBe("invalid_state");
    expect(plain.message).toContain("correction");
    expect(
      (await annaWs.fails("write_outcome", correction(1, "Fel år."))).code,
    ).toBe("forbidden");
    expect((await sec.fails("write_outcome", correction(1, "   "))).code).toBe(
      "bad_request",
    );
    expect(
      (await sec.fails("write_outcome", correction(1, "x".repeat(2001)))).code,
    ).toBe("too_large");
    expect(
      (
        await sec.fails("write_outcome", {
          ...correction(1, "Fel år."),
          correction: 7,
        })
      ).code,
    ).toBe("bad_request");
    expect(
      (await sec.fails("write_outcome", correction(0, "Fel år."))).code,
    ).toBe("conflict");
    expect((await bundleOf(round)).bundle.log_index).toBe(
      before.bundle.log_index,
    );
  });

  test("appends a record that supersedes the previous one, which stays verifiable", async () => {
    const first = await bundleOf(round);
    expect(first.bundle.record.supersedes).toBeNull();
    await annaWs.subscribe(round);
    const result = await sec.ok<{ seq: number; version: number }>(
      "write_outcome",
      correction(1, "Året föll bort i utfallet."),
    );
    expect(result.version).toBe(2);
    const event = (await annaWs.waitForSeq(round, result.seq)) as EventMsg;
    expect(event.kind).toBe("outcome_written");
    expect(event.data.correction).toBe("Året föll bort i utfallet.");

    const second = await bundleOf(round);
    expect(second.bundle.log_index).toBeGreaterThan(first.bundle.log_index);
    // The earlier record is still in the log, byte for byte; the new one names its leaf hash.
    const stored = await api(
      server,
      anna,
      "GET",
      `/api/records/${first.bundle.log_index}`,
    );
    expect(JSON.parse(stored.text)).toEqual(first.bundle.record);
    const leafHash = createHash("sha256")
      .update(Buffer.from([0]))
      .update(stored.text, "utf8")
      .digest("base64");
    expect(second.bundle.record.supersedes).toEqual({
      log_index: first.bundle.log_index,
      leaf_hash: leafHash,
      reason: "Året föll bort i utfallet.",
    });
    expect(second.bundle.record.outcome).toMatchObject({
      version: 2,
      summary: "Förslaget genomförs 2027.",
    });
    expect(second.bundle.record.round.decided_at).toBe(
      first.bundle.record.round.decided_at,
    );
    expect(second.bundle.record.timeline.at(-1)?.summary).toBe(
      "Outcome corrected (version 2): Året föll bort i utfallet.",
    );

    // Both verify: the newest against the log now, the earlier with its own proof.
    const newest = await verifyBundle(second.text, key);
    expect(newest.ok, JSON.stringify(newest)).toBe(true);
    const earlier = await verifyBundle(first.text, key);
    expect(earlier.ok, JSON.stringify(earlier)).toBe(true);
    // The log only grew.
    const size = (note: string) => Number(note.split("\n")[1]);
    const proof = await api(
      server,
      null,
      "GET",
      `/log/proof/consistency?from=${size(first.bundle.checkpoint)}&to=${size(second.bundle.checkpoint)}`,
    );
    const consistent = await verifyConsistency(
      first.bundle.checkpoint,
      second.bundle.checkpoint,
      proof.text,
      key,
    );
    expect(consistent.ok, JSON.stringify(consistent)).toBe(true);

    // The printable record names what it replaces and why.
    const html = await api(
      server,
      anna,
      "GET",
      `/api/export/rounds/${round}/record.html`,
    );
    expect(html.text).toContain("Skäl till rättelsen");
    expect(html.text).toContain("Året föll bort i utfallet.");
  });

  test("two correctors with the same revises: exactly one wins, with one new record (100 races)", async () => {
    let version = (await bundleOf(round)).bundle.record.outcome.version;
    let index = (await bundleOf(round)).bundle.log_index;
    for (let i = 0; i < 100; i++) {
      const [a, b] = await Promise.all([
        sec.request(
          "write_outcome",
          correction(version, `Rättelse ${i} från den ena.`, `Utfall ${i}a.`),
        ),
        sec2.request(
          "write_outcome",
          correction(version, `Rättelse ${i} från den andra.`, `Utfall ${i}b.`),
        ),
      ]);
      const codes = [codeOf(a), codeOf(b)].sort();
      expect(codes, `race ${i}`).toEqual(["conflict", "ok"]);
      version += 1;
      const { bundle } = await bundleOf(round);
      expect(bundle.log_index, `race ${i}`).toBe(index + 1);
      expect(bundle.record.supersedes?.log_index).toBe(index);
      expect(bundle.record.outcome.version).toBe(version);
      const winner = codeOf(a) === "ok" ? "ena" : "andra";
      expect(bundle.record.supersedes?.reason).toBe(
        `Rättelse ${i} från den ${winner}.`,
      );
      index = bundle.log_index;
    }
  }, 120_000);

  test("the audit log marks each correction, without copying its reason", async () => {
    const entries = await audit(
      server,
      await server.login(people.admin),
      `round=${round}&action=write_outcome&limit=500`,
    );
    const corrections = entries.filter((e) => e.details.correction === "true");
    expect(corrections.length).toBe(101); // the first correction and the 100 races' winners
    expect(entries.length - corrections.length).toBe(1); // the outcome written before deciding
    expect(corrections.every((e) => e.actor?.name === "Sara Ekström")).toBe(
      true,
    );
    expect(JSON.stringify(entries)).not.toContain("Rättelse");
  });
});
