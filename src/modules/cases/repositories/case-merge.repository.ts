import { Injectable } from '@nestjs/common';
import {
  changedCount,
  col,
  firstRow,
  insertStatement,
  Queryable,
  rowShape,
  rowsOf,
  run,
  updateReturning,
} from '../../../platform/database';

/** The merged case's status while it stands merged (out of lists; caseOpen refuses it). */
export const MERGED_STATUS = 'merged';

export interface CaseLinkRow {
  id: string;
  /** The other case of the pair, seen from the case asked about. */
  otherCaseId: string;
  otherReference: string;
  otherStatus: string;
  createdBy: string;
  createdAt: Date;
}

export interface CaseMergeRow {
  id: string;
  survivingCaseId: string;
  survivingReference: string;
  mergedCaseId: string;
  mergedReference: string;
  mergedStatus: string;
  moved: Record<string, string[]>;
  mergedBy: string;
  mergedAt: Date;
  undoDeadline: Date;
  undoneBy: string | null;
  undoneAt: Date | null;
}

const LINK = rowShape('case_links (seen from a case)', {
  id: col.uuid(),
  other_case_id: col.uuid(),
  other_reference: col.text(),
  other_status: col.text(),
  created_by: col.uuid(),
  created_at: col.time(),
});

const LINK_ENDS = rowShape('case_links (ends)', {
  id: col.uuid(),
  case_id: col.uuid(),
  linked_case_id: col.uuid(),
});

const MERGE = rowShape('case_merges', {
  id: col.uuid(),
  surviving_case_id: col.uuid(),
  surviving_reference: col.text(),
  merged_case_id: col.uuid(),
  merged_reference: col.text(),
  merged_status: col.text(),
  moved: col.json<Record<string, string[]>>(),
  merged_by: col.uuid(),
  merged_at: col.time(),
  undo_deadline: col.time(),
  undone_by: col.uuid().orNull(),
  undone_at: col.time().orNull(),
});

const MERGE_SELECT = `SELECT cm.id, cm.surviving_case_id, s.reference AS surviving_reference, cm.merged_case_id,
       mc.reference AS merged_reference, cm.merged_status, cm.moved, cm.merged_by, cm.merged_at,
       cm.undo_deadline, cm.undone_by, cm.undone_at
  FROM case_merges cm JOIN cases s ON s.id = cm.surviving_case_id JOIN cases mc ON mc.id = cm.merged_case_id`;

const SUCCESSOR = rowShape('case successor', { id: col.uuid(), reference: col.text() });
const ID = rowShape('id', { id: col.uuid() });
const ID_STATUS = rowShape('cases (status)', { id: col.uuid(), status: col.text() });
const VERSION = rowShape('cases (version)', { version: col.int() });

const mergeOf = (r: ReturnType<typeof MERGE.parse>): CaseMergeRow => ({
  id: r.id,
  survivingCaseId: r.surviving_case_id,
  survivingReference: r.surviving_reference,
  mergedCaseId: r.merged_case_id,
  mergedReference: r.merged_reference,
  mergedStatus: r.merged_status,
  moved: r.moved,
  mergedBy: r.merged_by,
  mergedAt: r.merged_at,
  undoDeadline: r.undo_deadline,
  undoneBy: r.undone_by,
  undoneAt: r.undone_at,
});

/**
 * Where a merged case's work went: the case it was merged into, following merges of merges to the one
 * that stands (at most 20 steps); undefined when the case is not merged. Also callable without the
 * repository instance (CaseFileAccess, as findCaseHead).
 */
export async function findCaseSuccessor(
  q: Queryable,
  caseId: string,
): Promise<{ id: string; reference: string } | undefined> {
  const raw = await firstRow(
    q,
    `WITH RECURSIVE chain(id, depth) AS (
       SELECT cm.surviving_case_id, 1 FROM case_merges cm WHERE cm.merged_case_id = $1 AND cm.undone_at IS NULL
       UNION ALL
       SELECT cm.surviving_case_id, chain.depth + 1 FROM chain
         JOIN case_merges cm ON cm.merged_case_id = chain.id AND cm.undone_at IS NULL
        WHERE chain.depth < 20
     )
     SELECT c.id, c.reference FROM chain JOIN cases c ON c.id = chain.id ORDER BY chain.depth DESC LIMIT 1`,
    [caseId],
  );
  return raw === undefined ? undefined : SUCCESSOR.parse(raw);
}

/** Links between cases, merges and their undo (tables case_links, case_merges; the merged case's status). */
@Injectable()
export class CaseMergeRepository {
  // --- links ---------------------------------------------------------------------------------------------

  /** The link between the two cases in either direction, if any. */
  async findLinkBetween(q: Queryable, a: string, b: string): Promise<string | undefined> {
    const raw = await firstRow(
      q,
      `SELECT id FROM case_links WHERE (case_id = $1 AND linked_case_id = $2) OR (case_id = $2 AND linked_case_id = $1)`,
      [a, b],
    );
    return raw === undefined ? undefined : ID.parse(raw).id;
  }

  async insertLink(m: Queryable, caseId: string, linkedCaseId: string, createdBy: string): Promise<string> {
    const [raw] = await run(
      m,
      insertStatement(
        'case_links',
        { case_id: caseId, linked_case_id: linkedCaseId, created_by: createdBy },
        'id',
      ),
    );
    return ID.parse(raw).id;
  }

