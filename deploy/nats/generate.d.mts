// Types of deploy/nats/generate.mjs for the TypeScript that imports it (libs/testing, tests).
export interface DurableDef {
  service: string;
  durable: string;
  stream: string;
  subject: string;
  maxDeliver?: number;
  concurrency?: number;
}
export interface Permissions {
  publish: string[];
  subscribe: string[];
  allowResponses: boolean;
  comment: string;
}
export const SERVICES: readonly ['gateway', 'intake', 'registry', 'referral', 'notification', 'reporting'];
export const PROVISIONER: 'provisioner';
export const RPC_CALLS: Record<string, string[]>;
export const OWNER_OUT_PUBLISHERS: string[];
export const DEFAULT_OWNERS: string[];
export function ownerDurable(code: string): {
  stream: string;
  durable: string;
  subject: string;
  ackWaitMs: number;
  maxDeliver: number;
  maxAckPending: number;
  deliverPolicy: string;
};
export function ownerFeedbackDurable(code: string): {
  stream: string;
  durable: string;
  subject: string;
  ackWaitMs: number;
  maxDeliver: number;
  maxAckPending: number;
  deliverPolicy: string;
};
export function serviceDurables(): DurableDef[];
export function assertOwnerCode(code: string): void;
export function inboxPrefix(user: string): string;
export function passwordVariable(user: string): string;
export function permissions(user: string, o?: { durables?: DurableDef[] }): Permissions;
export function allUsers(owners?: string[], rollupSources?: string[]): string[];
export function rollupUser(code: string): string;
export function generatePasswords(users: string[]): Record<string, string>;
export function isSafePassword(value: string): boolean;
export interface ExtraUser {
  user: string;
  publish: string[];
  subscribe: string[];
  connectionTypes: string[];
  comment: string;
}
export function accountsConfig(o?: {
  owners?: string[];
  passwords?: Record<string, string>;
  durables?: DurableDef[];
  rollupSources?: string[];
  extraUsers?: ExtraUser[];
}): string;
export function serverConfig(o: {
  port: number;
  host?: string;
  storeDir: string;
  owners?: string[];
  passwords: Record<string, string>;
  durables?: DurableDef[];
  tls?: { cert: string; key: string };
  cluster?: ClusterNode;
  rollupSources?: string[];
  jetstreamDomain?: string;
  serverName?: string;
  leafnodes?: string;
  extraUsers?: ExtraUser[];
}): string;
export interface ClusterNode {
  serverName: string;
  name?: string;
  host?: string;
  port: number;
  routes: string[];
}
export function clusterBlock(c: ClusterNode): string;
