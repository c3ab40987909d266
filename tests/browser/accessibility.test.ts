// Accessibility: axe-core finds no violations on the login page, the rounds list and a round
// page (Swedish and English); landmarks, one h1, labelled controls, and a keyboard-only login.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import {
  expectNoViolations,
  openRound,
  people,
  setUpServerAndBrowser,
} from "./support/browser";

const app = setUpServerAndBrowser();

async function structure(page: Page): Promise<{
  h1: number;
  main: number;
  header: number;
  nav: number;
  lang: string | null;
}> {
  return page.evaluate(() => ({
    h1: document.querySelectorAll("h1").length,
    main: document.querySelectorAll("main").length,
    header: document.querySelectorAll("body header").length,
    nav: document.querySelectorAll("nav").length,
    lang: document.documentElement.getAttribute("lang"),
  }));
}

describe("axe-core", () => {
  it("finds no violations on the login page, also with an error shown", async () => {
    const { page } = await app.newPage();
    await page.goto("/");
    await page.getByLabel("E-postadress").waitFor();
    expect(await structure(page)).toMatchObject({ h1: 1, main: 1, lang: "sv" });
    await expectNoViolations(page);
    await page.getByLabel("E-postadress").fill("anna.lind@malmo.example");
    await page.getByLabel("Lösenord").fill("fel-lösenord");
    await page.getByRole("button", { name: "Logga in" }).click();
    await expect
      .poll(() => page.locator("#login-error").textContent())
      .toContain("Fel e-postadress eller lösenord");
    await expectNoViolations(page);
    await page.context().close();
  });

  it("finds no violations on the rounds list and the round page", async () => {
    const page = await app.pageLoggedInAs(people.anna);
    expect(await structure(page)).toMatchObject({
      h1: 1,
      main: 1,
      header: 1,
      nav: 1,
    });
    await expectNoViolations(page);
    await openRound(page, 1);
    // The main menu, the switch between the agenda and the municipal side's preparation, and
    // the round's list of threads.
    expect(await structure(page)).toMatchObject({
      h1: 1,
      main: 1,
      header: 1,
      nav: 3,
    });
    // With a reply composer open as well.
    await page.locator(".reply-button").first().click();
    await expectNoViolations(page);
    await page.context().close();
  });

  it("finds no violations for an observer and for the secretariat, in English", async () => {
    const page = await app.pageLoggedInAs(people.eva);
    await page.getByRole("button", { name: "English" }).click();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.lang))
      .toBe("en");
    await openRound(page, 1);
    await expectNoViolations(page);
    await page.context().close();

    const secretariat = await app.pageOnRoundAs(people.secretariat, 3); // the draft round
    await expectNoViolations(secretariat);
    await secretariat.context().close();
  });
});

describe("keyboard only", () => {
  it("logs in, opens a round and posts without a mouse", async () => {
    const { page } = await app.newPage();
    await page.goto("/");
    await page.getByLabel("E-postadress").waitFor();
    const focused = (): Promise<string> =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return "";
        const label = el.id
          ? document.querySelector(`label[for="${el.id}"]`)?.textContent
          : null;
        return `${el.tagName.toLowerCase()}:${label ?? el.textContent?.trim() ?? ""}`;
      });

    // The skip link comes first and moves focus to the main content.
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("a:Hoppa till huvudinnehållet");
    expect(await page.locator(".skip-link").boundingBox()).not.toBeNull();
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");

    // Tab on to the email field, type, Tab to the password, Enter submits.
    for (
      let i = 0;
      i < 10 && (await focused()) !== "input:E-postadress";
      i += 1
    )
      await page.keyboard.press("Tab");
    expect(await focused()).toBe("input:E-postadress");
    await page.keyboard.type(people.anna);
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("input:Lösenord");
    await page.keyboard.type("samrad-demo");
    await page.keyboard.press("Enter");
    await expect
      .poll(() => page.locator("h1").textContent())
      .toBe("Mina samrådsrundor");
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe(
      "H1",
    );

    // Tab to the first round's link and open it with Enter.
    for (
      let i = 0;
      i < 20 && !(await focused()).startsWith("a:Generella statsbidrag");
      i += 1
    ) {
      await page.keyboard.press("Tab");
    }
    expect(await focused()).toBe("a:Generella statsbidrag som huvudprincip");
    await page.keyboard.press("Enter");
    await page.locator("section.thread").first().waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe(
      "H1",
    );

    // Tab to the first thread's composer, write, send with Ctrl+Enter.
    for (
      let i = 0;
      i < 200 && !(await focused()).startsWith("textarea:Nytt inlägg i tråden");
      i += 1
    ) {
      await page.keyboard.press("Tab");
    }
    expect(await focused()).toMatch(/^textarea:Nytt inlägg i tråden /);
    const text = `Skrivet med tangentbordet ${Date.now()}`;
    await page.keyboard.type(text);
    await page.keyboard.press("Control+Enter");
    await expect
      .poll(() => page.locator(".post-text").filter({ hasText: text }).count())
      .toBe(1);
    await page.context().close();
  });
});
