// Keeps what the reader is looking at where it is while the page changes above it: a reply
// inserted higher up in the thread, or the page redrawn after a change of phase, must not move
// the text under the reader's eyes. Elements that can serve as the anchor carry
// data-anchor-key; the first of them that reaches into the viewport is measured before and after
// the change (found again by its key if the change replaced it) and the window is scrolled by the
// difference. Browsers' own scroll anchoring does this for some changes in some browsers; doing
// it here makes it the same everywhere and also covers redraws, which replace the anchor.

const SELECTOR = '[data-anchor-key]';

// The first anchor (in document order, which is top to bottom here) whose bottom edge is below
// the top of the viewport. Binary search: the page can hold hundreds of posts.
function firstVisible(scope: HTMLElement): HTMLElement | null {
  const candidates = scope.querySelectorAll<HTMLElement>(SELECTOR);
  let low = 0;
  let high = candidates.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    const el = candidates[mid];
    if (el && el.getBoundingClientRect().bottom <= 0) low = mid + 1;
    else high = mid;
  }
  return candidates[low] ?? null;
}

export function keepInView(scope: HTMLElement, change: () => void): void {
  // At the top of the page the reader sees the top; what is added there is meant to be seen
  // (browsers' scroll anchoring does not act at offset 0 either).
  if (window.scrollY <= 0) {
    change();
    return;
  }
  const anchor = firstVisible(scope);
  const key = anchor?.getAttribute('data-anchor-key') ?? null;
  const before = anchor?.getBoundingClientRect().top;
  change();
  if (!anchor || key === null || before === undefined) return;
  const now = anchor.isConnected
    ? anchor
    : scope.querySelector<HTMLElement>(`[data-anchor-key="${CSS.escape(key)}"]`);
  if (!now) return;
  const delta = now.getBoundingClientRect().top - before;
  if (Math.abs(delta) >= 1) window.scrollBy(0, delta);
}
