/** Entities of the gateway service (its own schema only). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const gatewayEntities: Function[] = [];
