import { Inject, Injectable, Provider } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { configDir, ENV, Env } from '../../platform/config';
import { Actor, DomainError, registerErrorCodes } from '../../platform/http';
import { PdfService } from '../../platform/pdf';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { CaseSharingService } from '../cases';
import type { SharingConsent } from '../cases';
import { DirectoryService } from '../directory';
import { GeographyService } from '../geography';
import {
  buildCommuneNotice,
  CommuneNoticeConfig,
  NOTICE_IDENTITY_FIELDS,
  NoticeIdentity,
  parseCommuneNoticeConfig,
} from './domain/commune-notice';
import { StayRepository } from './repositories/stay.repository';

/** Codes of the commune notice (config/i18n/{vi,en}/commune-notice.yaml); params never carry values. */
export const CommuneNoticeErrors = registerErrorCodes({
  /** {type}: the stay is at a provider of a type that does not send the notice (a safe house). */
  COMMUNE_NOTICE_NOT_APPLICABLE: 422,
  /** The provider's commune is not a commune-level unit in force: the directory must be corrected. */
  COMMUNE_NOTICE_COMMUNE_UNKNOWN: 422,
});

export const COMMUNE_NOTICE_CONFIG = Symbol('COMMUNE_NOTICE_CONFIG');
/** The organisation type of the commune People's Committee (config/catalogues/organization-types.yaml). */
export const COMMUNE_OFFICE_TYPE = 'commune_office';

/** Reads and checks config/commune-notice.yaml at start-up; any problem stops the app. */
export const communeNoticeConfigProvider: Provider = {
  provide: COMMUNE_NOTICE_CONFIG,
  inject: [ENV, CatalogueService],
  useFactory: (env: Env, catalogues: CatalogueService): CommuneNoticeConfig => {
    const path = join(configDir(env.HAVEN_CONFIG_DIR), 'commune-notice.yaml');
    return parseCommuneNoticeConfig(
      'config/commune-notice.yaml',
      readFileSync(path, 'utf8'),
      catalogues.keys('organization-types'),
    );
  },
};

export interface CommuneNoticeFile {
  /** No personal data: the case reference only. */
  fileName: string;
  pdf: Buffer;
}

/**
 * GET /api/v1/stays/:id/commune-notice: the notice a trusted address sends the commune People's Committee
 * when it admits a survivor (Law 13/2022 Art. 36), as a PDF in Vietnamese. Her identity is printed only
 * when a live referral consent names the commune office (by type, or a commune-office provider by id),
 * and then only the identity fields those consents name.
 */
@Injectable()
export class CommuneNoticeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COMMUNE_NOTICE_CONFIG) private readonly config: CommuneNoticeConfig,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly sharing: CaseSharingService,
    private readonly directory: DirectoryService,
    private readonly geography: GeographyService,
    private readonly pdf: PdfService,
    private readonly stays: StayRepository,
  ) {}

  async render(actor: Actor, stayId: string, now = new Date()): Promise<CommuneNoticeFile> {
    return this.dataSource.transaction(async (m) => {
      const stay = await this.stays.find(m, stayId);
      if (!stay) throw new DomainError('NOT_FOUND');
      await this.access.assert(
        actor.user,
        'stay.commune_notice',
        { id: stay.id, caseId: stay.caseId, organizationId: stay.organizationId },
        { manager: m, actor },
      );
      const provider = await this.directory.providerFacts(stay.providerId, m);
      if (!provider) throw new DomainError('NOT_FOUND');
      if (!this.config.providerTypes.includes(provider.type)) {
        throw new DomainError(CommuneNoticeErrors.COMMUNE_NOTICE_NOT_APPLICABLE, { type: provider.type });
      }
      const communes = await this.geography.listCommunes(provider.provinceCode).catch(() => []);
      const commune = communes.find((c) => c.code === provider.communeCode);
      if (!commune) throw new DomainError(CommuneNoticeErrors.COMMUNE_NOTICE_COMMUNE_UNKNOWN);
      const province = (await this.geography.listProvinces()).find((p) => p.code === provider.provinceCode);
      const contact = await this.directory.contactOf(provider.id, m);
      const identity = await this.identityFor(stay.caseId, m);

      const pdf = await this.pdf.render(
        buildCommuneNotice(
          {
            trustedAddress: {
              name: provider.name,
              addressText: contact?.addressText ?? null,
              phone: contact?.phone ?? null,
            },
            commune: { code: commune.code, fullName: commune.fullName },
            place: province?.name ?? commune.name,
            admittedAt: stay.admittedAt,
            issuedAt: now,
            caseReference: stay.reference,
            identity,
          },
          this.config,
        ),
        { creationDate: now },
      );
      await this.audit.record(m, {
        action: 'stay.commune_notice',
        actor: { id: actor.user.id, roles: [...actor.user.roles], organizationId: actor.user.organizationId },
        entityType: 'stay',
        entityId: stay.id,
        caseId: stay.caseId,
        reasonCode: identity ? 'identity_shared_with_commune' : undefined,
        requestId: actor.requestId,
      });
      return { fileName: `thong-bao-${safeFileToken(stay.reference)}.pdf`, pdf };
    });
  }

  /**
   * Her identity fields that live consents let the commune office see, or null when none does. Several
   * such consents each authorise what they name, so their identity fields are joined.
   */
  private async identityFor(caseId: string, m: EntityManager): Promise<NoticeIdentity | null> {
    const live = (await this.sharing.referralConsents(caseId, m)).filter((c) => c.withdrawnAt === null);
    const naming: SharingConsent[] = [];
    for (const c of live) {
      if (
        c.providerTypes.includes(COMMUNE_OFFICE_TYPE) ||
        (await this.namesCommuneOffice(c.providerIds, m))
      ) {
        naming.push(c);
      }
    }
    const fields = NOTICE_IDENTITY_FIELDS.filter((f) => naming.some((c) => c.sharedFields.includes(f)));
    if (fields.length === 0) return null;
    const shared = await this.sharing.sharedFields(caseId, fields, m);
    const identity: NoticeIdentity = {};
    for (const f of fields) identity[f] = shared[f] ?? null;
    return identity;
  }

  private async namesCommuneOffice(providerIds: readonly string[], m: EntityManager): Promise<boolean> {
    for (const id of providerIds) {
      if ((await this.directory.providerFacts(id, m))?.type === COMMUNE_OFFICE_TYPE) return true;
    }
    return false;
  }
}

/** A case reference is letters, digits and dashes; anything else is dropped from the file name. */
const safeFileToken = (reference: string): string => reference.replace(/[^A-Za-z0-9-]/g, '') || 'stay';

/** What the referrals module registers for the notice. */
export const COMMUNE_NOTICE_PROVIDERS: Provider[] = [
  CommuneNoticeService,
  communeNoticeConfigProvider,
  PdfService,
];
