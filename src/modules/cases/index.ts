export { CasesModule } from './cases.module';
export { CasesService } from './cases.service';
