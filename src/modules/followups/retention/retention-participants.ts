import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * A module below followups whose records hang on a case (the case plan…): retention calls it in the
 * case's anonymisation transaction to erase the personal data it declared for that case.
 */
export interface RetentionParticipant {
  readonly name: string;
  eraseForCase(m: EntityManager, caseId: string): Promise<number>;
}

/** The retention participants of modules that followups may not import (registered in their constructor). */
@Injectable()
export class RetentionParticipants {
  private readonly participants: RetentionParticipant[] = [];

  register(participant: RetentionParticipant): void {
    if (this.participants.some((p) => p.name === participant.name)) return;
    this.participants.push(participant);
  }

  async eraseForCase(m: EntityManager, caseId: string): Promise<void> {
    for (const p of this.participants) await p.eraseForCase(m, caseId);
  }
}
