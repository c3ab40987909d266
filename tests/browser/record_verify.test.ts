// The record verification page in real Chromium against the real server: not logged in, a
// pasted key, a valid bundle verified and a one-character change caught, both announced in the
// live region; axe-core in Swedish and English; the logged-in menu leads there. Screenshots at
// 1280×900 and 390×844 go to /tmp/verify-shots for a person to look at.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import {
  expectNoViolations,
  people,
  setUpServerAndBrowser,
} from "./support/browser";
import { bundleText, logKey } from "./support/record_bundle";

const app = setUpServerAndBrowser();
const SHOTS = "/tmp/verify-shots";
const KEY = logKey("samrad.example/log");
const TITLE = "Nationell vårdplan för äldreomsorgen";
const RECORDS = Array.from({ length: 6 }, (_, i) => ({
  format: "samrad-decision-record/1",
  round: { id: i + 1, title: i === 4 ? TITLE : `Samrådsrunda ${i + 1}` },
  decided_at: "2026-11-23T10:15:00.123Z",
  outcome: "Förslaget genomförs med de ändringar som kommunerna föreslog.",
}));

const dir = mkdtempSync(join(tmpdir(), "samrad-verify-"));
const validFile = join(dir, "samradsprotokoll-5.json");
const valid = bundleText(RECORDS, 4, KEY);
writeFileSync(validFile, valid);
// One character of the record changed: "vårdplan" becomes "vårdplam".
const changedFile = join(dir, "samradsprotokoll-5-andrad.json");
writeFileSync(changedFile, valid.replace("vårdplan", "vårdplam"));

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const [width, height] of [
    [1280, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({
      path: join(SHOTS, `${name}-${width}.png`),
      fullPage: true,
    });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

// The outcome's summary is announced; the facts and the list of checks follow it.
const liveRegion = (page: Page) =>
  page.locator('#verify-summary[aria-live="polite"]');
const result = (page: Page) => page.locator(".verify-result");

describe("the record verification page", () => {
  it("verifies a record file for someone not logged in, and catches a changed character", async () => {
    const { page } = await app.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto("/#/verify");
    await page
      .getByRole("heading", {
        level: 1,
        name: "Kontrollera ett samrådsprotokoll",
      })
      .waitFor();
    // Not logged in: no login form instead of the page.
    expect(await page.getByLabel("E-postadress").count()).toBe(0);
    // Until the server serves its key, the page says so and asks for one.
    await expect
      .poll(() => page.locator("#verify-key-status").textContent())
      .toMatch(/kunde inte hämtas|den här tjänstens egen nyckel/);
    await shoot(page, "1-empty");
    await expectNoViolations(page);

    await page.getByLabel("Loggens publika nyckel").fill(KEY.verifierKey);
    await expect
      .poll(() => page.locator("#verify-key-facts").textContent())
      .toContain(`Nyckel-id: ${KEY.keyId.toString("hex")}`);
    await page.getByLabel("Protokollfil").setInputFiles(validFile);
    await expect
      .poll(() => liveRegion(page).textContent())
      .toContain("Kontrollen lyckades: protokollet är oförändrat");
    const success = (await result(page).textContent()) ?? "";
    expect(success).toContain(TITLE);
    expect(success).toContain("4 (räknat från 0)");
    expect(success).toContain("6 protokoll");
    expect(success).toContain(KEY.keyId.toString("hex"));
    expect(await page.getByText("Kontrollen lyckades").isVisible()).toBe(true);
    await shoot(page, "2-verified");
    await expectNoViolations(page);

    await page.getByLabel("Protokollfil").setInputFiles(changedFile);
    await expect
      .poll(() => liveRegion(page).textContent())
      .toContain("Kontrollen misslyckades");
    const failure = (await result(page).textContent()) ?? "";
    expect(await liveRegion(page).textContent()).toContain(
      "har ändrats efter att det loggades",
    );
    expect(failure).toContain(
      "Protokollet för ”Nationell vårdplam för äldreomsorgen” har ändrats efter att det loggades",
    );
    expect(failure).toContain(
      "Protokollet är exakt det som loggades – Misslyckades",
    );
    expect(failure).toContain(
      "Loggens kontrollpunkt är signerad med nyckeln – Godkänd",
    );
    expect(await page.getByText("Kontrollen misslyckades").isVisible()).toBe(
      true,
    );
    await shoot(page, "3-changed");
    await expectNoViolations(page);
    await page.context().close();
  });

  it("says what is missing, and works in English without violations", async () => {
    const { page } = await app.newPage();
    await page.goto("/#/verify");
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page
      .getByLabel("Loggens publika nyckel")
      .fill("samrad.example/log+00000000+AAAA");
    await page.getByRole("button", { name: "Kontrollera protokollet" }).click();
    expect(await page.locator("#verify-file-error").textContent()).toBe(
      "Välj protokollfilen.",
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(
      "verify-file",
    );
    await page.getByLabel("Protokollfil").setInputFiles(validFile);
    await expect
      .poll(() => page.locator("#verify-key-error").textContent())
      .toContain("Det här är inte en giltig Ed25519-nyckel");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(
      "verify-key",
    );
    await expectNoViolations(page);

    await page.getByRole("button", { name: "English" }).click();
    await page
      .getByRole("heading", { level: 1, name: "Verify a decision record" })
      .waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    // What was typed in the key field stays through the language switch.
    expect(await page.getByLabel("The log’s public key").inputValue()).toBe(
      "samrad.example/log+00000000+AAAA",
    );
    await page.getByLabel("The log’s public key").fill(KEY.verifierKey);
    await page.getByLabel("Record file").setInputFiles(changedFile);
    await expect
      .poll(() => liveRegion(page).textContent())
      .toContain(
        "The record for “Nationell vårdplam för äldreomsorgen” was changed after it was logged",
      );
    await expectNoViolations(page);
    await page.getByLabel("Record file").setInputFiles(validFile);
    await expect
      .poll(() => liveRegion(page).textContent())
      .toContain("Verified: the record is unchanged");
    await shoot(page, "4-english");
    await expectNoViolations(page);
    await page.context().close();
  });

  it("uses this service's own key when the server serves it, and says when a file is from another log", async () => {
    const { page } = await app.newPage();
    // The server's key endpoint, as protocol/records.md specifies its answer.
    await page.route("**/.well-known/samrad-log-key", (route) =>
      route.fulfill({
        status: 200,
        contentType: "text/plain; charset=utf-8",
        body: `${KEY.verifierKey}\n`,
      }),
    );
    await page.goto("/#/verify");
    await expect
      .poll(() => page.locator("#verify-key-status").textContent())
      .toContain("Ifylld med den här tjänstens egen nyckel");
    expect(await page.getByLabel("Loggens publika nyckel").inputValue()).toBe(
      KEY.verifierKey,
    );
    await page.getByLabel("Protokollfil").setInputFiles(validFile);
    await expect
      .poll(() => liveRegion(page).textContent())
      .toContain("Kontrollen lyckades");

    // A record from another instance's log, checked with this instance's key.
    const otherFile = join(dir, "annan-tjanst.json");
    writeFileSync(
      otherFile,
      bundleText(RECORDS, 2, logKey("annan.example/log", 7)),
    );
    await page.getByLabel("Protokollfil").setInputFiles(otherFile);
    await expect
      .poll(() => liveRegion(page).textContent())
      .toContain(
        `inte signerad med nyckeln samrad.example/log (nyckel-id ${KEY.keyId.toString("hex")})`,
      );
    await expectNoViolations(page);

    // Another log's key pasted: the page says it is not this service's own, also after a
    // language switch; an emptied field goes back to this service's key.
    const other = logKey("annan.example/log", 7);
    await page.getByLabel("Loggens publika nyckel").fill(other.verifierKey);
    await page.getByRole("button", { name: "English" }).click();
    await expect
      .poll(() => page.locator("#verify-key-status").textContent())
      .toContain("another key than this service’s own");
    await page.getByLabel("The log’s public key").fill("");
    await page.getByLabel("Record file").setInputFiles(validFile);
    await expect
      .poll(() => liveRegion(page).textContent())
      .toContain("Verified: the record is unchanged");
    expect(await page.getByLabel("The log’s public key").inputValue()).toBe(
      KEY.verifierKey,
    );
    await page.context().close();
  });

  it("is in the menu of someone logged in", async () => {
    const page = await app.pageLoggedInAs(people.anna);
    await page
      .getByRole("navigation")
      .getByRole("link", { name: "Kontrollera protokoll" })
      .click();
    await page
      .getByRole("heading", {
        level: 1,
        name: "Kontrollera ett samrådsprotokoll",
      })
      .waitFor();
    expect(
      await page.evaluate(() => document.activeElement?.tagName.toLowerCase()),
    ).toBe("h1");
    expect(
      await page
        .getByRole("navigation")
        .getByRole("link", { name: "Kontrollera protokoll" })
        .getAttribute("aria-current"),
    ).toBe("page");
    await expectNoViolations(page);
    await page.context().close();
  });
});
