import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '../../platform/http';
import { AuditService, AuditTrailService } from '../audit';
import { CaseFileAccess } from './case-file-access';
import { AccessLogEntryDto } from './dto/case-file.dto';

/**
 * The file's access log (docs/DESIGN.md §3): who read or changed the file. The other parts of the file
 * have their own use cases: CaseUpdateService, CaseNotesService, CaseConsentsService, CaseIncidentsService,
 * ProtectionMeasuresService, and CaseWorkflowService for its state.
 */
@Injectable()
export class CaseFileService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly file: CaseFileAccess,
    private readonly audit: AuditService,
    private readonly trail: AuditTrailService,
  ) {}

  /**
   * Who read or changed the file, newest first. The read of the log is itself audited, without the
   * case id, so that reading the log does not grow it.
   */
  async accessLog(actor: Actor, id: string): Promise<AccessLogEntryDto[]> {
    await this.file.guard(actor, id, 'case.read_access_log');
    const page = await this.trail.listForCase(id, { limit: 200 });
    await this.dataSource.transaction((m) =>
      this.audit.record(m, {
        action: 'case.access_log_read',
        actor: actor.user,
        entityType: 'case',
        entityId: id,
        requestId: actor.requestId,
      }),
    );
    return page.items.map((i) => ({
      at: i.at,
      userId: i.actorId,
      username: i.actorUsername,
      displayName: i.actorDisplayName,
      action: i.action,
      reasonCode: i.reasonCode,
    }));
  }
}
