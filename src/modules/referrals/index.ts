export { ReferralsModule } from './referrals.module';
export { ReferralRetentionService } from './referral-retention.service';
export type { ReferralAnonymisation } from './referral-retention.service';
export { ReferralEscalationsService } from './referral-escalations.service';
export { REFERRAL_PRINT_ACTION, ReferralPrintReads } from './referral-print.reads';
export type { PrintedReferral, ReferralForm } from './referral-print.reads';
export { ReferralLinksService } from './referral-links.service';
export type { ReferralLink } from './referral-links.service';

/** The module's personal-data declarations (the seed's pre-encrypted pools, documentation). */
export { REFERRAL_DATA, REFERRAL_TRANSITION_DATA } from './referrals.personal-data';
