import { ValidateBy, ValidationOptions } from 'class-validator';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,6})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** A day of the calendar as YYYY-MM-DD that exists (no 2026-02-30, no 9999-99-99): PostgreSQL's 22008. */
export function isCalendarDay(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = DAY.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** An ISO 8601 date and time with its offset whose every part exists (hours < 24, offset ≤ 14:00). */
export function isInstant(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = INSTANT.exec(value);
  if (!m || !isCalendarDay(value.slice(0, 10))) return false;
  const [h, min, s] = [Number(m[4]), Number(m[5]), Number(m[7] ?? 0)];
  const [oh, om] = [Number(m[10] ?? 0), Number(m[11] ?? 0)];
  return h < 24 && min < 60 && s < 60 && oh <= 14 && om < 60;
}

/** @IsCalendarDay(): see isCalendarDay. */
export const IsCalendarDay = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'calendarDay',
      validator: {
        validate: isCalendarDay,
        defaultMessage: () => '$property must be a real calendar day as YYYY-MM-DD',
      },
    },
    options,
  );

/** @IsInstant(): see isInstant. */
export const IsInstant = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'instant',
      validator: {
        validate: isInstant,
        defaultMessage: () => '$property must be a real date and time with its offset (ISO 8601)',
      },
    },
    options,
  );
