export * from './wait-for.js';
export * from './database.js';
export * from './nats-server.js';
export * from './samples.js';
export * from './asyncapi.js';
export * from './synthetic-registry.js';
export * from './tcp-proxy.js';
export * from './private-postgres.js';
