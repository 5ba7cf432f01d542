import { Injectable } from '@nestjs/common';
import { CryptoService, Opened, PlainPatch } from '../../../platform/crypto';
import { col, firstRow, insertStatement, Queryable, rowShape, run } from '../../../platform/database';
import { REPORTER_DATA } from '../cases.personal-data';

type ReporterFields = typeof REPORTER_DATA.fields;

/** Who reported the case, decrypted. */
export type Reporter = { relationship: string } & Opened<ReporterFields>;

const ReporterRow = rowShape('reporters', { relationship: col.text() });

/** The reporters table: at most one row per case. */
@Injectable()
export class ReporterRepository {
  constructor(private readonly crypto: CryptoService) {}

  async insertIntake(
    m: Queryable,
    caseId: string,
    relationship: string,
    personal: PlainPatch<ReporterFields>,
  ): Promise<void> {
    await run(
      m,
      insertStatement('reporters', {
        case_id: caseId,
        relationship,
        ...REPORTER_DATA.sealInsert(this.crypto, personal),
      }),
    );
  }

  async findByCase(q: Queryable, caseId: string): Promise<Reporter | undefined> {
    const row = await firstRow<Record<string, unknown>>(
      q,
      `SELECT ${ReporterRow.columns()}, ${REPORTER_DATA.selectList()} FROM reporters WHERE case_id = $1`,
      [caseId],
    );
    if (row === undefined) return undefined;
    return { relationship: ReporterRow.parse(row).relationship, ...REPORTER_DATA.open(this.crypto, row) };
  }
}
