import { Queryable } from '../../platform/database';
import { DomainError } from '../../platform/http';
import { findCaseSuccessor, MERGED_STATUS } from './repositories/case-merge.repository';

export { MERGED_STATUS };

/**
 * The answer for a merged case, once the caller was allowed to read it: 410 CASE_MERGED naming its
 * successor (details.mergedInto { id, reference }; null if none stands, which a merge never leaves).
 */
export async function caseMergedError(q: Queryable, caseId: string): Promise<DomainError> {
  const next = await findCaseSuccessor(q, caseId);
  return new DomainError('CASE_MERGED', {}, { mergedInto: next ?? null });
}
