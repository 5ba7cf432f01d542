import { Injectable } from '@nestjs/common';
import { col, Queryable, rowShape, rowsOf } from '../../../platform/database';
import type { FormDefinition } from '../domain/form';

/** A shipped version of a form as recorded. */
export interface RecordedFormVersion {
  formKey: string;
  version: number;
  hash: string;
  definition: FormDefinition;
}

const VERSION = rowShape('assessment_form_versions', {
  form_key: col.text(),
  version: col.int(),
  hash: col.text(),
  definition: col.json<FormDefinition>(),
});

const recordedOf = (r: ReturnType<typeof VERSION.parse>): RecordedFormVersion => ({
  formKey: r.form_key,
  version: r.version,
  hash: r.hash,
  definition: r.definition,
});

/** assessment_form_versions: the definitions of the form versions shipped, recorded once each. */
@Injectable()
export class FormVersionRepository {
  /** Records each version not recorded yet (another process may record it at the same moment). */
  async recordMissing(
    m: Queryable,
    versions: readonly { formKey: string; version: number; hash: string; definition: FormDefinition }[],
  ): Promise<void> {
    for (const v of versions) {
      await rowsOf(
        m,
        `INSERT INTO assessment_form_versions (form_key, version, hash, definition)
         VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT (form_key, version) DO NOTHING`,
        [v.formKey, v.version, v.hash, JSON.stringify(v.definition)],
      );
    }
  }

  /** One recorded version, or undefined. */
  async find(m: Queryable, formKey: string, version: number): Promise<RecordedFormVersion | undefined> {
    const rows = await rowsOf(
      m,
      `SELECT ${VERSION.columns()} FROM assessment_form_versions WHERE form_key = $1 AND version = $2`,
      [formKey, version],
    );
    return VERSION.parseAll(rows).map(recordedOf)[0];
  }

  /** Every recorded version. */
  async all(m: Queryable): Promise<RecordedFormVersion[]> {
    const rows = await rowsOf(
      m,
      `SELECT ${VERSION.columns()} FROM assessment_form_versions ORDER BY form_key, version`,
    );
    return VERSION.parseAll(rows).map(recordedOf);
  }
}
