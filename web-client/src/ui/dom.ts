// A tiny element builder so views create DOM nodes with textContent, never by parsing HTML
// strings (the one exception is markdown.ts). Hand-written because it is fifteen lines.

type Attrs = Record<string, string | number | boolean | null | undefined>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function clear(el: Element): void {
  el.replaceChildren();
}

let idCounter = 0;
// A document-unique id for label/aria wiring.
export function uniqueId(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

// Puts exactly these children in the container, touching it only when they differ: moving a
// focused element out of the document and back would lose the focus.
export function showOnly(container: HTMLElement, children: HTMLElement[]): void {
  const current = [...container.children];
  if (current.length === children.length && current.every((child, i) => child === children[i])) {
    return;
  }
  container.replaceChildren(...children);
}
