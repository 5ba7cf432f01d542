import { ACTIVITIES_ROWS } from './activities.rows';
import { ADMIN_JOBS_ROWS } from './admin-jobs.rows';
import { ASSESSMENTS_ROWS } from './assessments.rows';
import { AUDIT_ROWS } from './audit.rows';
import { CALLS_ROWS } from './calls.rows';
import { CASES_ROWS } from './cases.rows';
import { CASE_WORK_ROWS } from './case-work.rows';
import { CATALOGUES_ROWS } from './catalogues.rows';
import { DIRECTORY_ROWS } from './directory.rows';
import { DOCUMENTS_ROWS } from './documents.rows';
import { FOLLOWUPS_ROWS } from './followups.rows';
import { IDENTITY_ROWS } from './identity.rows';
import { MERGES_ROWS } from './merges.rows';
import { NOTIFICATIONS_ROWS } from './notifications.rows';
import { PLANS_ROWS } from './plans.rows';
import { PLATFORM_ROWS } from './platform.rows';
import { PRINTING_ROWS } from './printing.rows';
import { REFERRALS_ROWS } from './referrals.rows';
import { REPORTING_ROWS } from './reporting.rows';
import { REPORTS_ROWS } from './reports.rows';
import { STAYS_ROWS } from './stays.rows';
import { TRANSFERS_ROWS } from './transfers.rows';
import type { Row } from './types';

export type { Caller, Check, Dynamic, JsonBody, MatrixContext, Row } from './types';

/** Every module's rows of the authorization matrix: one file per module, listed here. */
export const ALL_ROWS: Row[] = [
  ...PLATFORM_ROWS,
  ...IDENTITY_ROWS,
  ...AUDIT_ROWS,
  ...NOTIFICATIONS_ROWS,
  ...CATALOGUES_ROWS,
  ...DIRECTORY_ROWS,
  ...CASES_ROWS,
  ...CALLS_ROWS,
  ...MERGES_ROWS,
  ...DOCUMENTS_ROWS,
  ...ASSESSMENTS_ROWS,
  ...CASE_WORK_ROWS,
  ...REFERRALS_ROWS,
  ...STAYS_ROWS,
  ...FOLLOWUPS_ROWS,
  ...PLANS_ROWS,
  ...ADMIN_JOBS_ROWS,
  ...ACTIVITIES_ROWS,
  ...REPORTING_ROWS,
  ...REPORTS_ROWS,
  ...PRINTING_ROWS,
  ...TRANSFERS_ROWS,
];
