// Who has answered, in the browser (issue 7): the secretariat opens round 1 and sees, in a table,
// which invited organisations have taken part and which have not ("Har inte deltagit ännu"), and
// the reminder the demo data holds; it reminds Malmö stad with a message from the table, sees
// what that came to next to the button, and the table follows new posts. Anna Lind of Malmö
// sees the reminder at the top of her round page live (and announced), and when she opens the
// round again, until she dismisses it; an observer of another organisation sees nothing of it.
// axe-core finds no violations in Swedish and English (a decided round's wider table included,
// which a keyboard scrolls), and nothing scrolls sideways on a phone.
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
const MESSAGE = "Vi saknar Malmö stads synpunkter om uppföljningen.";

/** The table's row of an organisation: its whole text. */
function rowText(page: Page, organisation: string): Promise<string | null> {
  return page
    .locator(".participation-table tbody tr", {
      has: page.locator("th", { hasText: organisation }),
    })
    .textContent();
}

/** One cell of an organisation's row, by its column's name (the cell's data-label). */
function cellText(
  page: Page,
  organisation: string,
  column: string,
): Promise<string | null> {
  return page
    .locator(".participation-table tbody tr", {
      has: page.locator("th", { hasText: organisation }),
    })
    .locator(`td[data-label="${column}"]`)
    .textContent();
}

function reminderNotices(page: Page) {
  return page.locator(".reminder-notice");
}

describe("who has answered", () => {
  it("the secretariat sees who has not taken part, reminds Malmö stad, and Anna Lind sees it live", async () => {
    const anna = await app.pageOnRoundAs(people.anna, ROUND);
    const eva = await app.pageOnRoundAs(people.eva, ROUND);
    const sec = await app.pageOnRoundAs(people.secretariat, ROUND);
    // Representatives and observers have no table.
    expect(
      await anna.getByRole("heading", { name: "Vilka har svarat" }).count(),
    ).toBe(0);
    expect(
      await eva.getByRole("heading", { name: "Vilka har svarat" }).count(),
    ).toBe(0);

    await sec.getByRole("heading", { name: "Vilka har svarat" }).waitFor();
    const table = sec.getByRole("table", {
      name: "Inbjudna organisationer och hur de har deltagit",
    });
    await table.waitFor();
    expect(
      await table.locator("thead th[scope='col']").allTextContents(),
    ).toEqual([
      "Organisation",
      "Ställningstagande",
      "Inlägg i samrådet",
      "Inlägg i förberedelserna",
      "Senaste inlägg",
      "Påminnelser",
      "Åtgärd",
    ]);
    // Utbildningsdepartementet has not taken part and was reminded in the demo data.
    const utbildning = await rowText(sec, "Utbildningsdepartementet");
    expect(utbildning).toContain("Har inte deltagit ännu");
    expect(
      await cellText(sec, "Utbildningsdepartementet", "Påminnelser"),
    ).toMatch(/^1, senast /);
    const malmo = await rowText(sec, "Malmö stad");
    expect(malmo).not.toContain("Har inte deltagit ännu");
    expect(malmo).toContain("Kommunsektorn");
    expect(await sec.locator(".participation-summary").textContent()).toMatch(
      /^\d+ av 11 inbjudna organisationer har deltagit\.$/,
    );

    // Remind Malmö stad, with a message.
    await sec.getByRole("button", { name: "Påminn Malmö stad" }).click();
    const field = sec.getByLabel("Meddelande (frivilligt)");
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(
      true,
    );
    await field.fill(MESSAGE);
    await sec.getByRole("button", { name: "Skicka påminnelse" }).click();
    await sec
      .getByRole("status")
      .filter({ hasText: "Påminnelsen till Malmö stad är skickad." })
      .waitFor();
    expect(
      await sec
        .getByRole("button", { name: "Påminn Malmö stad" })
        .evaluate((el) => el === document.activeElement),
    ).toBe(true);
    await expect
      .poll(() => cellText(sec, "Malmö stad", "Påminnelser"))
      .toMatch(/^1, senast /);

    // Anna Lind sees it at the top of the round page, and hears it.
    const notice = reminderNotices(anna).first();
    await notice.waitFor();
    expect(await notice.textContent()).toContain(
      `Sekretariatet påminner Malmö stad: ${MESSAGE}`,
    );
    expect(await notice.locator("time").count()).toBe(1);
    await expect
      .poll(() => anna.locator("#announcer").textContent())
      .toContain(`Sekretariatet påminner Malmö stad: ${MESSAGE}`);
    // Eva Lund (Finansdepartementet) sees no notice and hears nothing of it.
    await eva.waitForTimeout(500);
    expect(await reminderNotices(eva).count()).toBe(0);
    expect(await eva.locator("#announcer").textContent()).not.toContain(
      "påminner",
    );

    // A post from a ministry that had only prepared shows in the table without a reload.
    expect(
      await cellText(sec, "Socialdepartementet", "Inlägg i samrådet"),
    ).toBe("0");
    const ida = await app.writerAs(people.ida);
    await ida.post(
      ROUND,
      1,
      "Socialdepartementet svarar i den gemensamma tråden.",
    );
    await ida.close();
    await expect
      .poll(() => cellText(sec, "Socialdepartementet", "Inlägg i samrådet"), {
        timeout: 10_000,
      })
      .toBe("1");

    await expectNoViolations(sec, "secretariat, Swedish");
    await expectNoViolations(anna, "Anna with the reminder, Swedish");
    await Promise.all([sec.context().close(), eva.context().close()]);

    // When Anna opens the round again the reminder is there until she dismisses it.
    await anna.reload();
    await reminderNotices(anna).first().waitFor();
    await anna
      .getByRole("button", { name: "Stäng påminnelsen" })
      .first()
      .click();
    await expect.poll(() => reminderNotices(anna).count()).toBe(0);
    expect(
      await anna.evaluate(() => document.activeElement?.tagName ?? null),
    ).toBe("H1");
    await anna.reload();
    await anna.locator(".round-meta").waitFor();
    await anna.waitForTimeout(300);
    expect(await reminderNotices(anna).count()).toBe(0);
    await anna.context().close();
  });

  it("a too long message is refused at the field; Escape closes the form", async () => {
    const sec = await app.pageOnRoundAs(people.secretariat, ROUND);
    await sec.getByRole("button", { name: "Påminn Kiruna kommun" }).click();
    await sec.getByLabel("Meddelande (frivilligt)").fill("å".repeat(1001));
    await sec.getByRole("button", { name: "Skicka påminnelse" }).click();
    await sec
      .locator(".field-error")
      .filter({ hasText: "Texten är för lång. Ta bort minst" })
      .waitFor();
    expect(await cellText(sec, "Kiruna kommun", "Påminnelser")).toBe("Inga");
    await sec.getByLabel("Meddelande (frivilligt)").press("Escape");
    expect(await sec.getByLabel("Meddelande (frivilligt)").count()).toBe(0);
    expect(
      await sec
        .getByRole("button", { name: "Påminn Kiruna kommun" })
        .evaluate((el) => el === document.activeElement),
    ).toBe(true);
    await sec.context().close();
  });
});

