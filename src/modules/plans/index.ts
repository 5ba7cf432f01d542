export { PlansModule } from './plans.module';

/** The module's personal-data declarations (the seed's pre-encrypted pools, documentation). */
export { CASE_PLAN_ACTION_DATA, CASE_PLAN_DATA, CASE_PLAN_GOAL_DATA } from './plans.personal-data';
