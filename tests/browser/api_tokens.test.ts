// API tokens in the browser (issue 8): an observer makes a token on "API-nycklar", sees it once
// with a warning and a copy button, copies it, the token works from a script on
// /api/export/rounds, and she revokes it after a confirmation; an admin sees whose each token
// is; people who may not hold tokens are not offered the page. axe-core finds no violations, in
// Swedish and English; the page fits 1280×900 and 390×844 (screenshots to SAMRAD_SCREENSHOTS).
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

function menu(page: Page): Promise<string[]> {
  return page
    .getByRole("navigation", { name: "Huvudmeny" })
    .getByRole("link")
    .allTextContents();
}

async function exportWith(token: string): Promise<{
  status: number;
  titles: string[];
  challenge: string | undefined;
}> {
  const r = await fetch(`${app.server.baseUrl}/api/export/rounds`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const body = (await r.json()) as { rounds?: { title: string }[] };
  return {
    status: r.status,
    titles: (body.rounds ?? []).map((x) => x.title),
    challenge: r.headers.get("www-authenticate") ?? undefined,
  };
}

describe("an observer's API tokens", () => {
  it("creates a token, sees it once, copies it, uses it from a script and revokes it", async () => {
    const { context, page } = await app.newPage();
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.setViewportSize({ width: 1280, height: 900 });
    await loginAs(page, people.eva);
    expect(await menu(page)).toContain("API-nycklar");
    await page.getByRole("link", { name: "API-nycklar" }).click();
    await page
      .getByRole("heading", { level: 1, name: "API-nycklar" })
      .waitFor();
    await page.getByText("Du har inga API-nycklar ännu.").waitFor();
    await expectNoViolations(page, "tokens page, empty");

    // Nothing filled in: the form says what is missing and makes nothing.
    await page.getByRole("button", { name: "Skapa nyckel" }).click();
    await page
      .getByRole("alert")
      .getByText("Skriv ett namn på nyckeln.")
      .waitFor();
    expect(
      await page.getByLabel("Namn på nyckeln").getAttribute("aria-invalid"),
    ).toBe("true");

    await page
      .getByLabel("Namn på nyckeln")
      .fill("Nattlig export till diariet");
    await page.getByRole("button", { name: "Skapa nyckel" }).click();
    const shown = page.getByLabel("Nyckeln ”Nattlig export till diariet”");
    await shown.waitFor();
    const token = await shown.inputValue();
    expect(token).toMatch(/^samrad_export_[A-Za-z0-9_-]{43}$/);
    expect(await shown.getAttribute("readonly")).not.toBeNull();
    await page.getByText("Den visas bara den här gången").waitFor();
    await page.getByRole("button", { name: "Kopiera nyckeln" }).click();
    await page.getByText("Nyckeln är kopierad.").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      token,
    );
    const row = page.getByRole("row", { name: /Nattlig export till diariet/ });
    await row.getByText("Giltig").waitFor();
    await row.getByText("Aldrig").waitFor();
    await expectNoViolations(page, "tokens page, token shown");
    await screenshot(page, "tokens-created-1280.png");

    // The token works from a script, and sees the rounds Eva's ministry is invited to.
    const used = await exportWith(token);
    expect(used.status).toBe(200);
    expect(used.titles).toContain("Generella statsbidrag som huvudprincip");
    expect(used.titles).not.toContain(
      "Nationell konsultationsordning för hälso- och sjukvård",
    );

    // Once saved, it is gone from the page for good; the list shows when it was last used.
    await page.getByRole("button", { name: "Jag har sparat nyckeln" }).click();
    expect(
      await page.getByLabel("Nyckeln ”Nattlig export till diariet”").count(),
    ).toBe(0);
    expect(await page.content()).not.toContain(token);
    await page.reload();
    await page
      .getByRole("heading", { level: 1, name: "API-nycklar" })
      .waitFor();
    await row.waitFor();
    expect(await row.getByText("Aldrig").count()).toBe(0);
    expect(await page.content()).not.toContain(token);

    // Revoking asks first; "Avbryt" keeps it.
    await row
      .getByRole("button", { name: "Återkalla Nattlig export till diariet" })
      .click();
    await page
      .getByText("Program som använder den slutar fungera direkt")
      .waitFor();
    await expectNoViolations(page, "tokens page, confirming");
    await screenshot(page, "tokens-confirm-1280.png");
    await page.getByRole("button", { name: "Avbryt" }).click();
    await row.getByText("Giltig").waitFor();
    await row
      .getByRole("button", { name: "Återkalla Nattlig export till diariet" })
      .click();
    await page.getByRole("button", { name: "Ja, återkalla" }).click();
    await page
      .getByText("Nyckeln ”Nattlig export till diariet” är återkallad.")
      .waitFor();
    await row.getByText("Återkallad").waitFor();
    const refused = await exportWith(token);
    expect(refused.status).toBe(401);
    expect(refused.challenge).toBe('Bearer error="invalid_token"');
    await context.close();
  });

  it("has no axe violations in English, and fits a phone", async () => {
    const { context, page } = await app.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await loginAs(page, people.eva);
    await page.goto("/#/tokens");
    await page
      .getByRole("heading", { level: 1, name: "API-nycklar" })
      .waitFor();
    await page.getByLabel("Namn på nyckeln").fill("Månadsrapport");
    await page.getByRole("button", { name: "Skapa nyckel" }).click();
    await page.getByLabel("Nyckeln ”Månadsrapport”").waitFor();
    await screenshot(page, "tokens-created-390.png");
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(390);
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { level: 1, name: "API tokens" }).waitFor();
    // The token not yet saved stays on the page in the other language: it is never shown again.
    await page.getByLabel("The token “Månadsrapport”").waitFor();
    await expectNoViolations(page, "tokens page, English, phone");
    await screenshot(page, "tokens-english-390.png");
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(390);
    await context.close();
  });
});

describe("who sees the page", () => {
  it("an admin sees whose each token is; a representative is not offered the page", async () => {
    const admin = await app.pageLoggedInAs(people.admin);
    await admin.setViewportSize({ width: 1280, height: 900 });
    await admin.getByRole("link", { name: "API-nycklar" }).click();
    await admin
      .getByRole("heading", { level: 2, name: "Allas nycklar" })
      .waitFor();
    await admin.getByRole("columnheader", { name: "Ägare" }).waitFor();
    await admin
      .getByRole("row", { name: /Månadsrapport/ })
      .getByText("Eva Lund")
      .waitFor();
    await expectNoViolations(admin, "tokens page, admin");
    await screenshot(admin, "tokens-admin-1280.png");
    await admin.context().close();

    const anna = await app.pageLoggedInAs(people.anna);
    expect(await menu(anna)).not.toContain("API-nycklar");
    await anna.goto("/#/tokens");
    await anna
      .getByText("API-nycklar är till för observatörer och administratörer.")
      .waitFor();
    await expectNoViolations(anna, "tokens page refused");
    await anna.context().close();
  });
});
