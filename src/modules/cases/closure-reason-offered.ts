import type { CatalogueService } from '../../platform/catalogues';
import { DomainError } from '../../platform/http';
import './transfers.errors';

/**
 * A closure reason kept for the cases that carry it but no longer offered (`offered: false` in
 * closure-reasons.yaml, `transferred` first: a transfer moves the case instead): a new closure request
 * naming it answers 422 CLOSURE_REASON_RETIRED. Old cases keep and show it.
 */
export function assertClosureReasonOffered(
  catalogues: CatalogueService,
  reasonCode: string | undefined,
): void {
  if (reasonCode === undefined) return;
  if (catalogues.item('closure-reasons', reasonCode)?.offered === false)
    throw new DomainError('CLOSURE_REASON_RETIRED', { reason: reasonCode });
}
