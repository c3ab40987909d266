// A draft's agenda in the browser (issue 7: "Either side may propose an agenda item while the
// round is a draft or open"): Anna of Malmö stad, invited to a draft the secretariat created,
// finds it on her rounds list marked as a draft, reads its proposal and agenda, and proposes an
// item with the form; the page says the round has not opened, and offers no post boxes. The
// secretariat accepts the item and opens the round; Anna sees both live and posts in her item.
// axe-core finds no violations, on a desktop and a phone, in Swedish and English. With
// SAMRAD_SCREENSHOTS set to a directory, the draft page is saved there at 1280×900 and 390×844.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import {
  expectNoViolations,
  people,
  setUpServerAndBrowser,
  type Writer,
  waitForConnection,
} from "./support/browser";

const app = setUpServerAndBrowser();
const TITLE = "Tillitsbaserad uppföljning av skolans kompetensförsörjning";
const QUESTION = "Vilka krav på uppföljning kan tas bort?";
const ITEM = "Små kommuners förutsättningar";
// The planned opening time: the round opens only when the secretariat opens it.
const OPENS_AT = "2031-03-03T08:00:00.000Z";

let sec: Writer;
let roundId = 0;
let anna: Page;

/** The page's width that scrolls sideways (0 when nothing does). */
function overflow(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      document.documentElement.scrollWidth -
      document.documentElement.clientWidth,
  );
}

async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SAMRAD_SCREENSHOTS;
  if (dir) await page.screenshot({ path: join(dir, name), fullPage: true });
}

beforeAll(async () => {
  sec = await app.writerAs(people.secretariat);
  const { organisations } = await sec.client.ok<{
    organisations: Array<{ id: number; name: string }>;
  }>("list_organisations");
  const id = (name: string) => organisations.find((o) => o.name === name)!.id;
  roundId = (
    await sec.client.ok<{ round_id: number }>("create_round", {
      title: TITLE,
      proposal:
        "## Förslag\n\nStaten följer upp skolans kompetensförsörjning i dialog med huvudmännen.",
      kind: "plenary",
      sectors: ["school"],
      invited: [id("Malmö stad"), id("Utbildningsdepartementet")],
      opens_at: OPENS_AT,
      agenda: [QUESTION],
    })
  ).round_id;
});

afterAll(async () => {
  await sec.close();
});

