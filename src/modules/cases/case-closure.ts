import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../../platform/http';

/** Something of a case that keeps it open: named (kind, id, status) in the refusal, never described. */
export interface ClosureBlocker {
  readonly kind: string;
  readonly id: string;
  readonly status: string;
}

/** The closure being approved, as the modules below cases need it to end their own items. */
export interface CaseClosure {
  readonly caseId: string;
  readonly actor: Actor;
  /** A key of config/catalogues/closure-reasons. */
  readonly reasonCode: string;
  /** The requester's reason, in clear, for the items that carry a reason (encrypted by their module). */
  readonly reasonText: string;
  readonly at: Date;
}

/**
 * A module whose items hang on a case (referrals, follow-ups): it says which of them refuse the case's
 * closure and ends the others when the closure is approved. Both run in the closure's transaction, under
 * the case's row lock, so the check and the cancellations are one decision with the closure itself.
 */
export interface CaseClosureParticipant {
  readonly name: string;
  /** The items that refuse closure; implementations lock the rows they read (FOR UPDATE). */
  blockers(m: EntityManager, caseId: string): Promise<ClosureBlocker[]>;
  /** Ends what the closure ends (cancels, closes); runs only when no participant has a blocker. */
  close(m: EntityManager, closure: CaseClosure): Promise<void>;
}

/**
 * The closure guard: cases sit above referrals and follow-ups in the module order and cannot import
 * them, so those modules register a participant here (in their module's constructor) and the case's
 * workflow asks all of them when a closure is requested and again when it is approved.
 */
@Injectable()
export class CaseClosureRegistry {
  private readonly participants: CaseClosureParticipant[] = [];

  register(participant: CaseClosureParticipant): void {
    if (this.participants.some((p) => p.name === participant.name)) return;
    this.participants.push(participant);
  }

  /** Every participant's blockers, in registration order. */
  async blockers(m: EntityManager, caseId: string): Promise<ClosureBlocker[]> {
    const all: ClosureBlocker[] = [];
    for (const p of this.participants) all.push(...(await p.blockers(m, caseId)));
    return all;
  }

  async close(m: EntityManager, closure: CaseClosure): Promise<void> {
    for (const p of this.participants) await p.close(m, closure);
  }
}
