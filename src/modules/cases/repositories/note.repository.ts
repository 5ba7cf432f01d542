import { Injectable } from '@nestjs/common';
import { CryptoService } from '../../../platform/crypto';
import { col, insertStatement, Queryable, rowShape, rowsOf, run } from '../../../platform/database';
import { NOTE_DATA } from '../cases.personal-data';

/** A case note, decrypted. */
export interface CaseNote {
  id: string;
  text: string;
  createdBy: string;
  createdAt: Date;
}

const WRITTEN = rowShape('notes (written)', { id: col.uuid(), created_at: col.time() });

const NOTE = rowShape('notes', {
  id: col.uuid(),
  text_enc: col.text(),
  created_by: col.uuid(),
  created_at: col.time(),
});

/** The notes of a case (table notes): the text is written and read through NOTE_DATA only. */
@Injectable()
export class NoteRepository {
  constructor(private readonly crypto: CryptoService) {}

  async insert(
    m: Queryable,
    note: { caseId: string; text: string; createdBy: string },
  ): Promise<{ id: string; createdAt: Date }> {
    const [raw] = await run(
      m,
      insertStatement(
        'notes',
        {
          case_id: note.caseId,
          created_by: note.createdBy,
          ...NOTE_DATA.sealInsert(this.crypto, { text: note.text }),
        },
        WRITTEN.columns(),
      ),
    );
    if (!raw) throw new Error('note not written');
    const row = WRITTEN.parse(raw);
    return { id: row.id, createdAt: row.created_at };
  }

  /** The case's notes, oldest first. */
  async listForCase(m: Queryable, caseId: string): Promise<CaseNote[]> {
    const rows = await rowsOf(
      m,
      `SELECT ${NOTE.columns()} FROM notes WHERE case_id = $1 ORDER BY created_at, id`,
      [caseId],
    );
    return NOTE.parseAll(rows).map((r) => ({
      id: r.id,
      text: NOTE_DATA.openOne(this.crypto, 'text', r.text_enc) ?? '',
      createdBy: r.created_by,
      createdAt: r.created_at,
    }));
  }
}
