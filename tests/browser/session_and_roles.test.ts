// What each role is offered, language choice, errors in the chosen language, logout.
import { describe, expect, it } from "vitest";
import { people, setUpServerAndBrowser } from "./support/browser";

const app = setUpServerAndBrowser();

describe("roles", () => {
  it("an observer reads the content, without reply boxes, and is told why once", async () => {
    const page = await app.pageOnRoundAs(people.eva, 1);
    await page.locator("section.thread .post").first().waitFor();
    expect(await page.locator("textarea, form.composer").count()).toBe(0);
    expect(await page.locator(".reply-button").count()).toBe(0);
    expect(await page.locator("form.thread-form").count()).toBe(0);
    expect(await page.locator(":disabled").count()).toBe(0);
    expect(await page.locator(".write-note").textContent()).toContain(
      "observatör",
    );
    // Reading and citing is for everyone: posts still have their link.
    expect(await page.locator(".post .copy-link").count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it("the secretariat creates a thread that a representative sees live", async () => {
    const sara = await app.pageOnRoundAs(people.secretariat, 1);
    const anna = await app.pageOnRoundAs(people.anna, 1);
    expect(await anna.locator("form.thread-form").count()).toBe(0);
    const title = `Hur följs reformen upp? ${Date.now()}`;
    await sara.getByLabel("Rubrik för den nya tråden").fill(title);
    await sara.getByRole("button", { name: "Skapa tråd" }).click();
    const entry = anna.locator(".thread-list a", {
      has: anna.locator(".thread-link-title", { hasText: title }),
    });
    await expect.poll(() => entry.count(), { timeout: 10_000 }).toBe(1);
    expect(await entry.textContent()).toContain("0 inlägg");
    await entry.click();
    await anna.getByRole("heading", { name: title, exact: true }).waitFor();
    expect(anna.url()).toMatch(/#\/rounds\/1\/threads\/\d+$/);
    expect(
      await anna.getByLabel(`Nytt inlägg i tråden ${title}`).isEnabled(),
    ).toBe(true);
    await expect
      .poll(() => anna.locator("#announcer").textContent())
      .toContain(`Ny tråd: ${title}`);
    await sara.context().close();
    await anna.context().close();
  });

  it("a round the person may not see shows an error, not its content", async () => {
    const page = await app.pageLoggedInAs(people.erik); // Kiruna kommun is not invited to round 2
    await page.goto("/#/rounds/2");
    await expect
      .poll(() => page.locator("h1").textContent())
      .toBe("Samrådsrundan kunde inte visas");
    expect(await page.locator("main").textContent()).toContain("finns inte");
    await page.context().close();
  });
});

describe("language", () => {
  it("switches to English, remembers it, and shows server errors in English", async () => {
    const { page } = await app.newPage();
    await page.goto("/");
    await page.getByRole("button", { name: "English" }).click();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.lang))
      .toBe("en");
    expect(await page.locator("h1").textContent()).toBe("Log in");
    await page.reload();
    await page.getByLabel("Email address").fill(people.anna);
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect
      .poll(() => page.locator("#login-error").textContent())
      .toContain("Wrong email address or password");
    await page.getByLabel("Password").fill("samrad-demo");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect
      .poll(() => page.locator("h1").textContent())
      .toBe("My consultation rounds");
    expect(await page.locator("#connection-state").textContent()).toMatch(
      /Connect/,
    );
    await page.getByRole("button", { name: "Svenska" }).click();
    await expect
      .poll(() => page.locator("h1").textContent())
      .toBe("Mina samrådsrundor");
    await page.context().close();
  });
});

describe("drafts", () => {
  it("keep half-written text across a language switch and live updates", async () => {
    const anna = await app.pageOnRoundAs(people.anna, 1);
    const erik = await app.pageOnRoundAs(people.erik, 1);
    const title =
      (await anna.locator("section.thread h3").first().textContent()) ?? "";
    const draft = "Ett halvfärdigt inlägg";
    await anna.getByLabel(`Nytt inlägg i tråden ${title}`).fill(draft);
    await anna.getByRole("button", { name: "English" }).click();
    expect(
      await anna.getByLabel(`New post in the thread ${title}`).inputValue(),
    ).toBe(draft);
    // A live post from someone else does not disturb the text or the focus.
    await anna.getByLabel(`New post in the thread ${title}`).focus();
    await erik
      .getByLabel(`Nytt inlägg i tråden ${title}`)
      .fill("Kiruna svarar");
    await erik
      .getByLabel(`Nytt inlägg i tråden ${title}`)
      .press("Control+Enter");
    await expect
      .poll(() =>
        anna.locator(".post-text").filter({ hasText: "Kiruna svarar" }).count(),
      )
      .toBe(1);
    expect(
      await anna.getByLabel(`New post in the thread ${title}`).inputValue(),
    ).toBe(draft);
    expect(await anna.evaluate(() => document.activeElement?.tagName)).toBe(
      "TEXTAREA",
    );
    await anna.context().close();
    await erik.context().close();
  });
});

describe("logout", () => {
  it("ends the session: back to the login page, and a reload stays logged out", async () => {
    const page = await app.pageOnRoundAs(people.anna, 1);
    await page.getByRole("button", { name: "Logga ut" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Logga in");
    await page.reload();
    await page.getByLabel("E-postadress").waitFor();
    expect(await page.locator("h1").textContent()).toBe("Logga in");
    await page.context().close();
  });

  it("a session ended elsewhere sends the page to the login form with a notice", async () => {
    const first = await app.pageOnRoundAs(people.lars, 1);
    // The same session logs out from another tab of the same browser context.
    const other = await first.context().newPage();
    await other.goto("/");
    await other.getByRole("button", { name: "Logga ut" }).click();
    await expect
      .poll(() => first.locator("h1").textContent(), { timeout: 15_000 })
      .toBe("Logga in");
    expect(await first.locator(".notice").textContent()).toContain(
      "Du har loggats ut",
    );
    await first.context().close();
  });
});
