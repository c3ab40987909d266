// The export page in the browser (issue 8): a representative of Malmö stad opens "Exportera"
// from the menu, sees every round she may see, narrows the choice to decided rounds in one
// sector, is told how many rounds it holds (announced), and downloads the positions of the
// decided ones as a CSV that a Swedish spreadsheet reads with the right columns, and the records
// as JSON whose every bundle names a decided round. A bad day is pointed out next to its field.
// An observer of a ministry not invited to those rounds gets an empty choice. axe-core finds no
// violations in Swedish and English; it fits 1280×900 and 390×844 without sideways scrolling
// (screenshots to SAMRAD_SCREENSHOTS).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import {
  expectNoViolations,
  loginAs,
  people,
  setUpServerAndBrowser,
} from "./support/browser";

const app = setUpServerAndBrowser();

async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SAMRAD_SCREENSHOTS;
  if (dir) await page.screenshot({ path: join(dir, name), fullPage: true });
}

async function noSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

async function download(
  page: Page,
  linkName: string,
): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: linkName }).click(),
  ]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path!, "utf8") };
}

describe("the export page", () => {
  it("narrows the rounds and downloads the decided ones' positions and records", async () => {
    const { page } = await app.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await loginAs(page, people.anna);
    await page
      .getByRole("navigation", { name: "Huvudmeny" })
      .getByRole("link", { name: "Exportera" })
      .click();
    await page
      .getByRole("heading", { level: 1, name: "Exportera samrådsrundor" })
      .waitFor();
    // Everything she may see, at first.
    const all = page.locator(".export-count");
    await all.waitFor();
    const allText = (await all.textContent()) ?? "";
    const [total, decided] = (allText.match(/\d+/g) ?? []).map(Number);
    expect(total).toBeGreaterThan(decided!);
    expect(decided).toBeGreaterThanOrEqual(1);
    await expectNoViolations(page, "export page, every round");

    // A day that does not exist is pointed out next to its field and nothing is asked.
    await page.getByLabel("Skapad från och med").fill("2026-11-30");
    await page.getByLabel("Skapad till och med").fill("2026-11-01");
    await page.getByRole("button", { name: "Visa urvalet" }).click();
    await page.getByText("Slutdatumet ligger före startdatumet.").waitFor();
    expect(
      await page.getByLabel("Skapad till och med").getAttribute("aria-invalid"),
    ).toBe("true");
    await page.getByLabel("Skapad från och med").fill("");
    await page.getByLabel("Skapad till och med").fill("");

    // Decided rounds of the school sector: the demo's round 5.
    await page.getByLabel("Fas").selectOption("decided");
    await page.getByLabel("Sektor").selectOption("school");
    await page.getByRole("button", { name: "Visa urvalet" }).click();
    await page.getByText("1 runda i urvalet, varav 1 beslutad.").waitFor();
    await expect
      .poll(() => page.locator("#announcer").textContent())
      .toContain("1 runda i urvalet, varav 1 beslutad.");
    const rows = page.locator("table.data-table tbody tr");
    expect(await rows.count()).toBe(1);
    const title = (await rows.locator("th a").textContent()) ?? "";
    expect(await rows.locator("th a").getAttribute("href")).toBe("#/rounds/5");
    await expectNoViolations(page, "export page, decided school rounds");
    await screenshot(page, "export-desktop.png");

    const positions = await download(
      page,
      "Ställningstaganden, alla versioner (CSV för kalkylblad)",
    );
    expect(positions.name).toBe("stallningstaganden.csv");
    expect(positions.text.startsWith("\uFEFF")).toBe(true);
    const lines = positions.text
      .slice(1)
      .split("\r\n")
      .filter((line) => line !== "");
    // As a Swedish spreadsheet reads it: semicolons, the round first on every row.
    expect(lines[0]!.split(";").slice(0, 3)).toEqual([
      "Runda",
      "Rundans titel",
      "Organisation",
    ]);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1))
      expect(line.startsWith(`5;${title};`)).toBe(true);

    const records = await download(
      page,
      "Samrådsprotokollen med bevis, för arkiv (JSON)",
    );
    expect(records.name).toBe("samradsprotokoll.json");
    const exported = JSON.parse(records.text) as {
      format: string;
      bundles: { record: { round: { id: number } } }[];
    };
    expect(exported.format).toBe("samrad-records-export/1");
    expect(exported.bundles.map((b) => b.record.round.id)).toEqual([5]);

    // In English, the choice kept.
    await page.getByRole("button", { name: "English" }).click();
    await page
      .getByRole("heading", { level: 1, name: "Export consultation rounds" })
      .waitFor();
    expect(await page.getByLabel("Phase").inputValue()).toBe("decided");
    await page
      .getByText("1 round in the selection, 1 of them decided.")
      .waitFor();
    await expectNoViolations(page, "export page, English");
    await page.getByRole("button", { name: "Svenska" }).click();

    // A phone: the rounds as cards, nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByLabel("Fas").selectOption("");
    await page.getByLabel("Sektor").selectOption("");
    await page.getByRole("button", { name: "Visa urvalet" }).click();
    await page
      .getByText(`${total} rundor i urvalet`, { exact: false })
      .waitFor();
    await noSidewaysScroll(page);
    await expectNoViolations(page, "export page, phone");
    await screenshot(page, "export-phone.png");
    await page.context().close();
  });

  it("gives an observer only the rounds her ministry is invited to", async () => {
    const { page } = await app.newPage();
    await loginAs(page, people.eva);
    await page.goto("/#/export");
    await page.getByLabel("Fas").selectOption("decided");
    await page.getByRole("button", { name: "Visa urvalet" }).click();
    await page.getByText("Inga rundor i urvalet.").waitFor();
    await page.getByText("Inga rundor som du kan se passar urvalet.").waitFor();
    await page
      .getByText(
        "Urvalet har inga beslutade rundor, så filerna med ställningstaganden, svar och protokoll blir tomma.",
      )
      .waitFor();
    await page.context().close();
  });
});
