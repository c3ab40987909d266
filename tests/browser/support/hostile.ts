// The hostile Markdown and HTML corpus and the checks that none of it runs, shared by the tests
// of every route a post's text reaches (tests/browser/hostile_markdown.test.ts: the round page
// and the composer's preview; tests/browser/hostile_routes.test.ts: the edit history, the edit
// form's preview and the exports). Each payload calls a hook (samradXss) that watchForExecution
// defines in every page of a browser context, together with a record of what the
// Content-Security-Policy refused; executions reads both, and dangerousIn lists what in a
// rendered text could run or fetch anything.
import type { BrowserContext, Page } from "playwright-core";

// The ways in: each calls the hook with its number.
export const vectors: Array<(n: number) => string> = [
  (n) => `<script>samradXss(${n})</script>`,
  (n) => `<img src=x onerror=samradXss(${n})>`,
  (n) => `<img src="x" onerror="samradXss(${n})">`,
  (n) => `<svg onload=samradXss(${n})>`,
  (n) => `<svg><script>samradXss(${n})</script></svg>`,
  (n) =>
    `<svg><a xlink:href="javascript:samradXss(${n})"><text y="20">x</text></a></svg>`,
  (n) =>
    `<math><mtext><table><mglyph><style><img src=x onerror=samradXss(${n})>`,
  (n) => `<math href="javascript:samradXss(${n})">x</math>`,
  (n) => `<noscript><p title="</noscript><img src=x onerror=samradXss(${n})>">`,
  (n) => `<details open ontoggle=samradXss(${n})>`,
  (n) => `<iframe src="javascript:samradXss(${n})"></iframe>`,
  (n) => `<iframe srcdoc="<script>parent.samradXss(${n})</script>"></iframe>`,
  (n) => `<object data="javascript:samradXss(${n})"></object>`,
  (n) => `<embed src="javascript:samradXss(${n})">`,
  (n) =>
    `<form action="javascript:samradXss(${n})"><button>Skicka</button></form>`,
  (n) => `<input autofocus onfocus=samradXss(${n})>`,
  (n) => `<video><source onerror=samradXss(${n})></video>`,
  (n) => `<body onload=samradXss(${n})>`,
  (n) => `<a href="javascript:samradXss(${n})">länk</a>`,
  (n) => `<a href="&#106;avascript:samradXss(${n})">länk</a>`,
  (n) => `<div style="background:url(javascript:samradXss(${n}))">x</div>`,
  (n) => `<style>@import 'javascript:samradXss(${n})';</style>`,
  (n) => `<link rel=stylesheet href="javascript:samradXss(${n})">`,
  (n) => `<base href="javascript:samradXss(${n})//">`,
  (n) => `<template><img src=x onerror=samradXss(${n})></template>`,
  (n) => `<!--<img src=x onerror=samradXss(${n})>-->`,
  (n) => `<![CDATA[<img src=x onerror=samradXss(${n})>]]>`,
  (n) => `[länk](javascript:samradXss(${n}))`,
  (n) => `[länk](JaVaScRiPt:samradXss(${n}))`,
  (n) => `[länk](java\tscript:samradXss(${n}))`,
  (n) => `[länk](java&#x09;script:samradXss(${n}))`,
  (n) => `[länk](&#106;avascript:samradXss(${n}))`,
  (n) => `[länk]( javascript:samradXss(${n}))`,
  (n) => `[länk](<javascript:samradXss(${n})>)`,
  (n) => `[länk](vbscript:samradXss(${n}))`,
  (n) => `[länk](livescript:samradXss(${n}))`,
  (n) => `[länk](data:text/html,<script>samradXss(${n})</script>)`,
  (n) =>
    `[länk](data:text/html;base64,PHNjcmlwdD5zYW1yYWRYc3MoMSk8L3NjcmlwdD4=#${n})`,
  (n) => `[länk](data:image/svg+xml,<svg onload=samradXss(${n})>)`,
  (n) => `![bild](javascript:samradXss(${n}))`,
  (n) => `![bild](data:image/svg+xml,<svg onload=samradXss(${n})>)`,
  (n) => `![bild](https://evil.example/pixel-${n}.png)`,
  (n) => `<javascript:samradXss(${n})>`,
  (n) => `[ref-${n}]\n\n[ref-${n}]: javascript:samradXss(${n})`,
  (n) => `[länk](https://example.se/"onmouseover="samradXss(${n}))`,
  (n) =>
    `[länk](https://example.se/ "titel\\" onmouseover=\\"samradXss(${n})")`,
];

