import { Module } from '@nestjs/common';
import { DeadLetterAdmin } from './dead-letter-admin.service';

/** The dead letters for the admin API (PostgreSQL only: the API process has no queues). */
@Module({ providers: [DeadLetterAdmin], exports: [DeadLetterAdmin] })
export class DeadLetterAdminModule {}
