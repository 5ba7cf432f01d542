import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AnswerValue, FormDefinition } from './domain/form';
import { FormsService } from './forms.service';
import { AssessmentRepository } from './repositories/assessment.repository';

/** An assessment as a printed file shows it: the form's version definition, and the answers once completed. */
export interface PrintedAssessment {
  id: string;
  form: FormDefinition;
  status: 'draft' | 'completed';
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  completedBy: string | null;
  completedAt: Date | null;
  /** The answers (free text opened) of a completed assessment; null for a draft (not printed). */
  answers: Record<string, AnswerValue> | null;
}

/**
 * The assessments module's read for a printed case file (issue 15, the printing module): every assessment
 * of the case, newest first, with the definition of the version it was given in. Read in the caller's
 * transaction after it decided case.print; the print is audited once by the caller.
 */
@Injectable()
export class AssessmentPrintReads {
  constructor(
    private readonly forms: FormsService,
    private readonly assessments: AssessmentRepository,
  ) {}

  async ofCase(m: EntityManager, caseId: string): Promise<PrintedAssessment[]> {
    const list = await this.assessments.listOfCase(m, caseId);
    await this.forms.ensure(list);
    const out: PrintedAssessment[] = [];
    for (const s of list) {
      const form = this.forms.definition(s.formKey, s.formVersion);
      if (!form) throw new Error(`form ${s.formKey} version ${s.formVersion} is not recorded`);
      const full = s.status === 'completed' ? await this.assessments.findOfCase(m, caseId, s.id) : undefined;
      out.push({
        id: s.id,
        form,
        status: s.status,
        createdBy: s.createdBy,
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
        completedBy: s.completedBy,
        completedAt: s.completedAt,
        answers: full ? full.answers : null,
      });
    }
    return out;
  }
}
