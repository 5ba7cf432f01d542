// The statistics statements moved to statistics.sql.ts (pure SQL builders are named *.sql.ts). This
// re-export stays only for reports/reports.config.ts, whose settings loader is another change's to edit.
export { applies } from './statistics.sql';
