export { PlansModule } from './plans.module';

/** The module's personal-data declarations (the seed's pre-encrypted pools, documentation). */
export { CASE_PLAN_ACTION_DATA, CASE_PLAN_DATA, CASE_PLAN_GOAL_DATA } from './plans.personal-data';
export { PlanPrintReads } from './plan-print.reads';
export type { PrintedCasePlan, PrintedPlanVersion } from './plan-print.reads';
export type { CasePlanDto, PlanActionDto } from './dto/plan.dto';
