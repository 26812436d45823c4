import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { BaseServiceEnv } from '@slrt/config';

/** Environment of the registry service; the only reader of `process.env` is `loadConfig` in main.ts. */
export class RegistryEnv extends BaseServiceEnv {
  /** Port of the service's HTTP server (health and metrics only). */
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must be between 0 and 65535' })
  @Max(65535, { message: 'must be between 0 and 65535' })
  override HTTP_PORT = 3002;

  /** Directory holding snapshot files to import (DTKS/DTSEN CSV); error reports go to its `reports/`. */
  @IsString() REGISTRY_IMPORT_DIR = '.data/registry';
}
