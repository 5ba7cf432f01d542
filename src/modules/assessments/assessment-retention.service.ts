import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AssessmentRepository } from './repositories/assessment.repository';

/**
 * Retention for the assessments (docs/DESIGN.md §7): the free-text answers of a case's assessments are
 * erased with the case's personal data; the coded answers stay (they name no one). The caller (followups'
 * retention job) holds the transaction.
 */
@Injectable()
export class AssessmentRetentionService {
  constructor(private readonly assessments: AssessmentRepository) {}

  /** How many assessments held free text. */
  eraseForCase(m: EntityManager, caseId: string): Promise<number> {
    return this.assessments.eraseForCase(m, caseId);
  }
}
