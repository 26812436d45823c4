import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** One problem with one environment variable, as reported at boot. */
export interface EnvProblem {
  /** The environment variable's name, e.g. `DATABASE_URL`. */
  variable: string;
  /** What is wrong with it, in words an operator can act on. */
  problems: string[];
}

/**
 * Thrown at boot when the environment is invalid. Its message lists every bad variable at once,
 * so an operator fixes the whole `.env` in one pass instead of one restart per mistake.
 */
export class ConfigValidationError extends Error {
  constructor(
    readonly service: string,
    readonly problems: EnvProblem[],
  ) {
    super(
      `Invalid environment for ${service}:\n` +
        problems.map((p) => `  - ${p.variable}: ${p.problems.join('; ')}`).join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}

type Ctor<T> = new () => T;

function flatten(errors: ValidationError[]): EnvProblem[] {
  return errors.map((e) => ({
    variable: e.property,
    problems: Object.values(e.constraints ?? { invalid: 'is invalid' }),
  }));
}

/**
 * Validates `env` against a class-validator class and returns a typed, converted instance.
 * This is the only place in a service that reads `process.env`: everything else receives the
 * instance through dependency injection.
 */
export function loadConfig<T extends object>(
  service: string,
  envClass: Ctor<T>,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const plain: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    // An empty variable means "not set": it must fall back to the default, not fail as "".
    if (value !== undefined && value !== '') plain[key] = value;
  }
  const instance = plainToInstance(envClass, plain, {
    enableImplicitConversion: true,
    exposeDefaultValues: true,
  });
  const errors = validateSync(instance, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigValidationError(service, flatten(errors));
  return instance;
}
