// Which posts the person has read: kept as ranges of post ids per person and round.

import { describe, expect, it } from 'vitest';
import { loadReadSet, ReadSet, saveReadSet } from '../../../web-client/src/round/read_data';

describe('read posts', () => {
  it('stores ranges and reads them back', () => {
    const set = new ReadSet([5, 1, 2, 3, 7, 9, 10, 11]);
    expect(set.toRanges()).toBe('1-3,5,7,9-11');
    const back = ReadSet.fromRanges(set.toRanges());
    expect([1, 2, 3, 5, 7, 9, 10, 11].every((id) => back.has(id))).toBe(true);
    expect(back.has(4)).toBe(false);
    expect(back.size).toBe(8);
    expect(new ReadSet().toRanges()).toBe('');
    expect(back.add(4)).toBe(true);
    expect(back.add(4)).toBe(false);
    expect(back.toRanges()).toBe('1-5,7,9-11');
  });

  it('skips malformed parts instead of trusting them', () => {
    const set = ReadSet.fromRanges('1-3,x,5-4,0,7,1-99999999,12 ,-3,8-9-10');
    expect(set.toRanges()).toBe('1-3,7,12');
  });

  it('is kept per person and round, and survives broken storage', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    saveReadSet(storage, 3, 1, new ReadSet([1, 2]));
    expect(loadReadSet(storage, 3, 1).toRanges()).toBe('1-2');
    expect(loadReadSet(storage, 4, 1).size).toBe(0);
    expect(loadReadSet(storage, 3, 2).size).toBe(0);
    const broken = {
      getItem: (): string | null => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
    };
    expect(loadReadSet(broken, 3, 1).size).toBe(0);
    expect(() => saveReadSet(broken, 3, 1, new ReadSet([1]))).not.toThrow();
    expect(loadReadSet(undefined, 3, 1).size).toBe(0);
  });
});
