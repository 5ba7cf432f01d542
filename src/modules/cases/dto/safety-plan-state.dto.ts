import { ApiProperty } from '@nestjs/swagger';
import { RISK_LEVELS } from '../domain/risk';
import { SAFETY_PLAN_STATUSES } from '../domain/safety-plan';

/** The safety plan's status on the file (domain/safety-plan.ts), with what it was decided on. */
export class SafetyPlanStateDto {
  @ApiProperty({ enum: SAFETY_PLAN_STATUSES, enumName: 'SafetyPlanStatus' }) status!: string;
  @ApiProperty({ nullable: true, enum: RISK_LEVELS, enumName: 'RiskLevel', description: 'Latest assessment' })
  riskLevel!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) assessedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) reviewedAt!: string | null;
}
