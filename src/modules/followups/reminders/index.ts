export { REMINDERS_PROVIDERS } from './reminders.providers';
export { ReminderScan } from './reminder-scan.service';
export type { ScanResult } from './reminder-scan.service';
