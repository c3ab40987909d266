// A side's preparation in the browser (issue 7): a municipal representative opens a preparation
// thread and writes in it; another municipality reads it live, a ministry and the secretariat
// see only that the municipal sector prepares, and an address of a preparation thread tells them
// it does not exist. A preparation post's link lands its reader in the preparation. axe-core
// finds no violations in the preparation, in Swedish and English.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import {
  expectNoViolations,
  people,
  setUpServerAndBrowser,
} from "./support/browser";

const app = setUpServerAndBrowser();
const ROUND = 1; // open, every demo organisation invited; both sides already prepare in it
const THREAD = "Samordning inför mötet";
const POST =
  "Malmö föreslår att vi enas om en gemensam linje om uppföljningen.";

function pageText(page: Page): Promise<string> {
  return page.locator("main").innerText();
}

describe("the municipal side's preparation", () => {
  let threadHref = "";
  let postHref = "";

  it("a municipal representative opens a preparation thread and writes in it; another municipality reads it live", async () => {
    const anna = await app.pageOnRoundAs(people.anna, ROUND);
    const erik = await app.pageOnRoundAs(people.erik, ROUND);
    await erik
      .getByRole("link", { name: /^Kommunsektorns förberedelser/ })
      .click();
    await erik
      .getByText("Här förbereder sig kommunsektorn inför samrådet.")
      .waitFor();

    await anna
      .getByRole("link", { name: /^Kommunsektorns förberedelser/ })
      .click();
    await expect
      .poll(() =>
        anna
          .getByRole("link", { name: /^Kommunsektorns förberedelser/ })
          .getAttribute("aria-current"),
      )
      .toBe("true");
    // Focus stays on the switch, as on a tab.
    expect(
      await anna.evaluate(() => document.activeElement?.textContent),
    ).toMatch(/^Kommunsektorns förberedelser/);
    expect(anna.url()).toMatch(/#\/rounds\/1\/preparation$/);
    // Only the agenda's tools live on the agenda: no proposal form in the preparation.
    expect(
      await anna.getByRole("heading", { name: "Föreslå en punkt" }).count(),
    ).toBe(0);
    await anna.getByLabel("Rubrik för den nya tråden").fill(THREAD);
    await anna.getByRole("button", { name: "Skapa tråd" }).click();
    const link = anna.locator(".thread-list a", { hasText: THREAD });
    await link.waitFor();
    await link.click();
    await anna.getByLabel(`Nytt inlägg i tråden ${THREAD}`).fill(POST);
    await anna.getByRole("button", { name: "Publicera inlägg" }).click();
    const post = anna.locator("article.post", { hasText: POST });
    await post.waitFor();
    threadHref = (await link.getAttribute("href"))!;
    postHref = (await post.locator("a.post-time").getAttribute("href"))!;
    expect(threadHref).toMatch(/^#\/rounds\/1\/threads\/\d+$/);

    // Erik, in the preparation, gets the thread and the post live, announced.
    await erik.locator(".thread-list a", { hasText: THREAD }).waitFor();
    await erik.locator(".thread-list a", { hasText: THREAD }).click();
    await erik.locator("article.post", { hasText: POST }).waitFor();
    await expect
      .poll(() => erik.locator("#announcer").textContent())
      .toMatch(/förberedelserna|Nytt inlägg i förberedelserna från Anna Lind/);
    await expectNoViolations(erik);

    // Back on the agenda, Erik's switch counts what is new in the preparation.
    const agenda = erik.getByRole("link", { name: /^Gemensamt samråd/ });
    await agenda.click();
    await expect.poll(() => agenda.getAttribute("aria-current")).toBe("true");
    await erik.locator(".thread-list a").first().waitFor();
    expect(await pageText(erik)).not.toContain(POST);
    await anna
      .getByLabel(`Nytt inlägg i tråden ${THREAD}`)
      .fill("Och om tidplanen.");
    await anna.getByRole("button", { name: "Publicera inlägg" }).click();
    await expect
      .poll(() =>
        erik
          .getByRole("link", { name: /^Kommunsektorns förberedelser/ })
          .textContent(),
      )
      .toMatch(/\d+ nya?$/);
    await anna.context().close();
    await erik.context().close();
  });

  it("a ministry and the secretariat see that the municipal sector prepares, nothing of what it writes", async () => {
    for (const email of [people.per, people.secretariat]) {
      const page = await app.pageOnRoundAs(email, ROUND);
      await expect
        .poll(() => page.locator(".round-facts").textContent())
        .toContain("Staten och kommunsektorn förbereder sig, var för sig");
      expect(
        await page
          .getByRole("link", { name: /^Kommunsektorns förberedelser/ })
          .count(),
      ).toBe(0);
      expect(await pageText(page)).not.toContain(POST);
      // The preparation thread's own address: as if it did not exist.
      await page.goto(`/${threadHref}`);
      await page.getByText("Tråden som länken pekar på finns inte").waitFor();
      await page.goto(`/${postHref}`);
      await page.getByText("Inlägget som länken pekar på finns inte").waitFor();
      expect(await pageText(page)).not.toContain(POST);
      expect(await pageText(page)).not.toContain(THREAD);
      if (email === people.per) {
        // The state side has a preparation of its own, and the secretariat none.
        await page
          .getByRole("link", { name: /^Statens förberedelser/ })
          .waitFor();
      } else {
        expect(await page.locator(".stream-switch").count()).toBe(0);
      }
      await page.context().close();
    }
  });

  it("a preparation post's link lands another municipality on that post, in the preparation", async () => {
    const maria = await app.pageLoggedInAs(people.maria);
    await maria.goto(`/${postHref}`);
    const target = maria.locator("article.post-target", { hasText: POST });
    await target.waitFor();
    await expect
      .poll(() => target.evaluate((el) => el === document.activeElement))
      .toBe(true);
    expect(
      await maria
        .getByRole("link", { name: /^Kommunsektorns förberedelser/ })
        .getAttribute("aria-current"),
    ).toBe("true");
    await maria.getByRole("button", { name: "English" }).click();
    await maria
      .getByRole("link", { name: /^Municipal sector preparation/ })
      .waitFor();
    await maria.getByText("Here the municipal sector prepares").waitFor();
    await expectNoViolations(maria);
    await maria.context().close();
  });
});
