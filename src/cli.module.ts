import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { DOMAIN_MODULES, platformImports } from './app.module';
import { AUDIT_COMMANDS } from './modules/audit';
import { DOCUMENTS_COMMANDS } from './modules/documents';
import { RETENTION_COMMANDS } from './modules/followups';
import { IDENTITY_COMMANDS } from './modules/identity';
import { KEY_COMMANDS } from './platform/cli/keys.commands';
import { OUTBOX_COMMANDS } from './platform/cli/outbox.commands';
import { Env } from './platform/config';
import { QueueModule } from './platform/queue';
import { SEED_COMMANDS } from './seed';

/** The command line (nest-commander): `npm run cli -- <command>`. Later modules add their commands. */
@Module({})
export class CliModule {
  static forRoot(env: Env, logger: Logger): DynamicModule {
    return {
      module: CliModule,
      imports: [...platformImports(env, logger, 'haven-cli'), QueueModule.forRoot(env), ...DOMAIN_MODULES],
      providers: [
        ...OUTBOX_COMMANDS,
        ...AUDIT_COMMANDS,
        ...KEY_COMMANDS,
        ...IDENTITY_COMMANDS,
        ...RETENTION_COMMANDS,
        ...DOCUMENTS_COMMANDS,
        ...SEED_COMMANDS,
      ],
    };
  }
}
