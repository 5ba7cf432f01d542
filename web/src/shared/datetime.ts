/**
 * dd/MM/yyyy and HH:mm typed by a person, read as Hanoi time (UTC+7, no daylight saving), into an ISO
 * instant; null when either is not a real date or time.
 */
export function parseHanoi(date: string, time: string): string | null {
  const d = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(date);
  const h = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(time);
  if (!d || !h) return null;
  const [day, month, year, hour, minute] = [d[1], d[2], d[3], h[1], h[2]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59) return null;
  const utc = new Date(Date.UTC(year, month - 1, day, hour - 7, minute));
  // Date.UTC rolls 31/02 over into March: a rolled date is not the one typed.
  const local = new Date(utc.getTime() + 7 * 3600_000);
  if (local.getUTCDate() !== day || local.getUTCMonth() !== month - 1 || local.getUTCFullYear() !== year)
    return null;
  return utc.toISOString();
}
