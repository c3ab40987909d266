// The hostile Markdown and HTML corpus (support/hostile.ts: over a thousand payloads, each calling
// the samradXss hook with its number; hostile_markdown.test.ts reads it on the round page and in
// the composer's preview) on the other routes a post's text takes. Anna writes it as six posts of
// three versions each, so that every payload is in exactly one version (an earlier one or the
// current one); the round is then decided. Erik, of another organisation, opens every post's
// earlier versions on the round page; Anna previews every version in the edit form of a post of
// hers (in the open demo round); Erik downloads the discussion archive (archive.html) from the
// round page and opens it from disk, as people do, and the posts as CSV from the round page and
// from the export page, which must arrive as the exact text with a CSV type, as an attachment and
// with nosniff, and which Chromium saves instead of rendering. Nothing may call the hook, the CSP
// must report nothing and no rendered text may hold anything that could run or fetch. The
// record's own formats (record.html, record.json, the CSVs of positions and responses,
// records.json) carry no post text: the test says so, so that a format that starts carrying it
// gets covered here.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Download, Page } from "playwright-core";
import {
  cleanupAll,
  people,
  startServer,
  type SamradServer,
} from "../integration/support/server";
import {
  createOpenRound,
  organisationsByName,
  writeOutcome,
} from "../integration/support/rounds";
import { byHeader, spreadsheet } from "../integration/support/spreadsheet";
import {
  launchBrowser,
  loginAs,
  openRound,
  openThread,
  staticDir,
  Writer,
} from "./support/browser";
import {
  dangerousIn,
  executions,
  payloads,
  watchForExecution,
} from "./support/hostile";

const POSTS = 6;
const VERSIONS = 3;
const THREAD = "Fientliga versioner";
const EDIT_THREAD = "Fientlig redigering";
const perVersion = Math.ceil(payloads.length / (POSTS * VERSIONS));

// The last paragraph of each version, to tell that the whole version was rendered.
const sentinel = (p: number, v: number) =>
  `Slut på version ${v + 1} av inlägg ${p + 1}.`;

// bodies[p][v]: version v+1 of post p, a slice of the corpus and its sentinel.
const bodies: string[][] = Array.from({ length: POSTS }, (_, p) =>
  Array.from({ length: VERSIONS }, (_, v) => {
    const i = p * VERSIONS + v;
    const slice = payloads.slice(i * perVersion, (i + 1) * perVersion);
    return [...slice, sentinel(p, v)].join("\n\n");
  }),
);

let server: SamradServer;
let browser: Browser;
let downloads: string;
let round = 0;
let postIds: number[] = [];
let editPostId = 0;
const pageErrors: string[] = [];

beforeAll(async () => {
  // The limits relaxed (the fixture's default), as in hostile_markdown.test.ts.
  server = await startServer({ args: ["--static-dir", staticDir] });
  browser = await launchBrowser();
  downloads = mkdtempSync(join(tmpdir(), "samrad-hostile-"));
  const sec = await server.connectAs(people.secretariat);
  const orgs = await organisationsByName(sec);
  const created = await createOpenRound(sec, {
    title: "Fientlig text i alla format",
    invited: [orgs.get("Malmö stad")!.id, orgs.get("Kiruna kommun")!.id],
    agenda: [THREAD],
  });
  round = created.round;
  const thread = created.threads[0]!;
  const anna = new Writer(await server.connectAs(people.anna));
  postIds = [];
  for (const versions of bodies)
    postIds.push(await anna.post(round, thread, versions[0]!));
  for (let v = 1; v < VERSIONS; v++) {
    for (const [p, id] of postIds.entries()) {
      await anna.client.ok("edit_post", {
        round_id: round,
        post_id: id,
        body: bodies[p]![v]!,
      });
    }
  }
  // A post of Anna's in the demo's open round 1, for the edit form's preview.
  const editThread = await new Writer(sec).thread(1, EDIT_THREAD);
  editPostId = await anna.post(1, editThread, "Ett inlägg att ändra.");
  await anna.close();
  await sec.ok("change_phase", { round_id: round, phase: "closed" });
  await writeOutcome(sec, round);
  await sec.ok("change_phase", { round_id: round, phase: "decided" });
  await sec.close();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await cleanupAll();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

// A person's page with the hook and the record of CSP refusals, logged in.
async function personPage(email: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    locale: "sv-SE",
  });
  await watchForExecution(context);
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await loginAs(page, email);
  return page;
}

// Clicks the link and waits for the file it downloads.
async function download(page: Page, linkName: string): Promise<Download> {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: linkName, exact: true }).click(),
  ]);
  return file;
}

