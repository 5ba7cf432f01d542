import { Injectable } from '@nestjs/common';
import { CryptoService } from '../../../platform/crypto';
import { col, firstRow, Queryable, rowShape, rowsOf } from '../../../platform/database';
import { ASSESSMENT_DATA } from '../assessments.personal-data';
import type { AnswerValue } from '../domain/form';

export type AssessmentStatus = 'draft' | 'completed';

/** An assessment as stored, its free-text answers opened. */
export interface Assessment {
  id: string;
  caseId: string;
  formKey: string;
  formVersion: number;
  status: AssessmentStatus;
  /** Coded answers (clear) and free-text answers (opened) together. */
  answers: Record<string, AnswerValue>;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
  completedBy: string | null;
  completedAt: Date | null;
  version: number;
}

/** An assessment in the file's list: no answers. */
export type AssessmentSummary = Omit<Assessment, 'answers'>;

const SUMMARY = {
  id: col.uuid(),
  case_id: col.uuid(),
  form_key: col.text(),
  form_version: col.int(),
  status: col.text(),
  created_by: col.uuid(),
  created_at: col.time(),
  updated_by: col.uuid(),
  updated_at: col.time(),
  completed_by: col.uuid().orNull(),
  completed_at: col.time().orNull(),
  version: col.int(),
};
const SUMMARY_ROW = rowShape('assessments', SUMMARY);
const FULL_ROW = rowShape('assessments', {
  ...SUMMARY,
  answers: col.json<Record<string, AnswerValue>>(),
  text_answers_enc: col.text().orNull(),
});

const summaryOf = (r: ReturnType<typeof SUMMARY_ROW.parse>): AssessmentSummary => ({
  id: r.id,
  caseId: r.case_id,
  formKey: r.form_key,
  formVersion: r.form_version,
  status: r.status === 'completed' ? 'completed' : 'draft',
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
  completedBy: r.completed_by,
  completedAt: r.completed_at,
  version: r.version,
});

/** assessments: coded answers in clear, free-text answers through ASSESSMENT_DATA only. */
@Injectable()
export class AssessmentRepository {
  constructor(private readonly crypto: CryptoService) {}

  private full(raw: unknown): Assessment {
    const r = FULL_ROW.parse(raw);
    const texts = ASSESSMENT_DATA.openOne(this.crypto, 'textAnswers', r.text_answers_enc) ?? {};
    return { ...summaryOf(r), answers: { ...r.answers, ...texts } };
  }

  async insert(
    m: Queryable,
    a: { caseId: string; formKey: string; formVersion: number; createdBy: string },
  ): Promise<Assessment> {
    const row = await firstRow(
      m,
      `INSERT INTO assessments AS a (case_id, form_key, form_version, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $4) RETURNING ${FULL_ROW.columns('a')}`,
      [a.caseId, a.formKey, a.formVersion, a.createdBy],
    );
    if (row === undefined) throw new Error('assessment insert returned nothing');
    return this.full(row);
  }

  /** One assessment of the case (undefined when the id is another case's or unknown); `lock` for a change. */
  async findOfCase(
    m: Queryable,
    caseId: string,
    id: string,
    opts: { lock?: boolean } = {},
  ): Promise<Assessment | undefined> {
    const row = await firstRow(
      m,
      `SELECT ${FULL_ROW.columns('a')} FROM assessments a WHERE a.id = $1 AND a.case_id = $2
       ${opts.lock ? 'FOR UPDATE' : ''}`,
      [id, caseId],
    );
    return row === undefined ? undefined : this.full(row);
  }

  /** The case's assessments, newest first (no answers). */
  async listOfCase(m: Queryable, caseId: string): Promise<AssessmentSummary[]> {
    const rows = await rowsOf(
      m,
      `SELECT ${SUMMARY_ROW.columns('a')} FROM assessments a WHERE a.case_id = $1
       ORDER BY a.created_at DESC, a.id DESC`,
      [caseId],
    );
    return SUMMARY_ROW.parseAll(rows).map(summaryOf);
  }

  /** Writes the answers (coded in clear, texts sealed) and, when given, the completion; bumps the version. */
  async save(
    m: Queryable,
    id: string,
    write: {
      coded: Record<string, AnswerValue>;
      texts: Record<string, string>;
      by: string;
      complete: boolean;
    },
  ): Promise<Assessment> {
    const sealed = ASSESSMENT_DATA.sealPatch(this.crypto, {
      textAnswers: Object.keys(write.texts).length > 0 ? write.texts : null,
    });
    const row = await firstRow(
      m,
      `WITH changed AS (
         UPDATE assessments AS a SET answers = $2::jsonb, text_answers_enc = $3, updated_by = $4,
                updated_at = now(), version = a.version + 1,
                status = CASE WHEN $5 THEN 'completed' ELSE a.status END,
                completed_by = CASE WHEN $5 THEN $4::uuid ELSE a.completed_by END,
                completed_at = CASE WHEN $5 THEN now() ELSE a.completed_at END
          WHERE a.id = $1 RETURNING ${FULL_ROW.columns('a')})
       SELECT * FROM changed`,
      [id, JSON.stringify(write.coded), sealed.text_answers_enc ?? null, write.by, write.complete],
    );
    if (row === undefined) throw new Error('assessment update returned nothing');
    return this.full(row);
  }

  /** A merge: the merged case's assessments move to the surviving case; their ids. */
  async moveCase(m: Queryable, fromCaseId: string, toCaseId: string): Promise<string[]> {
    const rows = await rowsOf<{ id: string }>(
      m,
      `WITH moved AS (UPDATE assessments SET case_id = $2 WHERE case_id = $1 RETURNING id) SELECT id FROM moved`,
      [fromCaseId, toCaseId],
    );
    return rows.map((r) => r.id);
  }

  /** The undo of a merge: exactly these assessments go back to the merged case. */
  async moveBack(m: Queryable, ids: readonly string[], toCaseId: string): Promise<void> {
    await rowsOf(
      m,
      `WITH moved AS (UPDATE assessments SET case_id = $2 WHERE id = ANY($1::uuid[]) RETURNING id)
       SELECT count(*) FROM moved`,
      [ids, toCaseId],
    );
  }

  /** Retention: the free-text answers of the case's assessments erased; how many rows held any. */
  async eraseForCase(m: Queryable, caseId: string): Promise<number> {
    const erased = ASSESSMENT_DATA.erasure(this.crypto);
    const rows = await rowsOf<{ id: string }>(
      m,
      `WITH changed AS (UPDATE assessments SET text_answers_enc = $2
         WHERE case_id = $1 AND (${ASSESSMENT_DATA.holdsAnyCondition()}) RETURNING id) SELECT id FROM changed`,
      [caseId, erased.text_answers_enc ?? null],
    );
    return rows.length;
  }
}
