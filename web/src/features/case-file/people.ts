import type { components } from '../../api/schema';
import type { CaseFile } from './hooks';

/** The survivor's and reporter's fields the counsellor edits here, flat, as typed. */
export const FIELDS = [
  'fullName',
  'phone',
  'nationalId',
  'addressDetail',
  'reporterName',
  'reporterPhone',
] as const;
export type Field = (typeof FIELDS)[number];
export type Values = Record<Field, string>;

export function valuesOf(file: CaseFile): Values {
  const s = file.survivor;
  return {
    fullName: s.fullName ?? '',
    phone: s.phones?.[0] ?? '',
    nationalId: s.nationalId ?? '',
    addressDetail: s.addressDetail ?? '',
    reporterName: file.reporter?.fullName ?? '',
    reporterPhone: file.reporter?.phone ?? '',
  };
}

/** The update carrying only the given fields (a partial update: others stay as stored). */
export function updateOf(
  file: CaseFile,
  values: Partial<Values>,
  version: number,
): components['schemas']['UpdateCaseDto'] {
  const survivor: components['schemas']['UpdateSurvivorDto'] = {};
  if (values.fullName !== undefined) survivor.fullName = values.fullName;
  if (values.nationalId !== undefined) survivor.nationalId = values.nationalId;
  if (values.addressDetail !== undefined) survivor.addressDetail = values.addressDetail;
  if (values.phone !== undefined) {
    const rest = (file.survivor.phones ?? []).slice(1);
    survivor.phones = values.phone ? [values.phone, ...rest] : rest;
  }
  const body: components['schemas']['UpdateCaseDto'] = { version };
  if (Object.keys(survivor).length > 0) body.survivor = survivor;
  if ((values.reporterName !== undefined || values.reporterPhone !== undefined) && file.reporter) {
    body.reporter = {
      relationship: file.reporter.relationship,
      fullName: values.reporterName ?? file.reporter.fullName,
      phone: values.reporterPhone ?? file.reporter.phone,
    };
    if (!body.reporter.fullName) delete body.reporter.fullName;
    if (!body.reporter.phone) delete body.reporter.phone;
  }
  return body;
}

/** The fields she changed that someone else also changed to something else meanwhile. */
export function conflicts(touched: Set<Field>, mine: Values, stored: Values): Field[] {
  return FIELDS.filter((f) => touched.has(f) && mine[f] !== stored[f]);
}
