export { SEED_COMMANDS, SeedDemoCommand, credentialsTable } from './seed-demo.command';
export { DemoSeed, DemoSeedRefused, DEFAULT_DEMO_CASES, currentAndPreviousHalfYears } from './demo-seed';
export type { DemoSeedOptions, DemoSeedResult, DemoCredential } from './demo-seed';
export { DEMO_MARKER_ORGANIZATION, DEMO_USERS, demoUsername } from './demo-world';
