export { ReferralsModule } from './referrals.module';
export { ReferralRetentionService } from './referral-retention.service';
export type { ReferralAnonymisation } from './referral-retention.service';
export { ReferralEscalationsService } from './referral-escalations.service';
