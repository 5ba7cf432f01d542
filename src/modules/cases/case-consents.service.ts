import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { Actor, DomainError } from '../../platform/http';
import { CaseFileAccess } from './case-file-access';
import { CaseIntakeRules } from './case-intake';
import { ConsentInputDto } from './dto/case.dto';
import { ConsentRecordDto, ConsentWithdrawnDto } from './dto/case-file.dto';
import { CaseStateRepository } from './repositories/case-state.repository';
import { ConsentRepository } from './repositories/consent.repository';
import './cases.errors';

/** The case's consents after intake: recorded for a purpose and scope, withdrawn with a reason. */
@Injectable()
export class CaseConsentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogues: CatalogueService,
    private readonly file: CaseFileAccess,
    private readonly rules: CaseIntakeRules,
    private readonly consents: ConsentRepository,
    private readonly cases: CaseStateRepository,
  ) {}

  async add(actor: Actor, id: string, c: ConsentInputDto): Promise<ConsentRecordDto> {
    await this.file.guard(actor, id, 'case.update');
    this.catalogues.assertKey('consent-purposes', c.purpose, 'purpose');
    this.catalogues.assertKey('consent-methods', c.method, 'method');
    this.catalogues.assertKey('consent-givers', c.givenBy, 'givenBy');
    (c.providerTypes ?? []).forEach((v, k) => {
      this.catalogues.assertKey('organization-types', v, `providerTypes.${k}`);
    });
    (c.sharedFields ?? []).forEach((v, k) => {
      this.catalogues.assertKey('shared-fields', v, `sharedFields.${k}`);
    });
    await this.rules.checkProviders(c.providerIds, 'providerIds');
    const scope = {
      purpose: c.purpose,
      providerTypes: c.providerTypes ?? [],
      providerIds: c.providerIds ?? [],
      sharedFields: c.sharedFields ?? [],
      method: c.method,
      givenBy: c.givenBy,
    };
    return this.dataSource.transaction(async (m) => {
      const birth = await this.rules.storedBirthFacts(m, id);
      this.rules.checkConsentGiver(
        c.givenBy,
        this.rules.survivorAge(birth, birth.receivedAt).youngest,
        'givenBy',
      );
      const consent = await this.consents.insert(m, { caseId: id, ...scope, recordedBy: actor.user.id });
      await this.cases.touch(m, id);
      await this.file.record(m, actor, id, 'case.consent_given', c.purpose);
      return { id: consent.id, ...scope, givenAt: consent.givenAt.toISOString(), withdrawnAt: null };
    });
  }

  async withdraw(
    actor: Actor,
    id: string,
    consentId: string,
    reasonText: string | undefined,
  ): Promise<ConsentWithdrawnDto> {
    await this.file.guard(actor, id, 'case.update');
    return this.dataSource.transaction(async (m) => {
      const found = await this.consents.lockForWithdrawal(m, id, consentId);
      if (!found) throw new DomainError('NOT_FOUND');
      if (found.withdrawnAt) throw new DomainError('CONSENT_ALREADY_WITHDRAWN');
      const withdrawnAt = await this.consents.withdraw(m, consentId, {
        withdrawnBy: actor.user.id,
        reason: reasonText,
      });
      await this.cases.touch(m, id);
      await this.file.record(m, actor, id, 'case.consent_withdrawn', found.purpose);
      return { id: consentId, withdrawnAt: (withdrawnAt ?? new Date()).toISOString() };
    });
  }
}