describe("a representative in a draft round", () => {
  it("finds the draft on her rounds list, marked as a draft", async () => {
    anna = await app.pageLoggedInAs(people.anna);
    const card = anna.locator(".round-card", { hasText: TITLE });
    await card.waitFor();
    expect(await card.locator(".phase").textContent()).toBe("Utkast");
    await expectNoViolations(anna);
  });

  it("reads its proposal and agenda, is told it has not opened, and has no post boxes", async () => {
    await anna.getByRole("link", { name: TITLE }).click();
    await anna.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    await waitForConnection(anna, "connected");
    expect(await anna.locator(".round-facts .phase").textContent()).toBe(
      "Utkast",
    );
    expect(await anna.locator(".proposal").first().textContent()).toContain(
      "Staten följer upp skolans kompetensförsörjning",
    );
    expect(
      await anna.locator(".thread-list .thread-link-title").allTextContents(),
    ).toEqual([QUESTION]);
    const opens = new Intl.DateTimeFormat("sv-SE", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "Europe/Stockholm",
    }).format(new Date(OPENS_AT));
    expect(await anna.locator(".write-note").textContent()).toBe(
      `Samrådsrundan är ett utkast och öppnar ${opens}. Inlägg kan skrivas när sekretariatet har öppnat den.`,
    );
    await anna.locator("section.thread h3", { hasText: QUESTION }).waitFor();
    // The one text box on the page is the proposal form's motivation: no post boxes.
    expect(await anna.locator("textarea").count()).toBe(1);
    expect(await anna.locator("section.thread textarea").count()).toBe(0);
    await anna.getByRole("heading", { name: "Föreslå en punkt" }).waitFor();
    await expectNoViolations(anna);

    await anna.setViewportSize({ width: 1280, height: 900 });
    await screenshot(anna, "draft-anna-1280.png");
    await anna.setViewportSize({ width: 390, height: 844 });
    expect(await overflow(anna)).toBe(0);
    await expectNoViolations(anna);
    await screenshot(anna, "draft-anna-390.png");
    await anna.setViewportSize({ width: 1280, height: 900 });
  });

  it("proposes an agenda item with the form", async () => {
    await anna.getByLabel("Rubrik").fill(ITEM);
    await anna
      .getByLabel("Motivering (frivillig)")
      .fill("Förslaget säger inget om kommuner med få lärare.");
    await anna.getByRole("button", { name: "Föreslå punkten" }).click();
    await anna
      .getByRole("status")
      .filter({ hasText: `Din punkt ”${ITEM}” är föreslagen.` })
      .waitFor();
    await expect
      .poll(() =>
        anna.locator(".thread-list a", { hasText: ITEM }).first().textContent(),
      )
      .toContain("Föreslagen punkt");
    await expectNoViolations(anna);
  });

  it("sees the secretariat accept it and open the round live, and then posts in her item", async () => {
    const { rounds } = await sec.client.ok<{
      rounds: Array<{ id: number; head_seq: number }>;
    }>("list_rounds");
    const head = rounds.find((r) => r.id === roundId)!.head_seq;
    const subscribed = await sec.client.subscribe(roundId, 0);
    expect(subscribed.head_seq).toBe(head);
    const proposed = subscribed.replay.find(
      (e) => e.kind === "agenda_item_proposed",
    )!;
    await sec.client.ok("decide_agenda_item", {
      round_id: roundId,
      thread_id: proposed.data.thread_id,
      accept: true,
      reason: "Vi tar upp det.",
    });
    await anna.getByRole("link", { name: "Visa punkten" }).click();
    await expect
      .poll(() => anna.locator("section.thread").first().textContent())
      .toContain("Togs upp på dagordningen av Sara Ekström");
    // Accepted, but the round is still a draft: no post box yet.
    expect(await anna.locator("section.thread textarea").count()).toBe(0);

    await sec.client.ok("change_phase", { round_id: roundId, phase: "open" });
    await expect
      .poll(() => anna.locator(".round-facts .phase").textContent())
      .toBe("Öppen");
    expect(await anna.locator(".write-note").count()).toBe(0);
    const box = anna.getByLabel(`Nytt inlägg i tråden ${ITEM}`);
    await box.fill("Vi har tre lärare på hela högstadiet.");
    await anna.getByRole("button", { name: "Publicera" }).first().click();
    await expect
      .poll(() =>
        anna
          .locator(".post-text", {
            hasText: "Vi har tre lärare på hela högstadiet.",
          })
          .count(),
      )
      .toBe(1);
    await expectNoViolations(anna);
  });

  it("has no axe violations in English on the draft page of another draft", async () => {
    const { organisations } = await sec.client.ok<{
      organisations: Array<{ id: number; name: string }>;
    }>("list_organisations");
    const malmo = organisations.find((o) => o.name === "Malmö stad")!.id;
    const { round_id } = await sec.client.ok<{ round_id: number }>(
      "create_round",
      {
        title: "Ännu ett utkast",
        proposal: "Ett förslag.",
        kind: "plenary",
        invited: [malmo],
        agenda: ["En fråga"],
      },
    );
    await anna.getByRole("button", { name: "English" }).click();
    await expect
      .poll(() => anna.evaluate(() => document.documentElement.lang))
      .toBe("en");
    await anna.goto(`/#/rounds/${round_id}`);
    await anna.locator(".round-meta").waitFor();
    await waitForConnection(anna, "connected");
    expect(await anna.locator(".write-note").textContent()).toBe(
      "The consultation round is a draft and has not opened yet. Posts can be written once the secretariat has opened it.",
    );
    await anna
      .getByRole("heading", { name: "Propose an agenda item" })
      .waitFor();
    await expectNoViolations(anna);
    await anna.setViewportSize({ width: 390, height: 844 });
    expect(await overflow(anna)).toBe(0);
    await expectNoViolations(anna);
    await anna.context().close();
  });
});
