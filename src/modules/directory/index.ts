export { DirectoryModule } from './directory.module';
export { DirectoryService } from './directory.service';
export type { ProviderFacts } from './directory.service';
