// The joint document (gemensamt dokument) of a round, folded from its joint_document_written and
// joint_document_approved events: every version, oldest first, and every approval, each naming
// its version. A side's approval counts for the version it names only. No DOM and no I/O.

import { diffWordsWithSpace } from 'diff';
import type {
  ApprovingSide,
  JointDocumentApprovedEvent,
  JointDocumentWrittenEvent,
  Person,
} from '../protocol/messages';

export interface JointDocumentVersion {
  version: number;
  text: string; // Markdown
  at: string;
  by: Person;
  seq: number; // of the main stream
}

export interface JointDocumentApproval {
  version: number;
  side: ApprovingSide;
  at: string;
  by: Person;
  seq: number;
}

export interface JointDocumentData {
  versions: JointDocumentVersion[]; // oldest first
  approvals: JointDocumentApproval[]; // oldest first
}

export function createJointDocument(): JointDocumentData {
  return { versions: [], approvals: [] };
}

export function latestJointDocument(document: JointDocumentData): JointDocumentVersion | undefined {
  return document.versions.at(-1);
}

// The newest version a side has approved, or undefined when it has approved none.
export function latestApproval(
  document: JointDocumentData,
  side: ApprovingSide,
): JointDocumentApproval | undefined {
  return [...document.approvals].reverse().find((approval) => approval.side === side);
}

// Whether the side has approved the latest version (the only one that can be approved).
export function approvesLatest(document: JointDocumentData, side: ApprovingSide): boolean {
  const latest = latestJointDocument(document);
  return latest !== undefined && latestApproval(document, side)?.version === latest.version;
}

// Folds one joint_document_written event; false when it does not follow the versions (the
// server numbers them 1, 2, 3 … without gaps, so anything else is a broken stream).
export function applyJointDocumentWritten(
  document: JointDocumentData,
  event: JointDocumentWrittenEvent,
): boolean {
  if (event.data.version !== document.versions.length + 1) return false;
  document.versions.push({
    version: event.data.version,
    text: event.data.text,
    at: event.at,
    by: event.actor,
    seq: event.seq,
  });
  return true;
}

// Folds one joint_document_approved event; the server approves only the latest version.
export function applyJointDocumentApproved(
  document: JointDocumentData,
  event: JointDocumentApprovedEvent,
): boolean {
  if (event.data.version !== document.versions.length) return false;
  document.approvals.push({
    version: event.data.version,
    side: event.data.side,
    at: event.at,
    by: event.actor,
    seq: event.seq,
  });
  return true;
}

// One piece of the difference between two texts: kept, inserted or deleted.
export interface DiffPart {
  change: 'same' | 'inserted' | 'deleted';
  text: string;
}

// The difference between two versions' texts, word by word with line breaks kept (jsdiff).
export function diffTexts(older: string, newer: string): DiffPart[] {
  return diffWordsWithSpace(older, newer).map((part) => ({
    change: part.added ? 'inserted' : part.removed ? 'deleted' : 'same',
    text: part.value,
  }));
}
