// The browser's verifier against the published example files (protocol/examples/records/),
// which the C++ verifier is tested against too: both implementations of records.md must reach
// the same verdict on each case of expected.json.
import { describe, expect, it } from 'vitest';
import { verifyBundle } from '../../../web-client/src/records/bundle';
import { verifyConsistency } from '../../../web-client/src/records/consistency';
import { parseVerifierKey } from '../../../web-client/src/records/verifier_key';

const files = import.meta.glob('../../../protocol/examples/records/*', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;
function read(name: string): string {
  const text = files[`../../../protocol/examples/records/${name}`];
  if (text === undefined) throw new Error(`no example ${name}`);
  return text;
}

interface Expected {
  key: string;
  bundles: {
    bundle: string;
    expect: string;
    origin?: string;
    tree_size?: number;
    log_index?: number;
  }[];
  consistency: { older: string; newer: string; proof: string; expect: string }[];
}
const expected = JSON.parse(read('expected.json')) as Expected;

async function key() {
  const parsed = await parseVerifierKey(read(expected.key));
  if (!parsed.ok) throw new Error(`the example key does not parse: ${parsed.reason}`);
  return parsed.key;
}

describe('the published record examples', () => {
  for (const c of expected.bundles) {
    it(`${c.bundle}: ${c.expect}`, async () => {
      const result = await verifyBundle(read(c.bundle), await key());
      if (c.expect === 'ok') {
        expect(result.ok, JSON.stringify(result)).toBe(true);
        if (result.ok) {
          expect(result.bundle.origin).toBe(c.origin);
          expect(result.bundle.treeSize).toBe(c.tree_size);
          expect(result.bundle.logIndex).toBe(c.log_index);
        }
      } else {
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.failure.step).toBe(c.expect);
      }
    });
  }
  for (const c of expected.consistency) {
    it(`${c.older} → ${c.newer}: ${c.expect}`, async () => {
      const result = await verifyConsistency(
        read(c.older),
        read(c.newer),
        read(c.proof),
        await key(),
      );
      if (c.expect === 'ok') {
        expect(result.ok, JSON.stringify(result)).toBe(true);
      } else {
        // What the C++ verifier calls a failed consistency check, the browser's calls a fork.
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.failure.step).toBe('fork');
      }
    });
  }
});
