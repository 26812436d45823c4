/** Entities of the referral service (its own schema only). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const referralEntities: Function[] = [];
