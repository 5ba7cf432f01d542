/** Names shared by the global set-up and the test files of one run. */
export function runId(): string {
  const id = process.env.HAVEN_TEST_RUN_ID;
  if (!id) throw new Error('HAVEN_TEST_RUN_ID is not set: run the tests through jest (npm test)');
  return id;
}

export const templateDatabase = (id = runId()): string => `haven_t_${id}_tpl`;
export const databasePrefix = (id = runId()): string => `haven_t_${id}_`;
export const redisPrefix = (id = runId()): string => `haven-t-${id}`;
