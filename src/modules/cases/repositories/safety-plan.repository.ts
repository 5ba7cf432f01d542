import { Injectable } from '@nestjs/common';
import { CryptoService } from '../../../platform/crypto';
import {
  col,
  firstRow,
  insertStatement,
  Queryable,
  rowShape,
  rowsOf,
  run,
  updateStatement,
} from '../../../platform/database';
import { DomainError } from '../../../platform/http';
import { EMPTY_SAFETY_PLAN, SAFETY_PLAN_DATA, SafetyPlanContentValue } from '../safety-plan.personal-data';

/** The plan's head: its current version and its last save and review. */
export interface SafetyPlanHead {
  caseId: string;
  version: number;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
  reviewedBy: string;
  reviewedAt: Date;
}

/** One saved version, decrypted. */
export interface SafetyPlanVersion {
  version: number;
  leavingItems: string[];
  content: SafetyPlanContentValue;
  savedBy: string;
  savedAt: Date;
}

/** One review (changed or not). */
export interface SafetyPlanReview {
  id: string;
  version: number;
  source: string;
  followUpId: string | null;
  reviewedBy: string;
  reviewedAt: Date;
}

/** What the plan's status is decided on: the plan's last review and the latest risk assessment. */
export interface SafetyPlanFacts {
  reviewedAt: Date | null;
  latestAssessment: { level: string; assessedAt: Date } | null;
}

const HEAD = rowShape('safety_plans', {
  case_id: col.uuid(),
  version: col.int(),
  created_by: col.uuid(),
  created_at: col.time(),
  updated_by: col.uuid(),
  updated_at: col.time(),
  reviewed_by: col.uuid(),
  reviewed_at: col.time(),
});
const VERSION = rowShape('safety_plan_versions', {
  version: col.int(),
  leaving_items: col.textArray(),
  content_enc: col.text(),
  saved_by: col.uuid(),
  saved_at: col.time(),
});
const REVIEW = rowShape('safety_plan_reviews', {
  id: col.uuid(),
  version: col.int(),
  source: col.text(),
  follow_up_id: col.uuid().orNull(),
  reviewed_by: col.uuid(),
  reviewed_at: col.time(),
});
const FACTS = rowShape('safety plan facts', {
  reviewed_at: col.time().orNull(),
  level: col.text().orNull(),
  assessed_at: col.time().orNull(),
});
const VERSION_ONLY = rowShape('safety_plans (version)', { version: col.int() });

function headOf(r: ReturnType<typeof HEAD.parse>): SafetyPlanHead {
  return {
    caseId: r.case_id,
    version: r.version,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at,
  };
}

/**
 * The case's safety plan (tables safety_plans, safety_plan_versions, safety_plan_reviews): the content
 * only through its declaration (safety-plan.personal-data.ts). A save is versioned: a stale version
 * answers 409 VERSION_CONFLICT, and the first save of a case's plan expects version 0.
 */
@Injectable()
export class SafetyPlanRepository {
  constructor(private readonly crypto: CryptoService) {}

