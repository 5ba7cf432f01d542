import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, DomainError } from '../../platform/http';
import { IdempotencyService } from '../../platform/idempotency';
import { hanoiDayText } from '../../platform/time';
import type { IdempotentCommand } from '../../platform/idempotency';
import { IdentityDirectoryService } from '../identity';
import { CaseFileAccess, FileCase } from './case-file-access';
import {
  CaseServiceCorrectionDto,
  CaseServiceDto,
  CaseServiceInputDto,
  CaseServiceRemovalDto,
  CaseServicesDto,
} from './dto/case-services.dto';
import { CaseService, CaseServiceRepository } from './repositories/case-service.repository';
import { CaseStateRepository } from './repositories/case-state.repository';

/** Today in Hanoi, YYYY-MM-DD. */
/** The names of the fields a correction changes (never their values: they go to the audit row). */
function changedFields(before: CaseService, dto: CaseServiceCorrectionDto): string[] {
  const out: string[] = [];
  if (dto.service !== undefined && dto.service !== before.serviceKey) out.push('service');
  if (dto.givenOn !== undefined && dto.givenOn !== before.givenOn) out.push('givenOn');
  if (dto.givenById !== undefined && dto.givenById !== before.givenBy) out.push('givenById');
  if (dto.note !== undefined && dto.note !== (before.note ?? '')) out.push('note');
  return out;
}

/**
 * Services given recorded on the case itself (issue 15, item 4), beside those a completed referral
 * records: added, listed, corrected (with the entry's version) and removed when mistaken, each audited
 * against the case. They are counted by the statistics and indicators through the read model
 * reporting_case_services (docs/ARCHITECTURE.md "Safety plan and services given").
 */
@Injectable()
export class CaseServicesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyService,
    private readonly directory: IdentityDirectoryService,
    private readonly file: CaseFileAccess,
    private readonly services: CaseServiceRepository,
    private readonly cases: CaseStateRepository,
  ) {}

  async add(
    actor: Actor,
    id: string,
    dto: CaseServiceInputDto,
    cmd: IdempotentCommand,
  ): Promise<CaseServiceDto> {
    const c = await this.file.guard(actor, id, 'case.update');
    this.checkDay(dto.givenOn, 'givenOn');
    const givenBy = dto.givenById ?? actor.user.id;
    if (dto.givenById !== undefined) await this.checkGiver(c, dto.givenById, 'givenById');
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, async () => {
        const serviceId = await this.services.insert(m, {
          caseId: id,
          serviceKey: dto.service,
          givenOn: dto.givenOn,
          givenBy,
          organizationId: c.organizationId,
          note: dto.note,
          recordedBy: actor.user.id,
        });
        await this.cases.touch(m, id);
        await this.file.record(m, actor, id, 'case.service_recorded', dto.service);
        return this.one(m, id, serviceId);
      }),
    );
  }

  async list(actor: Actor, id: string): Promise<CaseServicesDto> {
    await this.file.guard(actor, id, 'case.read');
    return this.dataSource.transaction(async (m) => {
      const rows = await this.services.listForCase(m, id);
      await this.file.record(m, actor, id, 'case.services_read');
      const names = await this.directory.workNamesOf(rows.map((r) => r.givenBy));
      return { items: rows.map((r) => this.dto(r, names.get(r.givenBy)?.displayName ?? null)) };
    });
  }

  async correct(
    actor: Actor,
    id: string,
    serviceId: string,
    dto: CaseServiceCorrectionDto,
  ): Promise<CaseServiceDto> {
    const c = await this.file.guard(actor, id, 'case.update');
    if (dto.givenOn !== undefined) this.checkDay(dto.givenOn, 'givenOn');
    if (dto.givenById !== undefined) await this.checkGiver(c, dto.givenById, 'givenById');
    return this.dataSource.transaction(async (m) => {
      const before = await this.existing(m, id, serviceId);
      const fields = changedFields(before, dto);
      await this.services.correct(
        m,
        { id: serviceId, version: dto.version },
        { serviceKey: dto.service, givenOn: dto.givenOn, givenBy: dto.givenById, note: dto.note },
        actor.user.id,
      );
      await this.cases.touch(m, id);
      await this.file.record(m, actor, id, 'case.service_corrected', `fields:${fields.join(',')}`);
      return this.one(m, id, serviceId);
    });
  }

  async remove(
    actor: Actor,
    id: string,
    serviceId: string,
    dto: CaseServiceRemovalDto,
  ): Promise<CaseServiceDto> {
    await this.file.guard(actor, id, 'case.update');
    return this.dataSource.transaction(async (m) => {
      await this.existing(m, id, serviceId);
      await this.services.remove(m, { id: serviceId, version: dto.version }, dto.reason, actor.user.id);
      await this.cases.touch(m, id);
      await this.file.record(m, actor, id, 'case.service_removed', dto.reason);
      return this.one(m, id, serviceId);
    });
  }

  private async existing(m: Parameters<CaseServiceRepository['find']>[0], id: string, serviceId: string) {
    const before = await this.services.find(m, id, serviceId, { lock: true });
    if (!before) throw new DomainError('NOT_FOUND');
    if (before.removedAt) throw new DomainError('CASE_SERVICE_REMOVED');
    return before;
  }

  private checkDay(day: string, field: string): void {
    const d = new Date(`${day}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day || day > hanoiDayText(new Date())) {
      throw new DomainError('CASE_SERVICE_DATE_INVALID', { field });
    }
  }

  private async checkGiver(c: FileCase, userId: string, field: string): Promise<void> {
    const u = await this.directory.userFacts(userId);
    if (!u || u.disabled || u.organizationId !== c.organizationId) {
      throw new DomainError('CASE_SERVICE_GIVER_INVALID', { field });
    }
  }

  private async one(m: Parameters<CaseServiceRepository['find']>[0], id: string, serviceId: string) {
    const row = await this.services.find(m, id, serviceId);
    if (!row) throw new Error('case service vanished');
    const names = await this.directory.workNamesOf([row.givenBy]);
    return this.dto(row, names.get(row.givenBy)?.displayName ?? null);
  }

  private dto(r: CaseService, givenByName: string | null): CaseServiceDto {
    return {
      id: r.id,
      service: r.serviceKey,
      givenOn: r.givenOn,
      givenById: r.givenBy,
      givenByName,
      organizationId: r.organizationId,
      ...(r.note ? { note: r.note } : {}),
      version: r.version,
      recordedBy: r.recordedBy,
      recordedAt: r.recordedAt.toISOString(),
      removedAt: r.removedAt ? r.removedAt.toISOString() : null,
      removalReason: r.removalReason,
    };
  }
}