// Asks for the file as the page's person and checks that a browser can only save it: the given
// type, an attachment with this file name, and no sniffing. Returns its text.
async function servedAsAttachment(
  page: Page,
  path: string,
  type: string,
  filename: string,
): Promise<string> {
  const response = await page.context().request.get(path);
  expect(response.status(), path).toBe(200);
  const headers = response.headers();
  expect(headers["content-type"], path).toBe(type);
  expect(headers["content-disposition"], path).toBe(
    `attachment; filename="${filename}"`,
  );
  expect(headers["x-content-type-options"], path).toBe("nosniff");
  // Even opened in place, no inline script would run on the site's origin.
  expect(headers["content-security-policy"], path).toMatch(
    /default-src 'self'/,
  );
  expect(headers["content-security-policy"], path).not.toMatch(/unsafe-inline/);
  return response.text();
}

// Going to the address itself in a tab downloads the file; nothing is rendered in its place.
async function navigationDownloads(page: Page, path: string): Promise<void> {
  const before = page.url();
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.goto(path).catch(() => null),
  ]);
  expect(file.url()).toBe(new URL(path, server.baseUrl).href);
  expect(page.url()).toBe(before);
}

// The round's posts in a posts CSV hold exactly the current text of each, as text (a cell that a
// spreadsheet would take for a formula has the quote in front, CWE-1236), with every version
// counted.
function expectCurrentTexts(text: string): void {
  const rows = byHeader(spreadsheet(text)).filter(
    (r) => r.Runda === String(round),
  );
  expect(rows.map((r) => Number(r.Inlägg))).toEqual(postIds);
  expect(rows.map((r) => r.Versioner)).toEqual(
    postIds.map(() => String(VERSIONS)),
  );
  expect(rows.map((r) => r.Text)).toEqual(
    bodies.map((versions) => {
      const current = versions[VERSIONS - 1]!;
      return /^[=+\-@\t\r]/.test(current) ? `'${current}` : current;
    }),
  );
}

