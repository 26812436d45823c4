import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from '@slrt/contracts';
import { ProblemError } from './problem.js';

function collect(errors: ValidationError[], prefix: string, out: FieldError[]): void {
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) out.push({ field, messages: Object.values(e.constraints).map((m) => (/should not exist/.test(m) ? 'Kolom ini tidak dikenal.' : m)) });
    if (e.children?.length) collect(e.children, field, out);
  }
}

/** Validates the gateway's own request bodies: 422 problem+json with every field's problems. */
export function gatewayValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fieldErrors: FieldError[] = [];
      collect(errors, '', fieldErrors);
      return new ProblemError(422, 'VALIDATION_FAILED', 'Data yang dikirim belum benar. Periksa isian yang ditandai.', fieldErrors);
    },
  });
}
