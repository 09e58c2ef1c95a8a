export { parseCommand, parseDuration, parseSize, UsageError, type Config, type Limits, type StoreConfig } from './config.ts';
export { S3Error, S3Store, type StoredObject } from './s3.ts';
export { authorizer, createCacheServer, type ServerOptions } from './server.ts';
export { describeSweep, planSweep, sweep, type SweepPlan, type SweepResult } from './sweep.ts';
export { main } from './main.ts';
