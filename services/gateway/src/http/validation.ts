import { ValidationPipe } from '@nestjs/common';
import { fieldErrorsOf } from '@slrt/contracts';
import { ProblemError } from './problem.js';

/**
 * Validates the gateway's own request bodies: 422 problem+json with every field's problems, in
 * Bahasa Indonesia with the field's path (the same translation as every service's, libs/contracts).
 */
export function gatewayValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // The translation reads each failed constraint's arguments from the validated class.
    validationError: { target: true, value: true },
    exceptionFactory: (errors) =>
      new ProblemError(
        422,
        'VALIDATION_FAILED',
        'Data yang dikirim belum benar. Periksa isian yang ditandai.',
        fieldErrorsOf(errors),
      ),
  });
}
