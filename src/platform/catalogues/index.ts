export * from './catalogue';
export * from './catalogue.service';
export * from './catalogue.module';