// Where in a post a vector stands.
export const wrappers: Array<(inner: string) => string> = [
  (s) => s,
  (s) => `Text före ${s} och efter.`,
  (s) => `- punkt\n- ${s}`,
  (s) => `1. ${s}`,
  (s) => `> ${s}`,
  (s) => `# ${s}`,
  (s) => `**${s}**`,
  (s) => `*${s}*`,
  (s) => `| a | b |\n|---|---|\n| ${s.replace(/\|/g, "\\|")} | x |`,
  (s) => `\`${s}\``,
  (s) => `\`\`\`\n${s}\n\`\`\``,
  (s) => `    ${s}`,
  (s) => `[${s}](https://example.se)`,
  (s) => `Rad ett\n${s}\nRad tre`,
  (s) => `${s}\n\n${s}`,
  (s) => `<div>\n\n${s}\n\n</div>`,
  (s) => `~~~html\n${s}\n~~~`,
  (s) => `&lt;${s}&gt;`,
  (s) => `\\${s}`,
  (s) => `<p>${s}</p>`,
  (s) => `www.example.se/${encodeURIComponent(s)}`,
  (s) => `Se https://example.se/?q=${s}`,
  (s) => `${s.toUpperCase()}`,
];

// Every way in at every place: over a thousand payloads, the n-th calling the hook with n.
export const payloads: string[] = [];
for (const wrap of wrappers) {
  for (const vector of vectors)
    payloads.push(wrap(vector(payloads.length + 1)));
}

// Defines the hook the payloads call, and records the CSP's refusals, in every page and frame
// the context opens from now on (files opened from disk included).
export async function watchForExecution(
  context: BrowserContext,
): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as {
      samradXss: (n: number) => void;
      xssCalls: number[];
      cspReports: string[];
    };
    w.xssCalls = [];
    w.cspReports = [];
    w.samradXss = (n: number) => w.xssCalls.push(n);
    document.addEventListener("securitypolicyviolation", (e) => {
      w.cspReports.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
}

// What in the elements matching `selector` could run or fetch anything: a tag Markdown never
// makes, an event handler, a style or srcdoc attribute, a link or source with another scheme than
// http, https or mailto. Empty when all is inert.
export function dangerousIn(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(
    ({ selector }) => {
      const bodies = Array.from(document.querySelectorAll(selector));
      const dangerous: string[] = [];
      const forbiddenTags = new Set([
        "script",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "style",
        "link",
        "base",
        "form",
        "input",
        "button",
        "img",
        "video",
        "audio",
        "source",
        "template",
        "noscript",
        "details",
        "meta",
        "frame",
        "frameset",
      ]);
      for (const body of bodies) {
        for (const el of Array.from(body.querySelectorAll("*"))) {
          const tag = el.tagName.toLowerCase();
          if (forbiddenTags.has(tag)) dangerous.push(`<${tag}>`);
          for (const attribute of el.getAttributeNames()) {
            if (
              attribute.startsWith("on") ||
              attribute === "style" ||
              attribute === "srcdoc"
            ) {
              dangerous.push(`${tag}[${attribute}]`);
            }
          }
          const href =
            el.getAttribute("href") ??
            el.getAttribute("src") ??
            el.getAttribute("xlink:href");
          if (
            href !== null &&
            /^\s*[a-z][a-z0-9+.-]*:/i.test(href) &&
            !/^(https?|mailto):/i.test(href.trim())
          ) {
            dangerous.push(`${tag} → ${href.slice(0, 60)}`);
          }
        }
      }
      return dangerous.slice(0, 20);
    },
    { selector },
  );
}

// The hook's calls and the CSP's reports so far.
export function executions(
  page: Page,
): Promise<{ xssCalls: number[]; cspReports: string[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { xssCalls: number[]; cspReports: string[] };
    return { xssCalls: w.xssCalls, cspReports: w.cspReports };
  });
}
