import { JobsAdminController } from './jobs-admin.controller';
import { JobsAdminService } from './jobs-admin.service';

export const JOBS_ADMIN_CONTROLLERS = [JobsAdminController];
export const JOBS_ADMIN_PROVIDERS = [JobsAdminService];
