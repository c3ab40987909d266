// Markdown rendering for proposals and posts (markdown-it).
//
// Safety: this is the one place the client assigns innerHTML. It is safe because markdown-it
// runs with `html: false` (every "<" in the source is escaped, so no tag or attribute an author
// writes reaches the DOM), links are kept only with an allowed scheme (isSafeLink: http, https,
// mailto, or none at all, a place on this site) rather than markdown-it's own blocklist, which
// lets livescript: and data:image/ links through, and images are disabled (an image would let
// any author make every reader's browser fetch a URL of their choosing). Bare web addresses
// become links (linkify); markdown-it passes those through the same check and normalizeLink as
// written links. Links get rel="noopener noreferrer". The attributes this file adds itself are
// fixed strings or escaped.
//
// No inline style reaches the page, so that a strict Content-Security-Policy (style-src without
// 'unsafe-inline') can refuse them all: the `style="text-align:…"` markdown-it puts on table
// cells becomes a class (align-left, align-center, align-right) that the stylesheet aligns. A table
// is wrapped in a box that scrolls sideways on a narrow screen, instead of widening the page;
// the box is focusable so it can be scrolled with the keyboard, and labelled.
//
// Headings are shifted so the author's highest heading sits one level below the heading of the
// section it appears in, keeping one h1 per page and headings in order.

import MarkdownIt, { type Env, type Token } from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
md.disable(['image']);

const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);

// markdown-it checks the link after normalizeLink has percent-encoded it, so a scheme hidden
// by entities or control characters ("java&#9;script:") is no scheme at all, only a harmless
// relative address.
export function isSafeLink(url: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  return scheme === undefined || SAFE_SCHEMES.has(scheme.toLowerCase());
}
md.validateLink = isSafeLink;
// "www.skr.se" and "regeringen.se" are web addresses too, not only those written with https://.
md.linkify.set({ fuzzyLink: true, fuzzyIP: false });

type Rule = NonNullable<typeof md.renderer.rules.link_open>;
const renderDefault: Rule = (tokens, idx, options, _env, self) =>
  self.renderToken(tokens, idx, options);

const defaultLinkOpen = md.renderer.rules.link_open ?? renderDefault;
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  if (token) token.attrSet('rel', 'noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

const ALIGNMENTS = new Set(['left', 'center', 'right']);

// text-align:X in a style attribute becomes class align-X; any other style is dropped.
function alignmentToClass(token: Token | undefined): void {
  if (!token) return;
  const style = token.attrGet('style');
  if (style === null) return;
  token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
  const align = /^text-align:(\w+)$/.exec(String(style))?.[1];
  if (align && ALIGNMENTS.has(align)) token.attrJoin('class', `align-${align}`);
}

for (const cell of ['th_open', 'td_open'] as const) {
  const original = md.renderer.rules[cell] ?? renderDefault;
  md.renderer.rules[cell] = (tokens, idx, options, env, self) => {
    alignmentToClass(tokens[idx]);
    return original(tokens, idx, options, env, self);
  };
}

// renderMarkdown passes the table label to the rule above in markdown-it's env.
function tableLabel(env: Env | undefined): string {
  const label = env?.['tableLabel'];
  return typeof label === 'string' ? label : '';
}

md.renderer.rules.table_open = (tokens, idx, options, env, self) =>
  `<div class="table-scroll" role="group" tabindex="0" aria-label="${md.utils.escapeHtml(
    tableLabel(env),
  )}">${self.renderToken(tokens, idx, options)}`;
md.renderer.rules.table_close = (tokens, idx, options, _env, self) =>
  `${self.renderToken(tokens, idx, options)}</div>`;

export interface MarkdownOptions {
  // The label of a table's scroll box, in the interface's language.
  tableLabel: string;
}

// Renders Markdown to an HTML string; `sectionLevel` is the level of the heading the text
// appears under (2 for the proposal under its h2), so its headings start at sectionLevel+1.
export function renderMarkdown(
  source: string,
  sectionLevel: number,
  options: MarkdownOptions = { tableLabel: 'Tabell' },
): string {
  const env: Env = { tableLabel: options.tableLabel };
  const tokens = md.parse(source, env);
  let top = 7;
  for (const token of tokens) {
    if (token.type === 'heading_open') top = Math.min(top, Number(token.tag.slice(1)));
  }
  const shift = sectionLevel + 1 - top;
  for (const token of tokens) {
    if (token.type === 'heading_open' || token.type === 'heading_close') {
      const level = Math.min(6, Math.max(1, Number(token.tag.slice(1)) + shift));
      token.tag = `h${level}`;
    }
  }
  return md.renderer.render(tokens, md.options, env);
}

// Puts rendered Markdown into an element (see the safety note at the top of this file).
export function setMarkdown(
  el: HTMLElement,
  source: string,
  sectionLevel: number,
  options?: MarkdownOptions,
): void {
  el.innerHTML = renderMarkdown(source, sectionLevel, options);
}
