// The decision record of a decided round, on its page: what the record is, a link that
// downloads it (the signed bundle the server keeps in its transparency log), and the page that
// checks such a file. Everyone who sees the round may download its record.

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
  );
}
