// The decision record of a decided round, on its page: what the record is, a link that
// downloads it (the signed bundle the server keeps in its transparency log), the page that
// checks such a file, and the record and the discussion in the formats ministry staff work with
// (a printable document, CSV for a spreadsheet). Everyone who sees the round may download them.

import { rt } from '../i18n/record_strings';
import type { Lang } from '../i18n/lang';
import { h, uniqueId } from '../ui/dom';

export function renderRecordSection(lang: Lang, roundId: number): HTMLElement {
  const headingId = uniqueId('record-heading');
  return h(
    'section',
    { class: 'round-record', 'aria-labelledby': headingId },
    h('h2', { id: headingId, 'data-anchor-key': 'record' }, rt(lang, 'round.record.heading')),
    h('p', {}, rt(lang, 'round.record.intro')),
    h(
      'p',
      { class: 'record-actions' },
      h(
        'a',
        {
          class: 'button-primary',
          href: `/api/rounds/${roundId}/record`,
          download: `samradsprotokoll-runda-${roundId}.json`,
        },
        rt(lang, 'round.record.download'),
      ),
      ' ',
      h('a', { href: '#/verify' }, rt(lang, 'round.record.verify')),
    ),
    h('h3', {}, rt(lang, 'round.record.formats')),
    h(
      'ul',
      { class: 'record-exports' },
      ...EXPORTS.map(([file, key]) =>
        h(
          'li',
          {},
          h('a', { href: `/api/export/rounds/${roundId}/${file}`, download: '' }, rt(lang, key)),
        ),
      ),
    ),
  );
}

const EXPORTS = [
  ['record.html', 'round.record.html'],
  ['positions.csv', 'round.record.positions'],
  ['responses.csv', 'round.record.responses'],
  ['posts.csv', 'round.record.posts'],
  ['archive.html', 'round.record.archive'],
] as const;