  /** The links of a case, both directions, newest first. */
  async listLinks(q: Queryable, caseId: string): Promise<CaseLinkRow[]> {
    const rows = await rowsOf(
      q,
      `SELECT l.id, o.id AS other_case_id, o.reference AS other_reference, o.status AS other_status,
              l.created_by, l.created_at
         FROM case_links l
         JOIN cases o ON o.id = CASE WHEN l.case_id = $1 THEN l.linked_case_id ELSE l.case_id END
        WHERE l.case_id = $1 OR l.linked_case_id = $1
        ORDER BY l.created_at DESC, l.id`,
      [caseId],
    );
    return LINK.parseAll(rows).map((r) => ({
      id: r.id,
      otherCaseId: r.other_case_id,
      otherReference: r.other_reference,
      otherStatus: r.other_status,
      createdBy: r.created_by,
      createdAt: r.created_at,
    }));
  }

  /** The link `linkId` if it touches `caseId`. */
  async findLinkOf(
    q: Queryable,
    caseId: string,
    linkId: string,
  ): Promise<{ id: string; caseId: string; linkedCaseId: string } | undefined> {
    const raw = await firstRow(
      q,
      `SELECT id, case_id, linked_case_id FROM case_links WHERE id = $1 AND (case_id = $2 OR linked_case_id = $2)`,
      [linkId, caseId],
    );
    if (raw === undefined) return undefined;
    const r = LINK_ENDS.parse(raw);
    return { id: r.id, caseId: r.case_id, linkedCaseId: r.linked_case_id };
  }

  async deleteLink(m: Queryable, linkId: string): Promise<boolean> {
    return (await changedCount(m, 'DELETE FROM case_links WHERE id = $1', [linkId])) > 0;
  }

  // --- merges --------------------------------------------------------------------------------------------

  async insertMerge(
    m: Queryable,
    merge: {
      survivingCaseId: string;
      mergedCaseId: string;
      mergedStatus: string;
      moved: Record<string, string[]>;
      mergedBy: string;
      mergedAt: Date;
      undoDeadline: Date;
    },
    id?: string,
  ): Promise<string> {
    const [raw] = await run(
      m,
      insertStatement(
        'case_merges',
        {
          ...(id ? { id } : {}),
          surviving_case_id: merge.survivingCaseId,
          merged_case_id: merge.mergedCaseId,
          merged_status: merge.mergedStatus,
          moved: JSON.stringify(merge.moved),
          merged_by: merge.mergedBy,
          merged_at: merge.mergedAt,
          undo_deadline: merge.undoDeadline,
        },
        'id',
      ),
    );
    return ID.parse(raw).id;
  }

  async findMerge(
    q: Queryable,
    id: string,
    opts: { lock?: boolean } = {},
  ): Promise<CaseMergeRow | undefined> {
    const raw = await firstRow(q, `${MERGE_SELECT} WHERE cm.id = $1${opts.lock ? ' FOR UPDATE OF cm' : ''}`, [
      id,
    ]);
    return raw === undefined ? undefined : mergeOf(MERGE.parse(raw));
  }

  /** The merges a case took part in (surviving or merged), newest first. */
  async listMerges(q: Queryable, caseId: string): Promise<CaseMergeRow[]> {
    const rows = await rowsOf(
      q,
      `${MERGE_SELECT} WHERE cm.surviving_case_id = $1 OR cm.merged_case_id = $1 ORDER BY cm.merged_at DESC, cm.id`,
      [caseId],
    );
    return MERGE.parseAll(rows).map(mergeOf);
  }

  /** The standing merge (not undone) that merged `caseId` into another case, if any. */
  async standingMergeOf(q: Queryable, caseId: string): Promise<CaseMergeRow | undefined> {
    const raw = await firstRow(q, `${MERGE_SELECT} WHERE cm.merged_case_id = $1 AND cm.undone_at IS NULL`, [
      caseId,
    ]);
    return raw === undefined ? undefined : mergeOf(MERGE.parse(raw));
  }

  async markUndone(m: Queryable, id: string, undoneBy: string, at: Date): Promise<void> {
    await changedCount(m, 'UPDATE case_merges SET undone_by = $2, undone_at = $3 WHERE id = $1', [
      id,
      undoneBy,
      at,
    ]);
  }

  /** Where a merged case's work went (findCaseSuccessor). */
  successorOf(q: Queryable, caseId: string): Promise<{ id: string; reference: string } | undefined> {
    return findCaseSuccessor(q, caseId);
  }

  /** The reference a search for `reference` means: its successor's when that case was merged. */
  async currentReference(q: Queryable, reference: string): Promise<string> {
    const raw = await firstRow(q, 'SELECT id, status FROM cases WHERE reference = $1', [reference]);
    if (raw === undefined) return reference;
    const c = ID_STATUS.parse(raw);
    if (c.status !== MERGED_STATUS) return reference;
    return (await findCaseSuccessor(q, c.id))?.reference ?? reference;
  }

  /** The id of the case holding `reference`, if any. */
  async caseIdByReference(q: Queryable, reference: string): Promise<string | undefined> {
    const raw = await firstRow(q, 'SELECT id FROM cases WHERE reference = $1', [reference]);
    return raw === undefined ? undefined : ID.parse(raw).id;
  }

  // --- the cases' own columns -------------------------------------------------------------------------------

  /**
   * Sets a case's status (merged, or back to its earlier one, never closed), one version up. A merged
   * case's closed_at is the merge's time, from which retention counts (an undo clears it).
   */
  async setStatus(m: Queryable, caseId: string, status: string): Promise<number> {
    const [raw] = await updateReturning(
      m,
      `UPDATE cases SET status = $2, version = version + 1, updated_at = now(),
              closed_at = CASE WHEN $2 = '${MERGED_STATUS}' THEN now() ELSE NULL END
        WHERE id = $1 RETURNING version`,
      [caseId, status],
    );
    if (!raw) throw new Error('case not found for its status');
    return VERSION.parse(raw).version;
  }
}
