// Who is here, in the browser (issue 9): Anna Lind opens round 1 and finds "Här nu" by its
// heading, listing herself (marked "du") with her organisation; Erik Nilsson opening the round
// appears in her list within the 10 s refresh, and disappears after he leaves. The list is not a
// live region (nothing is read out as it changes). axe-core finds no violations in Swedish and
// English.
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
const ROUND = 1; // open, every demo organisation invited
const REFRESH_MS = 10_000;

function hereNow(page: Page, heading: string) {
  return page.getByRole("region", { name: heading });
}

async function listed(page: Page, heading = "Här nu"): Promise<string[]> {
  return hereNow(page, heading).getByRole("listitem").allTextContents();
}

async function waitForList(page: Page, expected: string[]): Promise<void> {
  await expect
    .poll(() => listed(page), { timeout: REFRESH_MS + 5_000, interval: 250 })
    .toEqual(expected);
}

describe("Här nu", () => {
  it("lists who is in the round and follows them coming and going", async () => {
    const { page: anna } = await app.newPage();
    await loginAs(anna, people.anna);
    await openRound(anna, ROUND);
    await hereNow(anna, "Här nu")
      .getByRole("heading", { level: 2, name: "Här nu" })
      .waitFor();
    await waitForList(anna, ["Anna Lind (du), Malmö stad (Kommun)"]);
    expect(await hereNow(anna, "Här nu").getAttribute("aria-live")).toBeNull();
    expect(await anna.locator(".presence [aria-live]").count()).toBe(0);

    const { page: erik } = await app.newPage();
    await loginAs(erik, people.erik);
    await openRound(erik, ROUND);
    await waitForList(erik, [
      "Anna Lind, Malmö stad (Kommun)",
      "Erik Nilsson (du), Kiruna kommun (Kommun)",
    ]);
    await waitForList(anna, [
      "Anna Lind (du), Malmö stad (Kommun)",
      "Erik Nilsson, Kiruna kommun (Kommun)",
    ]);
    await expectNoViolations(anna, "Anna, Swedish");

    await erik.close();
    await waitForList(anna, ["Anna Lind (du), Malmö stad (Kommun)"]);

    await anna.getByRole("button", { name: "English" }).click();
    await hereNow(anna, "Here now").waitFor();
    expect(await listed(anna, "Here now")).toEqual([
      "Anna Lind (you), Malmö stad (Municipality)",
    ]);
    await expectNoViolations(anna, "Anna, English");
  }, 60_000);
});
