// The printed record and the discussion archive are files people open from disk: their own
// Content-Security-Policy names the one stylesheet by its hash (no 'unsafe-inline'). Opened in
// real Chromium, the stylesheet applies and nothing is refused: a hash that did not match the
// stylesheet would leave the document unstyled, with a CSP message in the console.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { repoRoot } from "../integration/support/server";
import { launchBrowser } from "./support/browser";

const golden = join(repoRoot, "tests/unit/records/golden");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(["record.html", "archive.html"])(
  "%s opened from disk",
  (file) => {
    it("is styled by its stylesheet, with no inline style allowed and no CSP refusal", async () => {
      const page = await browser.newPage();
      const refusals: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy|Refused to/.test(message.text()))
          refusals.push(message.text());
      });
      await page.goto(pathToFileURL(join(golden, file)).href);
      const csp = await page
        .locator('meta[http-equiv="Content-Security-Policy"]')
        .getAttribute("content");
      expect(csp).toMatch(
        /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]{43}='$/,
      );
      const styled = await page.evaluate(() => ({
        font: getComputedStyle(document.body).fontFamily,
        maxWidth: getComputedStyle(document.body).maxWidth,
      }));
      expect(styled.font).toContain("Times New Roman");
      expect(styled.maxWidth).not.toBe("none");
      expect(refusals).toEqual([]);
      // An inline style attribute (as an escaped-away injection would try) is refused.
      const injected = await page.evaluate(() => {
        const probe = document.createElement("div");
        probe.setAttribute("style", "color: rgb(255, 0, 0)");
        document.body.append(probe);
        return getComputedStyle(probe).color;
      });
      expect(injected).not.toBe("rgb(255, 0, 0)");
      await page.close();
    });
  },
);
