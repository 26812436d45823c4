/** Entities of the intake service (its own schema only). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const intakeEntities: Function[] = [];
