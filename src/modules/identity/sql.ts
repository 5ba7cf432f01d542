import { EntityManager } from 'typeorm';

/**
 * Runs an UPDATE … RETURNING and gives its rows. Wrapped in a CTE because the driver returns a bare
 * UPDATE's result as [rows, count].
 */
export function updateReturning<T extends object>(
  manager: Pick<EntityManager, 'query'>,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  return manager.query<T[]>(`WITH changed AS (${sql}) SELECT * FROM changed`, params);
}
