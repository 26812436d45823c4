import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { BaseServiceEnv } from '@slrt/config';

/** Environment of the gateway; the only reader of `process.env` is `loadConfig` in main.ts. */
export class GatewayEnv extends BaseServiceEnv {
  /** Port of the public HTTP API (`/v1`, `/docs`, `/openapi.json`), health and metrics. */
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must be between 0 and 65535' })
  @Max(65535, { message: 'must be between 0 and 65535' })
  override HTTP_PORT = 3000;
}