describe("hostile Markdown beyond the round page", () => {
  it("holds every payload once, in an earlier or the current version of a post", () => {
    expect(payloads.length).toBeGreaterThanOrEqual(1000);
    const joined = bodies.flat().join("\n\n");
    for (let n = 1; n <= payloads.length; n++)
      expect(joined).toContain(payloads[n - 1]!);
    for (const versions of bodies)
      expect(
        new TextEncoder().encode(versions.join("\n\n")).length,
      ).toBeLessThanOrEqual(20000);
  });

  it("shows every version of the hostile posts inertly to another person", async () => {
    const page = await personPage(people.erik);
    const requests: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(server.baseUrl))
        requests.push(request.url());
    });
    await openRound(page, round);
    await openThread(page, THREAD);
    for (const [p, id] of postIds.entries()) {
      const item = page.locator(`#post-${id}`);
      await item
        .getByRole("button", { name: /^Visa tidigare versioner/ })
        .click();
      const versions = item.locator(".post-versions .post-version-list > li");
      await expect.poll(() => versions.count()).toBe(VERSIONS);
      const texts = await versions.locator(".post-text").allTextContents();
      texts.forEach((text, v) => expect(text).toContain(sentinel(p, v)));
    }
    // Let anything that would run, load or fail do so.
    await page.waitForTimeout(300);
    expect(
      await page.locator("section.thread .post-versions .post-text").count(),
    ).toBe(POSTS * VERSIONS);
    expect(
      await dangerousIn(page, "section.thread article .post-text"),
    ).toEqual([]);
    expect(await executions(page)).toEqual({ xssCalls: [], cspReports: [] });
    expect(requests).toEqual([]);
    await page.context().close();
  });

  it("previews every hostile version inertly in the edit form", async () => {
    const page = await personPage(people.anna);
    await openRound(page, 1);
    await openThread(page, EDIT_THREAD);
    const item = page.locator(`#post-${editPostId}`);
    await item.getByRole("button", { name: /^Redigera/ }).click();
    const form = item.locator("form.post-action-form");
    await form.getByRole("button", { name: "Förhandsgranska" }).click();
    const field = form.getByLabel("Ändra ditt inlägg");
    const preview = form.locator(".composer-preview");
    // A post's three versions at a time: under the limit of one post (20000 bytes).
    for (const [p, versions] of bodies.entries()) {
      // Set at once, as pasting does (typing it with fill takes seconds for a text this long).
      await field.evaluate((el, text) => {
        (el as HTMLTextAreaElement).value = text;
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }, versions.join("\n\n"));
      // The preview follows the text as it is written (150 ms after the last change).
      await expect
        .poll(() => preview.textContent(), { interval: 50 })
        .toContain(sentinel(p, VERSIONS - 1));
      const text = (await preview.textContent()) ?? "";
      versions.forEach((_, v) => expect(text).toContain(sentinel(p, v)));
      expect(
        await dangerousIn(page, `#post-${editPostId} .composer-preview`),
        `post ${p + 1}`,
      ).toEqual([]);
    }
    await page.waitForTimeout(300);
    expect(await executions(page)).toEqual({ xssCalls: [], cspReports: [] });
    await form.getByRole("button", { name: "Avbryt" }).click();
    await page.context().close();
  });

  it("keeps every version inert in the discussion archive opened from disk", async () => {
    const page = await personPage(people.erik);
    await openRound(page, round);
    const name = `diskussion-runda-${round}.html`;
    const file = await download(page, "Hela diskussionen för utskrift (HTML)");
    expect(file.suggestedFilename()).toBe(name);
    const path = join(downloads, name);
    await file.saveAs(path);
    await servedAsAttachment(
      page,
      `/api/export/rounds/${round}/archive.html`,
      "text/html; charset=utf-8",
      name,
    );
    await navigationDownloads(page, `/api/export/rounds/${round}/archive.html`);
    expect(await executions(page)).toEqual({ xssCalls: [], cspReports: [] });

    // Opened from disk in the same browser (the hook is defined there too).
    const archive = await page.context().newPage();
    const refusals: string[] = [];
    archive.on("console", (message) => {
      if (/Content Security Policy|Refused to/.test(message.text()))
        refusals.push(message.text());
    });
    archive.on("pageerror", (error) => pageErrors.push(error.message));
    await archive.goto(pathToFileURL(path).href);
    expect(
      await archive.evaluate(
        () =>
          typeof (window as unknown as { samradXss?: unknown }).samradXss ===
          "function",
      ),
    ).toBe(true);
    expect(
      await archive
        .locator('meta[http-equiv="Content-Security-Policy"]')
        .getAttribute("content"),
    ).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]{43}='$/);
    // Every version of every post, each rendered to its end.
    for (const [p, id] of postIds.entries()) {
      const texts = await archive
        .locator(`#inlagg-${id} .markdown`)
        .allTextContents();
      expect(texts.length).toBe(VERSIONS);
      texts.forEach((text, v) => expect(text).toContain(sentinel(p, v)));
    }
    // Let anything that would run, load or fail do so.
    await archive.waitForTimeout(300);
    expect(archive.url()).toBe(pathToFileURL(path).href);
    expect(await dangerousIn(archive, ".post .markdown")).toEqual([]);
    expect(await executions(archive)).toEqual({ xssCalls: [], cspReports: [] });
    expect(refusals).toEqual([]);
    await page.context().close();
  });

  it("hands out the posts as CSV text that a browser only saves, and nowhere else", async () => {
    const page = await personPage(people.erik);
    // One round's posts, from the round page.
    await openRound(page, round);
    const name = `inlagg-runda-${round}.csv`;
    const file = await download(page, "Alla inlägg (CSV för kalkylblad)");
    expect(file.suggestedFilename()).toBe(name);
    expectCurrentTexts(readFileSync((await file.path())!, "utf8"));
    const path = `/api/export/rounds/${round}/posts.csv`;
    expectCurrentTexts(
      await servedAsAttachment(page, path, "text/csv; charset=utf-8", name),
    );
    await navigationDownloads(page, path);

    // Every round's posts, from the export page.
    await page
      .getByRole("navigation", { name: "Huvudmeny" })
      .getByRole("link", { name: "Exportera" })
      .click();
    await page.locator(".export-count").waitFor();
    const bulk = await download(
      page,
      "Inläggen i rundornas diskussioner, alla faser (CSV för kalkylblad)",
    );
    expect(bulk.suggestedFilename()).toBe("inlagg.csv");
    expectCurrentTexts(readFileSync((await bulk.path())!, "utf8"));
    expectCurrentTexts(
      await servedAsAttachment(
        page,
        "/api/export/posts.csv",
        "text/csv; charset=utf-8",
        "inlagg.csv",
      ),
    );
    await navigationDownloads(page, "/api/export/posts.csv");
    expect(await executions(page)).toEqual({ xssCalls: [], cspReports: [] });

    // The record's own formats carry no post text (if one ever does, it belongs in this file).
    for (const path of [
      `/api/export/rounds/${round}/record.html`,
      `/api/export/rounds/${round}/record.json`,
      `/api/export/rounds/${round}/positions.csv`,
      `/api/export/rounds/${round}/responses.csv`,
      `/api/rounds/${round}/record`,
      "/api/export/records.json",
      "/api/export/positions.csv",
      "/api/export/responses.csv",
    ]) {
      const response = await page.context().request.get(path);
      expect(response.status(), path).toBe(200);
      const text = await response.text();
      expect(text, path).not.toContain("samradXss");
      expect(text, path).not.toContain(sentinel(0, 0));
    }
    await page.context().close();
  });
});
