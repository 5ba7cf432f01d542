import { randomInt, randomUUID } from 'node:crypto';
import { CryptoService } from '../../../src/platform/crypto';
import { ROLE_NAMES, RoleName } from '../../factories/identity';
import type { Check, MatrixContext, Row } from './types';

/**
 * Documents (config/access-rules.yaml: case.read_documents, case.add_document, case.remove_document).
 * Each check makes its own case in SQL in the relation it names, and for the routes on one document a
 * document with sealed content (the application's key ring). The upload's checks send a JSON body: the
 * access decision comes first (404 when the case is hidden), then 415 DOCUMENT_FORM_REQUIRED for whoever
 * passes it.
 */

type Org = 'A' | 'B';

interface CaseSetup {
  org?: Org;
  assignee?: RoleName;
  createdBy?: RoleName;
  restricted?: boolean;
}

const caseOf = async (ctx: MatrixContext, setup: CaseSetup): Promise<string> => {
  const org = setup.org ?? 'A';
  const orgId = org === 'A' ? ctx.world.orgA.id : ctx.world.orgB.id;
  const [c] = await ctx.db.query<{ id: string }>(
    `INSERT INTO cases (reference, organization_id, channel, received_at, status, assignee_id, restricted,
                        created_by, record_key)
     VALUES ($1, $2, 'hotline', now(), 'in_progress', $3, $4, $5, $6) RETURNING id`,
    [
      `DX-2026-${String(randomInt(1, 999_999_999)).padStart(9, '0')}`,
      orgId,
      setup.assignee ? ctx.world.users[setup.assignee][org].id : null,
      setup.restricted ?? false,
      ctx.world.users[setup.createdBy ?? 'supervisor'][org].id,
      randomInt(0, 2 ** 31 - 1),
    ],
  );
  await ctx.db.query(`INSERT INTO survivors (case_id, sex) VALUES ($1, 'female')`, [c!.id]);
  return c!.id;
};

/** A PDF document on the case, with its content sealed as the application seals it. */
const documentOf = async (ctx: MatrixContext, caseId: string): Promise<string> => {
  const crypto = ctx.api.app.get(CryptoService);
  const id = randomUUID();
  await ctx.db.query(
    `INSERT INTO documents (id, case_id, kind, media_type, size_bytes, name_enc, added_by)
     VALUES ($1, $2, 'medical', 'application/pdf', 9, $3, $4)`,
    [id, caseId, crypto.encrypt('ma-tran.pdf', 'documents.name_enc'), ctx.world.users.supervisor.A.id],
  );
  await ctx.db.query(`INSERT INTO document_contents (document_id, content_enc) VALUES ($1, $2)`, [
    id,
    crypto.encryptBytes(Buffer.from('%PDF-1.4\n'), `documents.content:${id}`),
  ]);
  return id;
};

const CASE_ROLES: readonly RoleName[] = ['hotline_operator', 'counsellor', 'supervisor'];
const NO_CASE_ROLES = ROLE_NAMES.filter((r) => !CASE_ROLES.includes(r));

function documentsRow(method: 'GET' | 'POST' | 'DELETE', onDocument: boolean, ok: number): Row {
  const suffix = onDocument ? '/documents/:documentId' : '/documents';
  const pathFor =
    (setup: CaseSetup) =>
    async (ctx: MatrixContext): Promise<string> => {
      const caseId = await caseOf(ctx, setup);
      return onDocument
        ? `/api/v1/cases/${caseId}/documents/${await documentOf(ctx, caseId)}`
        : `/api/v1/cases/${caseId}/documents`;
    };
  const body = method === 'POST' ? { body: { kind: 'medical' } } : {};
  const relations: [RoleName, string, CaseSetup, number][] = [
    ['supervisor', 'same organisation', {}, ok],
    ['supervisor', 'other organisation', { org: 'B' }, 404],
    ['supervisor', 'restricted, not naming me', { restricted: true }, 404],
    ['counsellor', 'assigned to me', { assignee: 'counsellor' }, ok],
    ['counsellor', 'not assigned to me', {}, 404],
    ['hotline_operator', 'opened by me within 24 hours', { createdBy: 'hotline_operator' }, ok],
    ['hotline_operator', 'opened by another user', {}, 404],
  ];
  const unknown = onDocument
    ? `/api/v1/cases/${randomUUID()}/documents/${randomUUID()}`
    : `/api/v1/cases/${randomUUID()}/documents`;
  const checks: Check[] = [
    { as: 'anonymous', relation: 'not signed in', method, path: unknown, ...body, expect: 401 },
    { as: 'supervisor', relation: 'no such case', method, path: unknown, ...body, expect: 404 },
    ...relations.map(([as, relation, setup, expect]): Check => ({
      as,
      relation,
      method,
      path: pathFor(setup),
      ...body,
      expect,
    })),
    ...NO_CASE_ROLES.map((as): Check => ({
      as,
      relation: 'same organisation',
      method,
      path: pathFor({}),
      ...body,
      expect: 404,
    })),
  ];
  if (onDocument) {
    checks.push({
      as: 'supervisor',
      relation: 'no such document on a case I may read',
      method,
      path: async (ctx) => `/api/v1/cases/${await caseOf(ctx, {})}/documents/${randomUUID()}`,
      expect: 404,
    });
  }
  return { route: `${method} /api/v1/cases/:id${suffix}`, access: 'policy', checks };
}

export const DOCUMENTS_ROWS: Row[] = [
  // A JSON body: whoever passes case.add_document is told to send a form (415).
  documentsRow('POST', false, 415),
  documentsRow('GET', false, 200),
  documentsRow('GET', true, 200),
  documentsRow('DELETE', true, 200),
];
