import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { Actor } from '../../platform/http';
import { OutboxService } from '../../platform/outbox';
import { CaseFileAccess } from './case-file-access';
import { checkProtectionMeasure, MeasureLimits } from './domain/protection-measures';
import { ProtectionMeasureDto, ProtectionMeasureInputDto } from './dto/case-file.dto';
import { CaseStateRepository } from './repositories/case-state.repository';
import { ProtectionMeasureRepository } from './repositories/protection-measure.repository';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** The case's protection measures (Law 13/2022 limits from the catalogue), recorded and read, audited. */
@Injectable()
export class ProtectionMeasuresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogues: CatalogueService,
    private readonly outbox: OutboxService,
    private readonly file: CaseFileAccess,
    private readonly measures: ProtectionMeasureRepository,
    private readonly cases: CaseStateRepository,
  ) {}

  async add(actor: Actor, id: string, dto: ProtectionMeasureInputDto): Promise<ProtectionMeasureDto> {
    const row = await this.file.guard(actor, id, 'case.update');
    this.catalogues.assertKey('protection-measures', dto.type, 'type');
    const item = this.catalogues.item('protection-measures', dto.type);
    const limits: MeasureLimits = {
      ...(typeof item?.decisionWithinHours === 'number'
        ? { decisionWithinHours: item.decisionWithinHours }
        : {}),
      ...(typeof item?.maxDays === 'number' ? { maxDays: item.maxDays } : {}),
      ...(typeof item?.maxMonths === 'number' ? { maxMonths: item.maxMonths } : {}),
    };
    const date = (v: string | undefined): Date | undefined => (v === undefined ? undefined : new Date(v));
    const checked = checkProtectionMeasure(
      {
        requestedAt: date(dto.requestedAt),
        decidedAt: date(dto.decidedAt),
        startsAt: date(dto.startsAt),
        endsAt: date(dto.endsAt),
      },
      limits,
      new Date(),
    );
    return this.dataSource.transaction(async (m) => {
      const measureId = await this.measures.insert(m, {
        caseId: id,
        type: dto.type,
        requestedAt: checked.requestedAt,
        decidedAt: checked.decidedAt,
        startsAt: checked.startsAt,
        endsAt: checked.endsAt,
        decidedLate: checked.decidedLate,
        note: dto.note,
        recordedBy: actor.user.id,
      });
      await this.cases.touch(m, id);
      await this.file.record(m, actor, id, 'case.protection_measure_recorded', dto.type);
      await this.outbox.write(m, 'protection_measure.recorded', {
        caseId: id,
        measureId,
        organizationId: row.organizationId,
      });
      return {
        id: measureId,
        type: dto.type,
        requestedAt: iso(checked.requestedAt),
        decidedAt: iso(checked.decidedAt),
        startsAt: iso(checked.startsAt),
        endsAt: iso(checked.endsAt),
        decidedLate: checked.decidedLate,
        ...(dto.note ? { note: dto.note } : {}),
      };
    });
  }

  async list(actor: Actor, id: string): Promise<ProtectionMeasureDto[]> {
    await this.file.guard(actor, id, 'case.read');
    return this.dataSource.transaction(async (m) => {
      const measures = await this.measures.listForCase(m, id);
      await this.file.record(m, actor, id, 'case.protection_measures_read');
      return measures.map((r) => ({
        id: r.id,
        type: r.type,
        requestedAt: iso(r.requestedAt),
        decidedAt: iso(r.decidedAt),
        startsAt: iso(r.startsAt),
        endsAt: iso(r.endsAt),
        decidedLate: r.decidedLate,
        ...(r.note ? { note: r.note } : {}),
      }));
    });
  }
}