  async head(m: Queryable, caseId: string, opts: { lock?: boolean } = {}): Promise<SafetyPlanHead | null> {
    const raw = await firstRow(
      m,
      `SELECT ${HEAD.columns()} FROM safety_plans WHERE case_id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
      [caseId],
    );
    return raw === undefined ? null : headOf(HEAD.parse(raw));
  }

  /** The plan's last review (or save) and the case's latest risk assessment. */
  async facts(m: Queryable, caseId: string): Promise<SafetyPlanFacts> {
    const raw = await firstRow(
      m,
      `SELECT (SELECT sp.reviewed_at FROM safety_plans sp WHERE sp.case_id = $1) AS reviewed_at,
              ra.level, ra.assessed_at
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (SELECT level, assessed_at FROM risk_assessments WHERE case_id = $1
                             ORDER BY assessed_at DESC, id DESC LIMIT 1) ra ON true`,
      [caseId],
    );
    const r = FACTS.parse(raw);
    return {
      reviewedAt: r.reviewed_at,
      latestAssessment: r.level && r.assessed_at ? { level: r.level, assessedAt: r.assessed_at } : null,
    };
  }

  /**
   * Saves a new version read at `expected` (0: no plan yet); the new version, or VERSION_CONFLICT.
   * A save counts as a review.
   */
  async save(
    m: Queryable,
    p: {
      caseId: string;
      expected: number;
      leavingItems: string[];
      content: SafetyPlanContentValue;
      by: string;
    },
  ): Promise<number> {
    let version: number;
    if (p.expected === 0) {
      const [raw] = await run(m, {
        text: `INSERT INTO safety_plans (case_id, version, created_by, updated_by, reviewed_by)
                 VALUES ($1, 1, $2, $2, $2) ON CONFLICT (case_id) DO NOTHING RETURNING version`,
        values: [p.caseId, p.by],
      });
      if (raw === undefined) throw new DomainError('VERSION_CONFLICT');
      version = VERSION_ONLY.parse(raw).version;
    } else {
      const [raw] = await run(
        m,
        updateStatement(
          'safety_plans',
          { updated_by: p.by, reviewed_by: p.by },
          (q) => `case_id = ${q.add(p.caseId)} AND version = ${q.add(p.expected)}`,
          {
            returning: VERSION_ONLY.columns(),
            extraSet: ['version = version + 1', 'updated_at = now()', 'reviewed_at = now()'],
          },
        ),
      );
      if (raw === undefined) throw new DomainError('VERSION_CONFLICT');
      version = VERSION_ONLY.parse(raw).version;
    }
    await run(
      m,
      insertStatement('safety_plan_versions', {
        case_id: p.caseId,
        version,
        leaving_items: p.leavingItems,
        saved_by: p.by,
        ...SAFETY_PLAN_DATA.sealInsert(this.crypto, { content: p.content }),
      }),
    );
    return version;
  }

  /** A review of the current version, changed or not; the plan's last review moves to now. */
  async review(
    m: Queryable,
    r: { caseId: string; version: number; source: string; followUpId?: string; by: string },
  ): Promise<void> {
    await run(
      m,
      insertStatement('safety_plan_reviews', {
        case_id: r.caseId,
        version: r.version,
        source: r.source,
        follow_up_id: r.followUpId ?? null,
        reviewed_by: r.by,
      }),
    );
    await run(
      m,
      updateStatement('safety_plans', { reviewed_by: r.by }, (q) => `case_id = ${q.add(r.caseId)}`, {
        extraSet: ['reviewed_at = now()'],
      }),
    );
  }

  /** The case's versions, newest first (`limit` 1: the current one), decrypted. */
  async versions(m: Queryable, caseId: string, limit?: number): Promise<SafetyPlanVersion[]> {
    const rows = await rowsOf(
      m,
      `SELECT ${VERSION.columns()} FROM safety_plan_versions WHERE case_id = $1
        ORDER BY version DESC${limit ? ` LIMIT ${Math.trunc(limit)}` : ''}`,
      [caseId],
    );
    return VERSION.parseAll(rows).map((r) => ({
      version: r.version,
      leavingItems: r.leaving_items,
      content: SAFETY_PLAN_DATA.openOne(this.crypto, 'content', r.content_enc) ?? EMPTY_SAFETY_PLAN,
      savedBy: r.saved_by,
      savedAt: r.saved_at,
    }));
  }

  /** The case's reviews, newest first. */
  async reviews(m: Queryable, caseId: string): Promise<SafetyPlanReview[]> {
    const rows = await rowsOf(
      m,
      `SELECT ${REVIEW.columns()} FROM safety_plan_reviews WHERE case_id = $1
        ORDER BY reviewed_at DESC, id DESC`,
      [caseId],
    );
    return REVIEW.parseAll(rows).map((r) => ({
      id: r.id,
      version: r.version,
      source: r.source,
      followUpId: r.follow_up_id,
      reviewedBy: r.reviewed_by,
      reviewedAt: r.reviewed_at,
    }));
  }
}
