// People, organisations, one's own sessions and the audit log in the browser (issue 7), as an
// admin, a secretariat member and a representative use them: an admin adds a person and hands
// on the link, with which the person chooses a password and is logged in (and a used link says
// so in plain Swedish); a role changed or a person deactivated reaches that person's open page;
// a person ends a session of theirs elsewhere; the secretariat filters the audit log; each role
// is offered only its own pages. axe-core finds no violations on any of these pages, in Swedish
// and English.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import {
  expectNoViolations,
  loginAs,
  people,
  setUpServerAndBrowser,
  waitForConnection,
} from "./support/browser";

const app = setUpServerAndBrowser();

async function toEnglish(page: Page): Promise<void> {
  await page.getByRole("button", { name: "English" }).click();
  await expect
    .poll(() => page.evaluate(() => document.documentElement.lang))
    .toBe("en");
}

async function open(page: Page, hash: string, heading: string): Promise<void> {
  await page.goto(`/${hash}`);
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
}

function menu(page: Page): Promise<string[]> {
  return page
    .getByRole("navigation", { name: "Huvudmeny" })
    .getByRole("link")
    .allTextContents();
}

describe("an admin adds a person, who chooses a password with the link", () => {
  let link = "";

  it("adds Johanna through the form, which says what is missing first, and shows the link", async () => {
    const page = await app.pageLoggedInAs(people.admin);
    await page.getByRole("link", { name: "Personer" }).click();
    await page.getByRole("heading", { level: 1, name: "Personer" }).waitFor();
    await page.getByText("av 13 personer").waitFor();
    await expectNoViolations(page, "people page");

    // Nothing filled in: the form says what to fix and sends nothing.
    await page
      .getByRole("button", { name: "Lägg till och skapa inbjudningslänk" })
      .click();
    const summary = page
      .getByRole("alert")
      .filter({ hasText: "Rätta följande" });
    await expect
      .poll(() => summary.textContent())
      .toContain("Skriv personens namn.");
    expect(await summary.textContent()).toContain("Välj en organisation.");
    expect(
      await page
        .getByLabel("Namn", { exact: true })
        .evaluate((el) => el === document.activeElement),
    ).toBe(true);
    await expectNoViolations(page, "people page with errors");

    await page.getByLabel("Namn", { exact: true }).fill("Johanna Berg");
    await page
      .getByLabel("E-postadress", { exact: true })
      .fill("johanna.berg@skane.example");
    await page
      .getByLabel("Organisation", { exact: true })
      .selectOption({ label: "Region Skåne" });
    await page
      .getByLabel("Roll", { exact: true })
      .selectOption({ label: "Observatör" });
    await page
      .getByRole("button", { name: "Lägg till och skapa inbjudningslänk" })
      .click();
    await page
      .getByRole("heading", { name: "Inbjudningslänk för Johanna Berg" })
      .waitFor();
    link = await page.getByLabel("Länk", { exact: true }).inputValue();
    expect(link).toMatch(/\/#\/invitation\/[0-9a-f]{32}$/);
    expect(
      await page
        .getByText("Skicka länken till johanna.berg@skane.example")
        .count(),
    ).toBe(1);
    const card = page.locator("li.account-card", { hasText: "Johanna Berg" });
    await expect
      .poll(() => card.textContent())
      .toContain("Har inte valt lösenord");
    await expectNoViolations(page, "people page with a link");
    await toEnglish(page);
    await page.getByRole("heading", { level: 1, name: "People" }).waitFor();
    await page.locator("li.account-card").first().waitFor();
    await page.getByText("Change Anna Lind").click();
    await expectNoViolations(
      page,
      "people page, English, a person's controls open",
    );
    await page.context().close();
  });

  it("Johanna opens the link, chooses a password (twice the same) and is logged in", async () => {
    const { page } = await app.newPage();
    await page.goto(link);
    await page
      .getByRole("heading", { level: 1, name: "Välj ditt lösenord" })
      .waitFor();
    await page
      .getByText("Välkommen till Samråd, Johanna Berg (Region Skåne)")
      .waitFor();
    await expectNoViolations(page, "invitation page");

    await page.getByLabel("Nytt lösenord").fill("kort");
    await page.getByLabel("Upprepa lösenordet").fill("kort");
    await page
      .getByRole("button", { name: "Spara lösenordet och logga in" })
      .click();
    await expect
      .poll(() => page.locator("#invitation-error").textContent())
      .toContain("minst 10 tecken");
    await page.getByLabel("Nytt lösenord").fill("tre ord räcker långt");
    await page.getByLabel("Upprepa lösenordet").fill("tre ord räcker kort");
    await page.keyboard.press("Enter");
    await expect
      .poll(() => page.locator("#invitation-error").textContent())
      .toContain("inte likadana");
    await expectNoViolations(page, "invitation page with an error");

    await page.getByLabel("Upprepa lösenordet").fill("tre ord räcker långt");
    await page.keyboard.press("Enter");
    await page
      .getByRole("heading", { level: 1, name: "Mina samrådsrundor" })
      .waitFor();
    await waitForConnection(page, "connected");
    expect(page.url()).not.toContain("invitation");
    expect(await page.locator(".person-name").textContent()).toBe(
      "Johanna Berg",
    );
    await page.context().close();
  });

  it("the link used again says so plainly, and so does a broken one; in English too", async () => {
    const { page } = await app.newPage();
    await page.goto(link);
    await page
      .getByRole("heading", { level: 1, name: "Länken har redan använts" })
      .waitFor();
    expect(
      await page
        .getByRole("alert")
        .filter({ hasText: "Logga in med ditt lösenord" })
        .count(),
    ).toBe(1);
    await expectNoViolations(page, "used link");
    await page.getByRole("link", { name: "Till inloggningen" }).click();
    await page.getByRole("heading", { level: 1, name: "Logga in" }).waitFor();

    await page.goto("/#/invitation/inte-en-riktig-lank");
    await page
      .getByRole("heading", { level: 1, name: "Länken fungerar inte" })
      .waitFor();
    await toEnglish(page);
    await page
      .getByRole("heading", { level: 1, name: "The link does not work" })
      .waitFor();
    await expectNoViolations(page, "broken link, English");
    await page.context().close();
  });
});

describe("an admin's change reaches the person's open page", () => {
  it("a new role: Erik's open page follows it (the audit log appears in his menu)", async () => {
    const erik = await app.pageLoggedInAs(people.erik);
    expect(await menu(erik)).toEqual([
      "Mina samrådsrundor",
      "Exportera",
      "Mina inloggningar",
      "Kontrollera protokoll",
    ]);
    const admin = await app.pageLoggedInAs(people.admin);
    await open(admin, "#/admin/people", "Personer");
    await admin.getByText("Ändra Erik Nilsson").click();
    await admin
      .getByLabel("Roll för Erik Nilsson")
      .selectOption({ label: "Sekretariat" });
    await admin.getByRole("button", { name: "Ändra roll" }).click();
    await admin.getByText("Erik Nilsson är nu Sekretariat.").waitFor();
    await expect
      .poll(() => menu(erik), { timeout: 5_000 })
      .toContain("Händelselogg");
    expect(await erik.locator(".person-org").textContent()).toContain(
      "Sekretariat",
    );
    await erik.context().close();
    await admin.context().close();
  });

  it("deactivated: Maria's page goes to the login within two seconds, and she cannot log in", async () => {
    const maria = await app.pageLoggedInAs(people.maria);
    await waitForConnection(maria, "connected");
    const admin = await app.pageLoggedInAs(people.admin);
    await open(admin, "#/admin/people", "Personer");
    await admin.getByText("Ändra Maria Berg").click();
    await admin.getByRole("button", { name: "Avaktivera Maria Berg" }).click();
    const confirm = admin.getByRole("button", {
      name: "Ja, avaktivera Maria Berg",
    });
    expect(await confirm.evaluate((el) => el === document.activeElement)).toBe(
      true,
    );
    await expectNoViolations(admin, "people page asking to confirm");
    const t0 = Date.now();
    await confirm.click();
    await maria
      .getByRole("heading", { level: 1, name: "Logga in" })
      .waitFor({ timeout: 2_500 });
    expect(Date.now() - t0).toBeLessThan(2_500);
    expect(await maria.getByText("Du har loggats ut").count()).toBe(1);
    await admin.getByText("Maria Berg är avaktiverad.").waitFor();
    const card = admin.locator("li.account-card", { hasText: "Maria Berg" });
    expect(await card.textContent()).toContain("Avaktiverad");

    await maria.getByLabel("E-postadress").fill(people.maria);
    await maria.getByLabel("Lösenord").fill("samrad-demo");
    await maria.getByRole("button", { name: "Logga in" }).click();
    await expect
      .poll(() => maria.locator("#login-error").textContent())
      .toContain("Fel e-postadress");

    // Activated again.
    await admin.getByText("Ändra Maria Berg").click();
    await admin.getByRole("button", { name: "Aktivera Maria Berg" }).click();
    await admin.getByText("Maria Berg är aktiverad").waitFor();
    await maria.context().close();
    await admin.context().close();
  });
});

describe("organisations", () => {
  it("an admin adds one, sees its side from its kind, and deactivates it after a confirmation", async () => {
    const page = await app.pageLoggedInAs(people.admin);
    await page.getByRole("link", { name: "Organisationer" }).click();
    await page
      .getByRole("heading", { level: 1, name: "Organisationer" })
      .waitFor();
    await page.locator("li.account-card").first().waitFor();
    await expectNoViolations(page, "organisations page");
    await page
      .getByLabel("Typ", { exact: true })
      .selectOption({ label: "Region" });
    expect(await page.getByText("Sida: Kommunsektorn").count()).toBe(1);
    await page.getByLabel("Namn", { exact: true }).fill("Region Gotland");
    await page
      .getByRole("button", { name: "Lägg till organisationen" })
      .click();
    await page.getByText("Region Gotland är tillagd.").waitFor();
    await page
      .getByRole("button", { name: "Avaktivera Region Gotland" })
      .click();
    await page
      .getByRole("button", { name: "Ja, avaktivera Region Gotland" })
      .click();
    await page.getByText("Region Gotland är avaktiverad.").waitFor();
    await toEnglish(page);
    await page
      .getByRole("heading", { level: 1, name: "Organisations" })
      .waitFor();
    await page.locator("li.account-card").first().waitFor();
    await expectNoViolations(page, "organisations page, English");
    await page.context().close();
  });
});

describe("one's own sessions", () => {
  it("Anna sees both her sessions and ends the other one, whose page goes to the login", async () => {
    const other = await app.pageLoggedInAs(people.anna);
    await waitForConnection(other, "connected");
    const page = await app.pageLoggedInAs(people.anna);
    await page.getByRole("link", { name: "Mina inloggningar" }).click();
    await page
      .getByRole("heading", { level: 1, name: "Mina inloggningar" })
      .waitFor();
    const cards = page.locator("li.account-card");
    await expect.poll(() => cards.count()).toBe(2);
    expect(await cards.first().textContent()).toContain("Den här enheten");
    expect(await cards.first().textContent()).toContain("127.0.0.1");
    await expectNoViolations(page, "sessions page");

    await cards
      .nth(1)
      .getByRole("button", { name: "Avsluta inloggningen" })
      .click();
    await page.getByText("Inloggningen är avslutad.").waitFor();
    await expect.poll(() => cards.count()).toBe(1);
    await other
      .getByRole("heading", { level: 1, name: "Logga in" })
      .waitFor({ timeout: 2_500 });

    await toEnglish(page);
    await page
      .getByRole("heading", { level: 1, name: "My sessions" })
      .waitFor();
    await page.locator("li.account-card").first().waitFor();
    await expectNoViolations(page, "sessions page, English");
    await page.getByRole("button", { name: "Log out on this device" }).click();
    await page.getByRole("heading", { level: 1, name: "Log in" }).waitFor();
    await page.context().close();
    await other.context().close();
  });
});

describe("the audit log", () => {
  it("the secretariat reads it, filters it and pages back; every role sees only its own pages", async () => {
    // Enough entries for more than one page: failed logins are recorded too.
    for (let i = 0; i < 15; i += 1) {
      await Promise.all(
        [0, 1, 2, 3].map(() =>
          app.server.loginRaw(people.lars, "fel lösenord"),
        ),
      );
    }
    const page = await app.pageLoggedInAs(people.secretariat);
    expect(await menu(page)).toEqual([
      "Mina samrådsrundor",
      "Händelselogg",
      "Exportera",
      "Mina inloggningar",
      "Kontrollera protokoll",
    ]);
    await page.getByRole("link", { name: "Händelselogg" }).click();
    await page
      .getByRole("heading", { level: 1, name: "Händelselogg" })
      .waitFor();
    const entries = page.locator("li.audit-entry");
    await entries.first().waitFor();
    await expectNoViolations(page, "audit log");
    expect(await entries.count()).toBe(50);

    // Older entries, a page at a time; focus goes to the first of them.
    await page.getByRole("button", { name: "Visa äldre händelser" }).click();
    await expect.poll(() => entries.count()).toBeGreaterThan(50);
    expect(
      await page.evaluate(() =>
        document.activeElement?.classList.contains("audit-entry"),
      ),
    ).toBe(true);

    await page
      .getByLabel("Typ av händelse")
      .selectOption({ label: "Personer, organisationer och inbjudningar" });
    await page.getByLabel("Sök", { exact: true }).fill("Maria Berg");
    await page.getByRole("button", { name: "Visa händelser" }).click();
    await expect
      .poll(async () =>
        (await entries.locator(".audit-action").allTextContents()).slice(0, 2),
      )
      .toEqual(["Aktiverade en person", "Avaktiverade en person"]);
    expect(await entries.first().textContent()).toContain("Karin Holm");
    expect(await entries.first().textContent()).toContain("Webben, 127.0.0.1");

    await page.getByLabel("Samrådsrundans nummer").fill("tre");
    await page.getByRole("button", { name: "Visa händelser" }).click();
    await expect
      .poll(() =>
        page.getByRole("alert").filter({ hasText: "rundans nummer" }).count(),
      )
      .toBe(1);
    await expectNoViolations(page, "audit log with a filter error");
    await page.getByRole("button", { name: "Rensa filtret" }).click();

    // The demo rounds' agenda work and preparation threads, each by its name.
    const actionsOfRound = async (round: string): Promise<string[]> => {
      await page
        .getByLabel("Typ av händelse")
        .selectOption({ label: "Dagordning, trådar och inlägg" });
      await page.getByLabel("Samrådsrundans nummer").fill(round);
      await page.getByRole("button", { name: "Visa händelser" }).click();
      await expect
        .poll(() => entries.first().textContent())
        .toContain(`runda ${round}`);
      return entries.locator(".audit-action").allTextContents();
    };
    expect(await actionsOfRound("4")).toEqual(
      expect.arrayContaining([
        "Föreslog en punkt på dagordningen",
        "Beslutade om en föreslagen punkt",
        "Flyttade en punkt på dagordningen",
        "Låste eller låste upp en tråd",
        "Fäste eller lossade ett inlägg",
      ]),
    );
    expect(await actionsOfRound("1")).toContain("Skapade en förberedelsetråd");
    await page.getByRole("button", { name: "Rensa filtret" }).click();
    await toEnglish(page);
    await page.getByRole("heading", { level: 1, name: "Audit log" }).waitFor();
    await entries.first().waitFor();
    await expectNoViolations(page, "audit log, English");
    await page.context().close();

    // A representative is offered neither the audit log nor the admin pages, and is told so.
    const anna = await app.pageLoggedInAs(people.anna);
    expect(await menu(anna)).toEqual([
      "Mina samrådsrundor",
      "Exportera",
      "Mina inloggningar",
      "Kontrollera protokoll",
    ]);
    await open(anna, "#/audit", "Händelselogg");
    expect(
      await anna
        .getByText("till för sekretariatet och administratörer")
        .count(),
    ).toBe(1);
    await open(anna, "#/admin/people", "Personer");
    expect(
      await anna.getByText("Det är administratörer som hanterar").count(),
    ).toBe(1);
    await expectNoViolations(anna, "people page refused");
    await anna.context().close();
  });
});

describe("on a phone", () => {
  it("the account pages fit a 390 px wide screen", async () => {
    const { page } = await app.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await loginAs(page, people.admin);
    for (const [hash, heading] of [
      ["#/admin/people", "Personer"],
      ["#/admin/organisations", "Organisationer"],
      ["#/audit", "Händelselogg"],
      ["#/sessions", "Mina inloggningar"],
    ] as const) {
      await open(page, hash, heading);
      await page.locator("li").last().waitFor();
      const width = await page.evaluate(
        () => document.documentElement.scrollWidth,
      );
      expect(width, hash).toBeLessThanOrEqual(390);
    }
    await page.context().close();
  });
});
