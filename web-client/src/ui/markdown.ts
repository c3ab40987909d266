// Markdown rendering for proposals and posts (markdown-it).
//
// Safety: this is the one place the client assigns innerHTML. It is safe because markdown-it
// runs with `html: false` (every "<" in the source is escaped, so no tag or attribute an author
// writes reaches the DOM), its validateLink refuses javascript:, vbscript:, file: and data:
// URLs, linkify is off, and images are disabled (an image would let any author make every
// reader's browser fetch a URL of their choosing). Links get rel="noopener noreferrer".
//
// Headings are shifted so the author's highest heading sits one level below the heading of the
// section it appears in, keeping one h1 per page and headings in order.

import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });
md.disable(['image']);

const defaultLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  if (token) token.attrSet('rel', 'noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

// Renders Markdown to an HTML string; `sectionLevel` is the level of the heading the text
// appears under (2 for the proposal under its h2), so its headings start at sectionLevel+1.
export function renderMarkdown(source: string, sectionLevel: number): string {
  const tokens = md.parse(source, {});
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
  return md.renderer.render(tokens, md.options, {});
}

// Puts rendered Markdown into an element (see the safety note at the top of this file).
export function setMarkdown(el: HTMLElement, source: string, sectionLevel: number): void {
  el.innerHTML = renderMarkdown(source, sectionLevel);
}
