import { Module } from '@nestjs/common';
import { DeadLetterRepository } from '../dead-letter.repository';
import { DeadLetterAdmin } from './dead-letter-admin.service';

/** The dead letters for the admin API (PostgreSQL only: the API process has no queues). */
@Module({ providers: [DeadLetterRepository, DeadLetterAdmin], exports: [DeadLetterAdmin] })
export class DeadLetterAdminModule {}
