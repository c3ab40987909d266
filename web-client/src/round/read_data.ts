// Which posts of a round the person has read: a post counts as read once it has been on screen,
// or when the person wrote it. Kept per person and round in the browser (localStorage), so the
// unread markers still say what is new when the person comes back the next day. Post ids only
// grow, so the set is stored as ranges ("1-40,42,45-47"), which stays short for long rounds.
// Pure except for the storage passed in.

export class ReadSet {
  private readonly ids = new Set<number>();

  constructor(ids: Iterable<number> = []) {
    for (const id of ids) this.ids.add(id);
  }

  has(id: number): boolean {
    return this.ids.has(id);
  }

  // Returns true when the id was not read before.
  add(id: number): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    return true;
  }

  get size(): number {
    return this.ids.size;
  }

  toRanges(): string {
    const sorted = [...this.ids].sort((a, b) => a - b);
    const parts: string[] = [];
    let start: number | null = null;
    let end = 0;
    for (const id of sorted) {
      if (start !== null && id === end + 1) {
        end = id;
        continue;
      }
      if (start !== null) parts.push(start === end ? `${start}` : `${start}-${end}`);
      start = id;
      end = id;
    }
    if (start !== null) parts.push(start === end ? `${start}` : `${start}-${end}`);
    return parts.join(',');
  }

  // Reads what toRanges wrote; anything malformed (an older format, a hand-edited value) is
  // skipped rather than trusted: at worst a post shows as unread again.
  static fromRanges(text: string): ReadSet {
    const set = new ReadSet();
    for (const part of text.split(',')) {
      const match = /^([1-9][0-9]{0,15})(?:-([1-9][0-9]{0,15}))?$/.exec(part.trim());
      if (!match?.[1]) continue;
      const from = Number(match[1]);
      const to = match[2] === undefined ? from : Number(match[2]);
      // A range is bounded so a corrupt value cannot make the page build a huge set.
      if (!Number.isSafeInteger(to) || to < from || to - from > 1_000_000) continue;
      for (let id = from; id <= to; id += 1) set.ids.add(id);
    }
    return set;
  }
}

type ReadStorage = Pick<Storage, 'getItem' | 'setItem'>;

function storageKey(personId: number, roundId: number): string {
  return `samrad.read.${personId}.${roundId}`;
}

export function loadReadSet(
  storage: ReadStorage | undefined,
  personId: number,
  roundId: number,
): ReadSet {
  try {
    const stored = storage?.getItem(storageKey(personId, roundId));
    if (stored) return ReadSet.fromRanges(stored);
  } catch {
    // Storage can be unavailable (privacy mode); then read markers last for the visit only.
  }
  return new ReadSet();
}

export function saveReadSet(
  storage: ReadStorage | undefined,
  personId: number,
  roundId: number,
  set: ReadSet,
): void {
  try {
    storage?.setItem(storageKey(personId, roundId), set.toRanges());
  } catch {
    // Full or unavailable storage: the markers are a convenience; the page works without them.
  }
}