describe("a decided round's table", () => {
  it("scrolls sideways by keyboard where it is wider than the page, and axe finds nothing", async () => {
    // Round 5 is decided: its table has the columns of positions, so it may be wider than the page.
    const sec = await app.pageOnRoundAs(people.secretariat, 5);
    await sec.setViewportSize({ width: 1280, height: 900 });
    const box = sec.getByRole("region", {
      name: "Inbjudna organisationer och hur de har deltagit",
    });
    await box.waitFor();
    expect(await box.getAttribute("tabindex")).toBe("0");
    await expectNoViolations(sec, "secretariat, decided round 5");
    await sec.context().close();
  });
});

describe("in English and on a phone", () => {
  it("has no axe violations in English with the form open, and the table fits 390 px", async () => {
    const sec = await app.pageOnRoundAs(people.secretariat, ROUND);
    await sec.getByRole("button", { name: "English" }).click();
    await sec.getByRole("heading", { name: "Who has answered" }).waitFor();
    await sec.getByRole("button", { name: "Remind Region Skåne" }).click();
    await sec.getByLabel("Message (optional)").waitFor();
    await expectNoViolations(sec, "secretariat, English, form open");
    await sec.context().close();

    const { page: phone } = await app.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await loginAs(phone, people.secretariat);
    await openRound(phone, ROUND);
    await phone.locator(".participation-table tbody tr").first().waitFor();
    await phone.getByRole("button", { name: "Påminn Region Skåne" }).click();
    await phone.getByLabel("Meddelande (frivilligt)").waitFor();
    const widths = await phone.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(widths.scrollWidth).toBeLessThanOrEqual(widths.clientWidth);
    await expectNoViolations(phone, "secretariat on a phone");
    await phone.context().close();

    // A reminded representative's page in English.
    const writer = await app.writerAs(people.secretariat);
    const { organisations } = await writer.client.ok<{
      organisations: Array<{ id: number; name: string }>;
    }>("list_organisations");
    const skane = organisations.find((o) => o.name === "Region Skåne")!;
    await writer.client.ok("send_reminder", {
      round_id: ROUND,
      organisation_id: skane.id,
    });
    await writer.close();
    const maria = await app.pageOnRoundAs(people.maria, ROUND);
    await maria.getByRole("button", { name: "English" }).click();
    await maria
      .getByText(
        "The secretariat reminds Region Skåne to take part in the consultation.",
      )
      .waitFor();
    await expectNoViolations(maria, "reminded representative, English");
    await maria.context().close();
  });
});
