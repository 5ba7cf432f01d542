import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../../platform/http';

/** A merge of two cases of one organisation: the merged case's records move to the surviving case. */
export interface CaseMerge {
  readonly mergeId: string;
  readonly mergedCaseId: string;
  readonly survivingCaseId: string;
  readonly actor: Actor;
  readonly at: Date;
}

/** The undo of a merge: the rows that moved (their ids, as the participant returned them) go back. */
export interface CaseUnmerge extends CaseMerge {
  readonly ids: readonly string[];
}

/**
 * A module whose records hang on a case (referrals, follow-ups, assessments, plans, documents, calls…):
 * on a merge it moves the merged case's records to the surviving case and returns the ids of the rows it
 * moved (the merge keeps them for its undo); on the undo it gives exactly those rows back to the merged
 * case, so what was added to the surviving case after the merge stays there. Both run in the merge's
 * transaction, under both cases' row locks.
 */
export interface CaseMergeParticipant {
  readonly name: string;
  merge(m: EntityManager, merge: CaseMerge): Promise<string[]>;
  unmerge(m: EntityManager, undo: CaseUnmerge): Promise<void>;
}

/** A case accepted by another organisation: the case row's organisation has already changed. */
export interface CaseTransfer {
  readonly transferId: string;
  readonly caseId: string;
  readonly fromOrganizationId: string;
  readonly toOrganizationId: string;
  readonly actor: Actor;
  readonly at: Date;
}

/**
 * A module whose records follow a case to its new organisation (open follow-ups handed to the receiving
 * organisation, a plan awaiting approval re-routed to its supervisors…); runs in the acceptance's
 * transaction.
 */
export interface CaseTransferParticipant {
  readonly name: string;
  transferred(m: EntityManager, transfer: CaseTransfer): Promise<void>;
}

/**
 * Moves of a case's records: cases sit above the modules whose records hang on a case and cannot import
 * them, so those modules register participants here (in their module's constructor, as with the
 * CaseClosureRegistry) and the merge, its undo and the transfer's acceptance call all of them.
 */
@Injectable()
export class CaseMoveRegistry {
  private readonly mergers: CaseMergeParticipant[] = [];
  private readonly transfers: CaseTransferParticipant[] = [];

  registerMerge(participant: CaseMergeParticipant): void {
    if (this.mergers.some((p) => p.name === participant.name)) return;
    this.mergers.push(participant);
  }

  registerTransfer(participant: CaseTransferParticipant): void {
    if (this.transfers.some((p) => p.name === participant.name)) return;
    this.transfers.push(participant);
  }

  /** Every participant's moved row ids, by participant name (kept by the merge for its undo). */
  async merge(m: EntityManager, merge: CaseMerge): Promise<Record<string, string[]>> {
    const moved: Record<string, string[]> = {};
    for (const p of this.mergers) moved[p.name] = await p.merge(m, merge);
    return moved;
  }

  /** Gives back to the merged case what each participant moved; a participant with nothing moved is skipped. */
  async unmerge(m: EntityManager, merge: CaseMerge, moved: Record<string, readonly string[]>): Promise<void> {
    for (const p of this.mergers) {
      const ids = moved[p.name] ?? [];
      if (ids.length > 0) await p.unmerge(m, { ...merge, ids });
    }
  }

  async transferred(m: EntityManager, transfer: CaseTransfer): Promise<void> {
    for (const p of this.transfers) await p.transferred(m, transfer);
  }
}
