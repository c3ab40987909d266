// The joint document in the browser (issue 8): in a fresh open round, a municipal representative
// (Anna Lind, Malmö stad) writes the first version and a state representative (Per Holm,
// Finansdepartementet) revises it in their own browsers — what Per types survives the live
// redraw when Anna approves meanwhile — and each approves the latest version for their side;
// a third browser, an observer's, sees each version, the approvals and the difference between
// versions live, with the news read out politely. axe-core finds no violations in the section in
// Swedish and English; a phone shows the decided demo round's document without sideways
// scrolling. Screenshots at 1280×900 and 390×844 go to $SAMRAD_SHOTS (when set).
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import {
  expectNoViolations,
  loginAs,
  openRound,
  people,
  setUpServerAndBrowser,
} from "./support/browser";

const app = setUpServerAndBrowser();

async function shoot(page: Page, name: string): Promise<void> {
  const dir = process.env.SAMRAD_SHOTS;
  if (!dir) return;
  await page
    .locator("section.joint-document")
    .screenshot({ path: `${dir}/joint-${name}.png` });
}

async function newOpenRound(): Promise<number> {
  const writer = await app.writerAs(people.secretariat);
  const { organisations } = await writer.client.ok<{
    organisations: Array<{ id: number; name: string }>;
  }>("list_organisations");
  const id = (name: string) => organisations.find((o) => o.name === name)!.id;
  const created = await writer.client.ok<{ round_id: number }>("create_round", {
    title: "Gemensamt dokument i webbläsaren",
    proposal: "## Förslag\n\nStatsbidragen blir generella.",
    kind: "bilateral",
    invited: ["Malmö stad", "Kiruna kommun", "Finansdepartementet"].map(id),
  });
  await writer.client.ok("change_phase", {
    round_id: created.round_id,
    phase: "open",
  });
  await writer.close();
  return created.round_id;
}

async function onRound(email: string, round: number): Promise<Page> {
  const page = await app.pageOnRoundAs(email, round);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page
    .getByRole("heading", { name: "Gemensamt dokument", level: 2 })
    .waitFor();
  return page;
}

const FIRST =
  "# Överenskommelse\n\nStaten och kommunerna följer upp statsbidragen varje år.";
const SECOND =
  "# Överenskommelse\n\nStaten och kommunerna följer upp statsbidragen vartannat år.\n\n- Gemensam rapport";

