export * from './normalize';
export * from './key-ring';
export * from './crypto.service';
export * from './crypto.module';
export * from './encrypted-fields';
export * from './personal-data';
