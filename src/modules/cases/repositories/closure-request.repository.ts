import { Injectable } from '@nestjs/common';
import { CryptoService } from '../../../platform/crypto';
import { insertStatement, Queryable, run, updateStatement } from '../../../platform/database';
import { CLOSURE_REQUEST_DATA } from '../cases.personal-data';

/** The closure requests of a case and their decisions (table closure_requests), texts through their declaration. */
@Injectable()
export class ClosureRequestRepository {
  constructor(private readonly crypto: CryptoService) {}

  async insert(
    m: Queryable,
    r: { caseId: string; requestedBy: string; reasonCode: string; reasonText: string | null },
  ): Promise<void> {
    await run(
      m,
      insertStatement('closure_requests', {
        case_id: r.caseId,
        requested_by: r.requestedBy,
        reason_code: r.reasonCode,
        ...CLOSURE_REQUEST_DATA.sealInsert(this.crypto, { reasonText: r.reasonText }),
      }),
    );
  }

  /** Records the decision on the case's pending request (the one without a decision). */
  async decidePending(
    m: Queryable,
    caseId: string,
    d: { decidedBy: string; decision: 'approved' | 'rejected'; reasonText: string | null },
  ): Promise<void> {
    await run(
      m,
      updateStatement(
        'closure_requests',
        {
          decided_by: d.decidedBy,
          decision: d.decision,
          ...CLOSURE_REQUEST_DATA.sealPatch(this.crypto, { decisionReason: d.reasonText }),
        },
        (p) => `case_id = ${p.add(caseId)} AND decision IS NULL`,
        { extraSet: ['decided_at = now()'] },
      ),
    );
  }
}
