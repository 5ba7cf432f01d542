export { NotificationsModule } from './notifications.module';
export { NotificationsService } from './notifications.service';
export type { NotifyInput } from './notifications.service';
