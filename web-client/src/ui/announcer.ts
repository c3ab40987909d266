// The page's one polite live region. Screen readers read what is put into it without moving
// focus: new posts from others, connection changes, confirmations. Messages that arrive close
// together are read as one, so a burst of posts does not flood the listener.

export class Announcer {
  private queue: string[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly region: HTMLElement,
    private readonly delayMs = 400,
  ) {}

  announce(message: string): void {
    this.queue.push(message);
    if (this.timer !== null) return;
    this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  private flush(): void {
    this.timer = null;
    const text = this.queue.join('. ');
    this.queue = [];
    // A fresh child node is announced even when the text equals the previous announcement.
    const p = document.createElement('p');
    p.textContent = text;
    this.region.replaceChildren(p);
  }
}
