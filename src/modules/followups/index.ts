export { FollowupsModule } from './followups.module';
