import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../../platform/http';
import { AccessService } from '../access';
import { CaseSharingService } from '../cases';
import type { SharedSurvivorFields } from '../cases';
import { DirectoryService } from '../directory';
import { ReferralRepository } from './repositories/referral.repository';

/** A referral as a printed case file lists it (no free text). */
export interface PrintedReferral {
  id: string;
  reference: string;
  providerName: string | null;
  services: string[];
  urgency: string;
  status: string;
  sentAt: Date;
  dueBy: Date;
  emergencyOverride: boolean;
  completedOn: string | null;
}

/** A referral's form for a provider outside Haven: exactly what the survivor consented to share. */
export interface ReferralForm {
  id: string;
  caseId: string;
  reference: string;
  status: string;
  services: string[];
  urgency: string;
  sentAt: Date;
  dueBy: Date;
  emergencyOverride: boolean;
  providerId: string;
  providerName: string | null;
  referringOrganizationId: string;
  referredBy: string;
  /** The referrer's note travels with the consent, as in the provider's view (an emergency keeps it). */
  note: string | null;
  /** The shared-fields keys the live consent names (none when withdrawn or an emergency referral). */
  sharedFields: string[];
  survivor: SharedSurvivorFields;
}

/** The access rule of a printed referral form (config/access-rules.yaml), decided on the referring case. */
export const REFERRAL_PRINT_ACTION = 'case.print_referral';

/**
 * The referral module's reads for printed documents (issue 15, the printing module). The form is the
 * referring side's (decided on its case: 404 to whoever may not read it, providers included); the
 * survivor's fields on it are those of the live consent only, read as the provider's view reads them.
 * The caller audits the print in the transaction it passes.
 */
@Injectable()
export class ReferralPrintReads {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly cases: CaseSharingService,
    private readonly directory: DirectoryService,
    private readonly referrals: ReferralRepository,
  ) {}

  /** The case's referrals for its printed file, newest first (the caller decided case.print). */
  async listForCase(m: EntityManager, caseId: string): Promise<PrintedReferral[]> {
    const rows = await this.referrals.listForCase(m, caseId);
    const names = await this.directory.namesOf(
      rows.map((r) => r.providerId),
      m,
    );
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      providerName: names.get(r.providerId) ?? null,
      services: r.services,
      urgency: r.urgency,
      status: r.status,
      sentAt: r.sentAt,
      dueBy: r.dueBy,
      emergencyOverride: r.emergencyOverride,
      completedOn: r.completedOn,
    }));
  }

  /** Refuses unless the actor may print the referral's form: NOT_FOUND when they may not read its case. */
  async guard(actor: Actor, referralId: string): Promise<{ caseId: string; reference: string }> {
    const row = await this.referrals.get(this.dataSource.manager, referralId);
    const facts = await this.cases.caseFacts(row.caseId);
    await this.access.assert(actor.user, REFERRAL_PRINT_ACTION, facts.access, { actor });
    return { caseId: row.caseId, reference: row.reference };
  }

  /** The form's content; call after guard, in the transaction that audits the print. */
  async form(m: EntityManager, referralId: string): Promise<ReferralForm> {
    const row = await this.referrals.get(m, referralId);
    const consent = row.consentId ? await this.cases.consent(row.consentId, m) : null;
    const consented = consent !== null && consent.withdrawnAt === null && consent.caseId === row.caseId;
    const fields = consented ? consent.sharedFields : [];
    const survivor = await this.cases.sharedFields(row.caseId, fields, m);
    const names = await this.directory.namesOf([row.providerId], m);
    return {
      id: row.id,
      caseId: row.caseId,
      reference: row.reference,
      status: row.status,
      services: row.services,
      urgency: row.urgency,
      sentAt: row.sentAt,
      dueBy: row.dueBy,
      emergencyOverride: row.emergencyOverride,
      providerId: row.providerId,
      providerName: names.get(row.providerId) ?? null,
      referringOrganizationId: row.referringOrganizationId,
      referredBy: row.referredBy,
      note: row.consentId === null || consented ? row.note : null,
      sharedFields: Object.keys(survivor),
      survivor,
    };
  }
}
