// After `vite build`: stores a gzip (level 9) and a Brotli (quality 11) copy next to every
// compressible file in dist/, e.g. assets/index-abc.js.gz and .br, which the server sends to
// clients that accept them (server/net/static_files.cpp). A copy that would not be smaller than
// the file is not kept. Node's zlib does both, so the build needs no plugin.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? fileURLToPath(new URL('../dist/', import.meta.url));

// Text formats; images, fonts and archives are compressed already.
const compressible = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.map',
  '.svg',
  '.txt',
  '.xml',
  '.webmanifest',
]);

const variants = [
  { suffix: '.gz', compress: (data) => gzipSync(data, { level: 9 }) },
  {
    suffix: '.br',
    compress: (data) =>
      brotliCompressSync(data, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }),
  },
];

const totals = { files: 0, original: 0, '.gz': 0, '.br': 0 };
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !compressible.has(extname(entry.name))) continue;
  const path = join(entry.parentPath, entry.name);
  const data = readFileSync(path);
  totals.files += 1;
  totals.original += data.length;
  for (const { suffix, compress } of variants) {
    const compressed = compress(data);
    if (compressed.length < data.length) {
      writeFileSync(path + suffix, compressed);
      totals[suffix] += compressed.length;
    } else {
      // Also drops a copy an earlier run left, so the server never sends a larger body.
      rmSync(path + suffix, { force: true });
      totals[suffix] += data.length;
    }
  }
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
console.log(
  `compress: ${totals.files} files, ${kB(totals.original)} → gzip ${kB(totals['.gz'])}, ` +
    `brotli ${kB(totals['.br'])}`,
);
