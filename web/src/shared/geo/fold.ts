/**
 * Diacritic-insensitive matching for Vietnamese place names: "ba dinh" finds "Ba Đình". đ/Đ are letters of
 * their own (not a base letter with a combining mark), so they are mapped by hand.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export interface NamedPlace {
  code: string;
  name: string;
  fullName: string;
  nameEn?: string;
}

/** Places whose name or full name contains the query, those starting with it first, at most `limit`. */
export function matchPlaces<T extends NamedPlace>(places: readonly T[], query: string, limit = 30): T[] {
  const q = fold(query);
  if (!q) return places.slice(0, limit);
  const starts: T[] = [];
  const contains: T[] = [];
  for (const p of places) {
    const name = fold(p.name);
    if (name.startsWith(q)) starts.push(p);
    else if (name.includes(q) || fold(p.fullName).includes(q) || p.code === q) contains.push(p);
  }
  return [...starts, ...contains].slice(0, limit);
}