describe("the joint document", () => {
  it("two sides write and approve it, and an observer follows every version, approval and change live", async () => {
    const round = await newOpenRound();
    const eva = await onRound(people.eva, round);
    const anna = await onRound(people.anna, round);
    const per = await onRound(people.per, round);
    const section = (page: Page) => page.locator("section.joint-document");

    // Nothing yet; the observer has no form and no button.
    await section(eva)
      .getByText("Inget gemensamt dokument har skrivits ännu.")
      .waitFor();
    expect(await section(eva).getByRole("button").count()).toBe(0);

    // Anna writes the first version.
    await section(anna)
      .getByRole("button", { name: "Skriv första versionen" })
      .click();
    await section(anna).getByLabel("Dokumentets text").fill(FIRST);
    await shoot(anna, "form-desktop");
    await section(anna)
      .getByRole("button", { name: "Spara version 1" })
      .click();
    await section(anna).getByText("Version 1 är sparad.").waitFor();

    // The observer sees it rendered, with nobody's approval yet, and hears the news.
    await section(eva)
      .getByRole("heading", { name: "Överenskommelse" })
      .waitFor();
    await expect
      .poll(() => eva.locator("#announcer").textContent())
      .toContain("Gemensamt dokument: version 1 sparad av Anna Lind.");
    await section(eva).getByText("Staten har inte godkänt version 1").waitFor();
    await section(eva)
      .getByText("Kommunsidan har inte godkänt version 1")
      .waitFor();

    // Per starts revising; Anna approves version 1 meanwhile, and Per's text survives the redraw.
    await section(per)
      .getByRole("button", { name: "Ändra dokumentet" })
      .click();
    const perText = section(per).getByLabel("Dokumentets text");
    expect(await perText.inputValue()).toBe(FIRST);
    await perText.fill(SECOND);
    await section(anna)
      .getByRole("button", { name: "Godkänn version 1 för kommunsidan" })
      .click();
    await section(anna)
      .getByText("Version 1 är godkänd för kommunsidan.")
      .waitFor();
    await section(per)
      .getByText("Godkänt av kommunsidan (version 1)")
      .waitFor();
    expect(await perText.inputValue()).toBe(SECOND);
    await section(per).getByRole("button", { name: "Spara version 2" }).click();
    await section(per).getByText("Version 2 är sparad.").waitFor();

    // The municipal side's approval does not carry over to version 2.
    await section(eva)
      .getByText("Kommunsidan har inte godkänt version 2")
      .waitFor();
    expect(await section(eva).locator(".joint-approval.pending").count()).toBe(
      2,
    );
    expect(await section(eva).textContent()).toContain(
      "(godkände tidigare version 1)",
    );

    // The difference between version 1 and 2, in words and not colour alone.
    const diff = section(eva).locator("figure.joint-diff");
    await diff.waitFor();
    expect(await diff.locator("figcaption").textContent()).toContain(
      "Ändringar från version 1 till version 2",
    );
    expect(await diff.locator("del").allTextContents()).toContain(
      "Borttaget:varje",
    );
    const inserted = (await diff.locator("ins").allTextContents()).join(" ");
    expect(inserted).toContain("Tillagt:vartannat");
    expect(inserted).toContain("Gemensam rapport");

    // Each side approves version 2 for itself.
    await section(per)
      .getByRole("button", { name: "Godkänn version 2 för staten" })
      .click();
    await section(eva).getByText("Godkänt av staten (version 2)").waitFor();
    await expect
      .poll(() => eva.locator("#announcer").textContent())
      .toContain("Gemensamt dokument: version 2 godkänd av staten.");
    await section(anna)
      .getByRole("button", { name: "Godkänn version 2 för kommunsidan" })
      .click();
    await section(eva)
      .getByText("Godkänt av kommunsidan (version 2)")
      .waitFor();
    // Neither can approve again; the history names who approved which version.
    await expect
      .poll(() =>
        section(anna)
          .getByRole("button", { name: /Godkänn/ })
          .count(),
      )
      .toBe(0);
    const history = section(eva).locator(".joint-versions");
    expect(await history.locator("li").first().textContent()).toContain(
      "godkänd av staten och kommunsidan",
    );
    expect(await history.locator("li").last().textContent()).toContain(
      "godkänd av kommunsidan",
    );

    // Comparing the other way round, chosen by the reader.
    await section(eva)
      .getByLabel("Från version", { exact: true })
      .selectOption("2");
    await section(eva)
      .getByLabel("Till version", { exact: true })
      .selectOption("1");
    await expect
      .poll(() => diff.locator("figcaption").textContent())
      .toContain("Ändringar från version 2 till version 1");
    expect(await diff.locator("ins").allTextContents()).toContain(
      "Tillagt:varje",
    );
    await shoot(eva, "observer-desktop");

    await expectNoViolations(eva, "observer with two versions");
    await section(per)
      .getByRole("button", { name: "Ändra dokumentet" })
      .click();
    await expectNoViolations(per, "state representative, form open");
    await shoot(per, "approved-form-desktop");

    // In English.
    await eva.getByRole("button", { name: "English" }).click();
    await section(eva)
      .getByRole("heading", { name: "Joint document", level: 2 })
      .waitFor();
    await section(eva)
      .getByText("Approved by the municipal side (version 2)")
      .waitFor();
    expect(await diff.locator("ins").first().textContent()).toContain("Added:");
    await expectNoViolations(eva, "observer, English");
    await shoot(eva, "observer-english");
    for (const page of [eva, anna, per]) await page.context().close();
  });

  it("shows the decided demo round's document on a phone without sideways scrolling", async () => {
    const { page: phone } = await app.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await loginAs(phone, people.anna);
    await openRound(phone, 5);
    const section = phone.locator("section.joint-document");
    await section.getByText("Godkänt av staten (version 2)").waitFor();
    await section.getByText("Godkänt av kommunsidan (version 2)").waitFor();
    expect(await section.getByRole("button").count()).toBe(0);
    expect(await section.textContent()).toContain("Rundan är beslutad.");
    await section.locator("figure.joint-diff").waitFor();
    const widths = await phone.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(widths.scrollWidth).toBeLessThanOrEqual(widths.clientWidth);
    await expectNoViolations(phone, "decided round on a phone");
    await shoot(phone, "phone");
    await phone.context().close();
  });
});
