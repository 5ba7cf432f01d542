export { DirectoryModule } from './directory.module';
export { DirectoryService } from './directory.service';
export type { ProviderFacts } from './directory.service';

/** The module's personal-data declaration (the seed's pre-encrypted pools, documentation). */
export { PROVIDER_DATA } from './directory.personal-data';
