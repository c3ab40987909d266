// The joint document folded from joint_document_written and joint_document_approved events, also
// through a round's main stream (applyEvent) with the examples of protocol/examples, each side's
// approval holding for its version only, and the word diff between two versions (jsdiff).
import { describe, expect, it } from 'vitest';
import { decodeServerValue } from '../../../web-client/src/protocol/decode';
import type { RoundEvent } from '../../../web-client/src/protocol/messages';
import {
  approvesLatest,
  diffTexts,
  latestApproval,
  latestJointDocument,
} from '../../../web-client/src/round/joint_document_data';
import { applyEvent, createRound } from '../../../web-client/src/round/round_data';
import { serverExamples } from './protocol_fixtures';

function example(name: string): RoundEvent {
  const text = serverExamples.find((e) => e.name === name)!.text;
  return decodeServerValue(JSON.parse(text)) as RoundEvent;
}

function fromExamples() {
  const round = createRound(1);
  round.lastSeq = 35; // after the minutes (protocol/examples/README.md)
  return round;
}

describe('the joint document in a round', () => {
  it('folds the examples through the main stream and says what changed', () => {
    const round = fromExamples();
    expect(applyEvent(round, example('event_joint_document_written.json'))).toEqual({
      kind: 'joint_document',
      roundId: 1,
      version: 1,
    });
    applyEvent(round, example('event_joint_document_written_revised.json'));
    expect(applyEvent(round, example('event_joint_document_approved.json'))).toEqual({
      kind: 'joint_document',
      roundId: 1,
      version: 2,
    });
    const document = round.jointDocument;
    expect(document.versions.map((v) => [v.version, v.by.name])).toEqual([
      [1, 'Anna Lind'],
      [2, 'Sara Ekström'],
    ]);
    expect(latestJointDocument(document)?.text).toContain('**i två steg**');
    expect(approvesLatest(document, 'state')).toBe(true);
    expect(approvesLatest(document, 'municipal')).toBe(false);
    applyEvent(round, example('event_joint_document_approved_municipal.json'));
    expect(approvesLatest(document, 'municipal')).toBe(true);
    expect(latestApproval(document, 'municipal')?.by.name).toBe('Anna Lind');
  });

  it('an approval holds for its version only: a new version is approved anew', () => {
    const round = fromExamples();
    applyEvent(round, example('event_joint_document_written.json'));
    applyEvent(round, example('event_joint_document_written_revised.json'));
    applyEvent(round, example('event_joint_document_approved.json'));
    const third = example('event_joint_document_written_revised.json');
    if (third.kind !== 'joint_document_written') throw new Error('example');
    applyEvent(round, { ...third, seq: 40, data: { version: 3, text: 'Tredje.' } });
    expect(approvesLatest(round.jointDocument, 'state')).toBe(false);
    expect(latestApproval(round.jointDocument, 'state')?.version).toBe(2);
  });

  it('a version out of order or an approval of an earlier version is a broken stream', () => {
    const round = fromExamples();
    const change = applyEvent(round, example('event_joint_document_written_revised.json'));
    expect(change.kind).toBe('none');
    const other = fromExamples();
    applyEvent(other, example('event_joint_document_written.json'));
    expect(applyEvent(other, example('event_joint_document_approved.json')).kind).toBe('none');
    expect(other.jointDocument.approvals).toEqual([]);
  });
});

describe('the difference between two versions', () => {
  it('marks inserted and deleted words and keeps the rest', () => {
    const parts = diffTexts('Staten följer upp varje år.', 'Staten följer upp vartannat år.');
    expect(parts.filter((p) => p.change === 'deleted').map((p) => p.text)).toEqual(['varje']);
    expect(parts.filter((p) => p.change === 'inserted').map((p) => p.text)).toEqual(['vartannat']);
    const older = parts
      .filter((p) => p.change !== 'inserted')
      .map((p) => p.text)
      .join('');
    const newer = parts
      .filter((p) => p.change !== 'deleted')
      .map((p) => p.text)
      .join('');
    expect(older).toBe('Staten följer upp varje år.');
    expect(newer).toBe('Staten följer upp vartannat år.');
  });

  it('keeps line breaks, so a Markdown list stays readable', () => {
    const parts = diffTexts('- Steg 1\n', '- Steg 1\n- Steg 2\n');
    expect(parts.map((p) => p.text).join('')).toBe('- Steg 1\n- Steg 2\n');
    expect(parts.some((p) => p.change === 'inserted' && p.text.includes('Steg 2'))).toBe(true);
    expect(diffTexts('Samma.', 'Samma.')).toEqual([{ change: 'same', text: 'Samma.' }]);
  });
});
