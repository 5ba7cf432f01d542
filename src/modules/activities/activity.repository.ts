import { Injectable } from '@nestjs/common';
import { CryptoService } from '../../platform/crypto';
import { col, firstRow, PositionalParams, Queryable, rowShape, rowsOf } from '../../platform/database';
import type { AccessFilter } from '../access';
import { ACTIVITY_DATA } from './activities.personal-data';
import { ActivityFilter, ActivityTotal, activityTotalStatement } from './activity-measures.sql';

/** The checked values of an activity, as stored (its notes apart). */
export interface ActivityValues {
  kind: string;
  project: number;
  model: number | null;
  title: string;
  date: string;
  provinceCode: string;
  communeCode: string | null;
  audience: string[];
  participants: { female: number; male: number; other: number };
  youthParticipants: number | null;
  residentialClustersReached: number | null;
}

export interface Activity extends ActivityValues {
  id: string;
  organizationId: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** An activity with its notes still sealed (opened only by `openNotes`, for the one read that shows them). */
export interface StoredActivity extends Activity {
  readonly sealedNotes: { notes_enc: string | null };
}

export interface ActivityListFilter {
  from?: string;
  to?: string;
  provinceCode?: string;
  communeCode?: string;
  kind?: string;
  after?: { date: string; id: string };
  /** The caller's access filter (activity.list), its placeholders from `firstParam`. */
  visible: (firstParam: number) => AccessFilter;
}

const ACTIVITY = rowShape('activities', {
  id: col.uuid(),
  kind: col.text(),
  project: col.int(),
  model: col.int().orNull(),
  title: col.text(),
  // As text: the driver would turn a date column into a JavaScript Date at local midnight.
  date: col.text().as('{a}.date::text'),
  province_code: col.text(),
  commune_code: col.text().orNull(),
  organization_id: col.uuid(),
  audience: col.textArray(),
  participants_female: col.int(),
  participants_male: col.int(),
  participants_other: col.int(),
  youth_participants: col.int().orNull(),
  residential_clusters_reached: col.int().orNull(),
  created_by: col.uuid(),
  created_at: col.time(),
  updated_at: col.time(),
  version: col.int(),
});

const NOTES = rowShape('activities', { notes_enc: col.text().orNull() });
const TOTAL = rowShape('total', { total: col.text() });

const activityOf = (raw: unknown): Activity => {
  const r = ACTIVITY.parse(raw);
  return {
    id: r.id,
    kind: r.kind,
    project: r.project,
    model: r.model,
    title: r.title,
    date: r.date,
    provinceCode: r.province_code,
    communeCode: r.commune_code,
    organizationId: r.organization_id,
    audience: r.audience,
    participants: { female: r.participants_female, male: r.participants_male, other: r.participants_other },
    youthParticipants: r.youth_participants,
    residentialClustersReached: r.residential_clusters_reached,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
};

/** activities: community work, counted by the plan's measures; notes sealed. */
@Injectable()
export class ActivityRepository {
  constructor(private readonly crypto: CryptoService) {}

  async insert(
    m: Queryable,
    v: ActivityValues,
    by: { organizationId: string; userId: string },
    notes: string | undefined,
  ): Promise<Activity> {
    const sealed = ACTIVITY_DATA.sealInsert(this.crypto, { notes });
    const row = await firstRow(
      m,
      `INSERT INTO activities AS a (kind, project, model, title, date, province_code, commune_code,
              organization_id, audience, participants_female, participants_male, participants_other,
              youth_participants, residential_clusters_reached, notes_enc, created_by)
       VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8, $9::text[], $10, $11, $12, $13, $14, $15, $16)
       RETURNING ${ACTIVITY.columns('a')}`,
      [
        v.kind,
        v.project,
        v.model,
        v.title,
        v.date,
        v.provinceCode,
        v.communeCode,
        by.organizationId,
        v.audience,
        v.participants.female,
        v.participants.male,
        v.participants.other,
        v.youthParticipants,
        v.residentialClustersReached,
        sealed.notes_enc ?? null,
        by.userId,
      ],
    );
    if (row === undefined) throw new Error('activity insert returned nothing');
    return activityOf(row);
  }

  async findById(q: Queryable, id: string): Promise<StoredActivity | undefined> {
    const row = await firstRow(
      q,
      `SELECT ${ACTIVITY.columns('a')}, a.notes_enc FROM activities a WHERE a.id = $1`,
      [id],
    );
    return row === undefined ? undefined : { ...activityOf(row), sealedNotes: NOTES.parse(row) };
  }

  openNotes(a: StoredActivity): string | null {
    return ACTIVITY_DATA.openOne(this.crypto, 'notes', a.sealedNotes.notes_enc);
  }

  /** A page by (date, id), newest first, `limit` rows. */
  async page(q: Queryable, f: ActivityListFilter, limit: number): Promise<Activity[]> {
    const p = new PositionalParams();
    const where: string[] = [];
    if (f.from) where.push(`a.date >= ${p.add(f.from)}::date`);
    if (f.to) where.push(`a.date <= ${p.add(f.to)}::date`);
    if (f.provinceCode) where.push(`a.province_code = ${p.add(f.provinceCode)}`);
    if (f.communeCode) where.push(`a.commune_code = ${p.add(f.communeCode)}`);
    if (f.kind) where.push(`a.kind = ${p.add(f.kind)}`);
    if (f.after) where.push(`(a.date, a.id) < (${p.add(f.after.date)}::date, ${p.add(f.after.id)}::uuid)`);
    const visible = f.visible(p.values.length + 1);
    where.push(`(${visible.sql})`);
    const rest = new PositionalParams(p.values.length + visible.params.length + 1);
    const rows = await rowsOf(
      q,
      `SELECT ${ACTIVITY.columns('a')} FROM activities a WHERE ${where.join(' AND ')}
        ORDER BY a.date DESC, a.id DESC LIMIT ${rest.add(limit)}`,
      [...p.values, ...visible.params, ...rest.values],
    );
    return rows.map(activityOf);
  }

  /**
   * Writes every value (and the notes when given: undefined keeps them, null clears them) if the activity
   * is still at `version`; undefined when it is not.
   */
  async updateVersioned(
    m: Queryable,
    id: string,
    version: number,
    v: ActivityValues,
    notes: string | null | undefined,
  ): Promise<Activity | undefined> {
    const sealed = notes === undefined ? undefined : ACTIVITY_DATA.sealPatch(this.crypto, { notes });
    const row = await firstRow(
      m,
      `WITH a AS (UPDATE activities a SET kind = $3, project = $4, model = $5, title = $6, date = $7::date,
              province_code = $8, commune_code = $9, audience = $10::text[], participants_female = $11,
              participants_male = $12, participants_other = $13, youth_participants = $14,
              residential_clusters_reached = $15,
              notes_enc = CASE WHEN $16::boolean THEN $17::text ELSE a.notes_enc END,
              version = a.version + 1, updated_at = now()
        WHERE a.id = $1 AND a.version = $2
        RETURNING a.*)
       SELECT ${ACTIVITY.columns('a')} FROM a`,
      [
        id,
        version,
        v.kind,
        v.project,
        v.model,
        v.title,
        v.date,
        v.provinceCode,
        v.communeCode,
        v.audience,
        v.participants.female,
        v.participants.male,
        v.participants.other,
        v.youthParticipants,
        v.residentialClustersReached,
        sealed !== undefined,
        sealed?.notes_enc ?? null,
      ],
    );
    return row === undefined ? undefined : activityOf(row);
  }

  /** A total over the activities the filter keeps (activity-measures.sql.ts). */
  async total(q: Queryable, total: ActivityTotal, f: ActivityFilter, audience?: string): Promise<number> {
    const st = activityTotalStatement(total, f, audience);
    const row = await firstRow(q, st.text, st.values);
    return Number(row === undefined ? 0 : TOTAL.parse(row).total);
  }
}
