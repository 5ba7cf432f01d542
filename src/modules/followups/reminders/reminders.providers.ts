import type { Provider } from '@nestjs/common';
import { CatalogueService } from '../../../platform/catalogues';
import { configDir, ENV, Env } from '../../../platform/config';
import { ReminderScan } from './reminder-scan.service';
import { loadRemindersConfig, REMINDERS_CONFIG } from './reminders.config';
import { RemindersHandlers } from './reminders.handlers';

/** The scan, its handlers and config/reminders.yaml, for the follow-ups module's providers. */
export const REMINDERS_PROVIDERS: Provider[] = [
  {
    provide: REMINDERS_CONFIG,
    inject: [ENV, CatalogueService],
    useFactory: (env: Env, catalogues: CatalogueService) =>
      loadRemindersConfig(configDir(env.HAVEN_CONFIG_DIR), {
        kinds: catalogues.keys('follow-up-kinds'),
        notificationTypes: catalogues.keys('notification-types'),
      }),
  },
  ReminderScan,
  RemindersHandlers,
];
