import { Injectable } from '@nestjs/common';
import { CryptoService } from '../../../platform/crypto';
import { col, firstRow, insertStatement, Queryable, rowShape, run } from '../../../platform/database';
import { RISK_ASSESSMENT_DATA } from '../cases.personal-data';

export interface NewRiskAssessment {
  answers: Record<string, unknown>;
  score: number;
  level: string;
  assessedBy: string;
}

const AnswersRow = rowShape('risk_assessments', { answers_enc: col.text() });

/** The risk_assessments table. */
@Injectable()
export class RiskAssessmentRepository {
  constructor(private readonly crypto: CryptoService) {}

  async insert(m: Queryable, caseId: string, a: NewRiskAssessment): Promise<void> {
    await run(
      m,
      insertStatement('risk_assessments', {
        case_id: caseId,
        score: a.score,
        level: a.level,
        assessed_by: a.assessedBy,
        ...RISK_ASSESSMENT_DATA.sealInsert(this.crypto, { answers: a.answers }),
      }),
    );
  }

  /** The answers of the case's latest assessment, decrypted; undefined when none. */
  async latestAnswers(q: Queryable, caseId: string): Promise<Record<string, unknown> | undefined> {
    const raw = await firstRow(
      q,
      `SELECT answers_enc FROM risk_assessments WHERE case_id = $1 ORDER BY assessed_at DESC, id LIMIT 1`,
      [caseId],
    );
    if (raw === undefined) return undefined;
    return RISK_ASSESSMENT_DATA.open(this.crypto, AnswersRow.parse(raw)).answers ?? undefined;
  }
}
