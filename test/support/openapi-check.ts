import { takeAnswerMismatches } from './openapi-answers';

// Fails the e2e test file when an answer it received does not match the OpenAPI document
// (test/support/openapi-answers.ts records them).
afterAll(() => {
  const found = takeAnswerMismatches();
  if (found.length === 0) return;
  const lines = [...new Set(found.map((m) => `${m.operation} ${m.status}: ${m.problem}`))];
  throw new Error(`answers that the OpenAPI document does not describe:\n${lines.join('\n')}`);
});
