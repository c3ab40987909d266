// A decided round's record, end to end in real Chromium against the real server (issue 8): the
// secretariat decides a round in which Malmö stad stated a position; an observer of an invited
// ministry downloads the signed record from the round page, and the positions as CSV, which
// reads with the right columns as a Swedish spreadsheet reads it; the verification page, with
// this instance's own key (served at /.well-known/samrad-log-key), accepts the record and rejects
// a copy with one changed character. axe-core finds no violations on the round page.
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  expectNoViolations,
  people,
  setUpServerAndBrowser,
} from "./support/browser";

const app = setUpServerAndBrowser();

describe("a decided round's record", () => {
  it("is downloaded by an observer and checked on the verification page", async () => {
    const sec = await app.writerAs(people.secretariat);
    const { organisations } = await sec.client.ok<{
      organisations: Array<{ id: number; name: string }>;
    }>("list_organisations");
    const id = (name: string) => organisations.find((o) => o.name === name)!.id;
    const { round_id: round } = await sec.client.ok<{ round_id: number }>(
      "create_round",
      {
        title: "Protokoll att kontrollera",
        proposal: "## Förslag\n\nUppföljningen samordnas.",
        kind: "plenary",
        invited: [id("Malmö stad"), id("Finansdepartementet")],
        agenda: ["Uppföljning"],
      },
    );
    await sec.client.ok("change_phase", { round_id: round, phase: "open" });
    const anna = await app.writerAs(people.anna);
    await anna.client.ok("state_position", {
      round_id: round,
      revises: 0,
      stance: "supports",
      motivation: "Malmö stad tillstyrker.",
    });
    await anna.close();
    await sec.client.ok("change_phase", { round_id: round, phase: "closed" });
    await sec.client.ok("write_outcome", {
      round_id: round,
      revises: 0,
      summary: "Förslaget genomförs.",
      agreed: ["Uppföljningen samordnas."],
      responses: [],
    });
    await sec.client.ok("change_phase", { round_id: round, phase: "decided" });
    await sec.close();

    const eva = await app.pageOnRoundAs(people.eva, round);
    await eva.getByRole("heading", { name: "Samrådsprotokoll" }).waitFor();
    await expectNoViolations(eva, "decided round, observer");
    const [download] = await Promise.all([
      eva.waitForEvent("download"),
      eva
        .getByRole("link", { name: "Ladda ner samrådsprotokollet (JSON)" })
        .click(),
    ]);
    expect(download.suggestedFilename()).toBe(
      `samradsprotokoll-runda-${round}.json`,
    );
    const file = await download.path();
    const text = readFileSync(file, "utf8");
    expect(JSON.parse(text).record.round.title).toBe(
      "Protokoll att kontrollera",
    );
    // The positions as CSV: UTF-8 with BOM, semicolons, one row per version.
    const [csvDownload] = await Promise.all([
      eva.waitForEvent("download"),
      eva
        .getByRole("link", { name: "Ställningstaganden (CSV för kalkylblad)" })
        .click(),
    ]);
    expect(csvDownload.suggestedFilename()).toBe(
      `stallningstaganden-runda-${round}.csv`,
    );
    const csv = readFileSync(await csvDownload.path(), "utf8");
    expect(csv.startsWith("\ufeff")).toBe(true);
    const lines = csv
      .slice(1)
      .split("\r\n")
      .filter((line) => line !== "");
    expect(lines[0]!.split(";")).toEqual([
      "Runda",
      "Rundans titel",
      "Organisation",
      "Typ",
      "Del",
      "Version",
      "Gällande",
      "Ställningstagande",
      "Motivering",
      "Ställningstaganden per punkt",
      "Angivet",
      "Angivet av",
    ]);
    expect(lines[1]!.split(";").slice(2, 8)).toEqual([
      "Malmö stad",
      "Kommun",
      "Kommuner",
      "1",
      "ja",
      "Tillstyrker",
    ]);
    const changed = `${file}-changed.json`;
    writeFileSync(
      changed,
      text.replace("Protokoll att kontrollera", "Protokoll att kontrollerA"),
    );

    await eva.getByRole("link", { name: "Kontrollera ett protokoll" }).click();
    await eva
      .getByRole("heading", {
        level: 1,
        name: "Kontrollera ett samrådsprotokoll",
      })
      .waitFor();
    await expect
      .poll(() => eva.locator("#verify-key-status").textContent())
      .toContain("Ifylld med den här tjänstens egen nyckel");
    await eva.getByLabel("Protokollfil").setInputFiles(file);
    const live = eva.locator('#verify-summary[aria-live="polite"]');
    await expect
      .poll(() => live.textContent())
      .toContain("Kontrollen lyckades");
    expect(await eva.locator(".verify-result").textContent()).toContain(
      "Protokoll att kontrollera",
    );
    await eva.getByLabel("Protokollfil").setInputFiles(changed);
    await expect
      .poll(() => live.textContent())
      .not.toContain("Kontrollen lyckades");
    await eva.context().close();
  });
});
