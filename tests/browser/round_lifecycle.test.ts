// The secretariat runs a round's life cycle in the browser: creates a draft through the form
// (title, kind, sector, two invited municipalities, a closing time, agenda questions), opens it
// with a confirmation, and withdraws invitations; a representative of an invited municipality
// sees the draft listed as such and then open, sees the other's invitation withdrawn live, and
// is told where they are reading when their own organisation's invitation is withdrawn.
// axe-core finds no violations on the new pages, in Swedish and English.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import {
  expectNoViolations,
  people,
  setUpServerAndBrowser,
  waitForConnection,
} from "./support/browser";

const app = setUpServerAndBrowser();
const TITLE = "Tillitsbaserad styrning av elevhälsan";

// Returns a function that shows the rounds list afresh and reads the titles on it, for polling
// (the list is loaded from the server when the page is shown).
async function roundsList(page: Page): Promise<() => Promise<string[]>> {
  return async () => {
    await page.goto("/#/");
    await page.reload();
    await page
      .getByRole("heading", { level: 1, name: "Mina samrådsrundor" })
      .waitFor();
    await page.locator(".round-card").first().waitFor();
    return page.locator(".round-card h2").allTextContents();
  };
}

// A time two days ahead as a datetime-local input takes it (local time, minutes).
function inTwoDays(): string {
  const date = new Date(Date.now() + 2 * 24 * 3600 * 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

describe("the secretariat runs a round", () => {
  let roundUrl = "";

  it("creates a draft through the form, which says what is missing first", async () => {
    const page = await app.pageLoggedInAs(people.secretariat);
    await page.getByRole("link", { name: "Ny samrådsrunda" }).click();
    await page
      .getByRole("heading", { level: 1, name: "Ny samrådsrunda" })
      .waitFor();
    await page.getByLabel("Malmö stad").waitFor(); // the organisations are loaded

    // Nothing filled in, and bilateral without a ministry: the form says so and sends nothing.
    await page.getByLabel("Bilateralt samråd").check();
    await page.getByRole("button", { name: "Skapa utkast" }).click();
    const summary = page
      .getByRole("alert")
      .filter({ hasText: "Rätta följande" });
    await expect
      .poll(() => summary.textContent())
      .toContain("Skriv en rubrik.");
    expect(await summary.textContent()).toContain("exakt ett departement");
    expect(
      await page
        .getByLabel("Rubrik")
        .evaluate((el) => el === document.activeElement),
    ).toBe(true);
    await expectNoViolations(page);

    await page.getByLabel("Rubrik").fill(TITLE);
    await page.getByLabel("Plenarsamråd").check();
    await page.getByLabel("Skola").check();
    await page.getByLabel("Malmö stad").check();
    await page.getByLabel("Kiruna kommun").check();
    await page.getByLabel("Stänger").fill(inTwoDays());
    await page
      .getByLabel("Förslaget")
      .fill("## Förslag\n\nElevhälsan styrs genom **dialog**.");
    await page
      .getByRole("button", { name: "Förhandsgranska förslaget" })
      .click();
    expect(await page.locator(".proposal-preview strong").textContent()).toBe(
      "dialog",
    );
    await page
      .getByLabel("Första frågorna på dagordningen")
      .fill(
        "Hur arbetar ni med elevhälsan i dag?\n\nVad behöver staten ändra?\n",
      );
    await page.getByRole("button", { name: "Skapa utkast" }).click();

    await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    roundUrl = page.url();
    expect(roundUrl).toMatch(/#\/rounds\/\d+$/);
    const facts = await page.locator(".round-facts").textContent();
    expect(facts).toContain("Utkast");
    expect(facts).toContain("Plenarsamråd");
    expect(facts).toContain("Skola");
    expect(facts).toContain("Stänger");
    expect(
      await page.locator(".thread-list .thread-link-title").allTextContents(),
    ).toEqual([
      "Hur arbetar ni med elevhälsan i dag?",
      "Vad behöver staten ändra?",
    ]);
    await page.getByRole("heading", { name: "Styr samrådsrundan" }).waitFor();
    // Nobody posts in a draft: one line says so, instead of disabled reply boxes.
    expect(await page.locator(".write-note").textContent()).toContain(
      "Samrådsrundan är ett utkast och har inte öppnat ännu.",
    );
    expect(await page.locator("section.thread textarea").count()).toBe(0);
    await expectNoViolations(page);
    await page.context().close();
  });

  it("opens it after a confirmation; the invited see it as a draft before, open after", async () => {
    const anna = await app.pageLoggedInAs(people.anna);
    expect(await (await roundsList(anna))()).toContain(TITLE);
    const card = anna.locator(".round-card", { hasText: TITLE });
    expect(await card.locator(".phase").textContent()).toBe("Utkast");

    const sara = await app.pageLoggedInAs(people.secretariat);
    await sara.goto(roundUrl);
    await sara.getByRole("button", { name: "Öppna rundan" }).click();
    await sara
      .getByText("Öppna rundan för de inbjudna organisationerna?")
      .waitFor();
    await sara.getByRole("button", { name: "Ja, öppna rundan" }).click();
    await sara
      .getByRole("status")
      .filter({ hasText: "Rundan är öppen." })
      .waitFor();
    // The facts change with the live event, which follows the acknowledgement.
    await expect
      .poll(() => sara.locator(".round-facts .phase").textContent())
      .toBe("Öppen");
    expect(await sara.locator(".round-facts").textContent()).toContain(
      "Öppen av Sara Ekström",
    );

    await expect
      .poll(async () => {
        await (
          await roundsList(anna)
        )();
        return card.locator(".phase").textContent();
      })
      .toBe("Öppen");
    await anna.goto(roundUrl);
    await anna.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    await waitForConnection(anna, "connected");
    expect(
      await anna.getByRole("heading", { name: "Styr samrådsrundan" }).count(),
    ).toBe(0);
    await anna.context().close();
    await sara.context().close();
  });

  it("withdraws invitations: the others see it live; the withdrawn are told where they read", async () => {
    const anna = await app.pageLoggedInAs(people.anna);
    await anna.goto(roundUrl);
    await anna.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    await waitForConnection(anna, "connected");
    const invited = anna.locator(".invited-list");
    await expect.poll(() => invited.textContent()).toContain("Kiruna kommun");

    const sara = await app.pageLoggedInAs(people.secretariat);
    await sara.goto(roundUrl);
    await sara
      .getByRole("button", { name: "Dra tillbaka inbjudan Kiruna kommun" })
      .click();
    await sara
      .getByRole("status")
      .filter({ hasText: "Inbjudan till Kiruna kommun är tillbakadragen." })
      .waitFor();
    await expect
      .poll(() => invited.textContent())
      .not.toContain("Kiruna kommun");
    expect(await invited.textContent()).toContain("Malmö stad");

    await sara
      .getByRole("button", { name: "Dra tillbaka inbjudan Malmö stad" })
      .click();
    // Told on the page where she reads, and read out politely (the live region may hold the
    // Kiruna news too, when both came within its pause).
    const noLongerInvited =
      "Din organisation är inte längre inbjuden till den här samrådsrundan.";
    await anna.locator("#main").getByText(noLongerInvited).waitFor();
    await expect
      .poll(() => anna.locator("#announcer").textContent())
      .toContain(noLongerInvited);
    expect(await anna.locator("section.thread").count()).toBe(0);
    await expect.poll(await roundsList(anna)).not.toContain(TITLE);

    // Invited again: the round is there again for Malmö.
    await sara
      .getByLabel("Bjud in en organisation")
      .selectOption({ label: "Malmö stad" });
    await sara.getByRole("button", { name: "Bjud in", exact: true }).click();
    await sara
      .getByRole("status")
      .filter({ hasText: "Malmö stad är inbjuden." })
      .waitFor();
    await expect.poll(await roundsList(anna)).toContain(TITLE);
    await anna.context().close();
    await sara.context().close();
  });

  it("closes it: the forms go, but a half-written post stays, read-only, to be copied", async () => {
    const anna = await app.pageLoggedInAs(people.anna);
    await anna.goto(roundUrl);
    await anna.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    await waitForConnection(anna, "connected");
    const thread = "Hur arbetar ni med elevhälsan i dag?";
    const field = anna.getByLabel(`Nytt inlägg i tråden ${thread}`);
    const draft = "Malmö stad arbetar med elevhälsan genom";
    await field.fill(draft);

    const sara = await app.pageLoggedInAs(people.secretariat);
    await sara.goto(roundUrl);
    await sara.getByRole("button", { name: "Stäng rundan nu" }).click();
    await sara.getByRole("button", { name: "Ja, stäng rundan" }).click();
    await sara
      .getByRole("status")
      .filter({ hasText: "Rundan är stängd." })
      .waitFor();

    await expect
      .poll(() => anna.locator(".write-note").textContent(), {
        timeout: 10_000,
      })
      .toContain("Samrådsrundan är stängd.");
    expect(await field.inputValue()).toBe(draft);
    expect(await field.getAttribute("readonly")).not.toBeNull();
    const composer = anna.locator("form.thread-composer");
    expect(await composer.textContent()).toContain(
      "Det du skrev finns kvar här, så att du kan kopiera det.",
    );
    expect(
      await composer
        .getByRole("button", { name: "Publicera inlägg" })
        .isDisabled(),
    ).toBe(true);
    expect(await anna.locator(".reply-button").count()).toBe(0);
    await expectNoViolations(anna);
    await anna.context().close();
    await sara.context().close();
  });

  it("has no axe violations in English, on the form and the round page with its controls", async () => {
    const sara = await app.pageLoggedInAs(people.secretariat);
    await sara.getByRole("button", { name: "English" }).click();
    await sara.getByRole("link", { name: "New consultation round" }).click();
    await sara.getByLabel("Malmö stad").waitFor();
    await expectNoViolations(sara);
    await sara.goto(roundUrl);
    await sara
      .getByRole("heading", { name: "Run the consultation round" })
      .waitFor();
    await expectNoViolations(sara);
    await sara.context().close();
  });
});
