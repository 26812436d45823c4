// Types of deploy/nats/links.mjs for the TypeScript that imports it (tests).
import type { JetStreamManager } from '@nats-io/jetstream';
import type { ExtraUser } from './generate.mjs';
export const NATIONAL_DOMAIN: string;
export function kkToken(code: string): string;
export function jetstreamDomain(code: string): string;
export function leafUser(code: string): string;
export function answersStream(kk: string): string;
export function outDeliverPrefix(kk: string): string;
export function inDeliverPrefix(kk: string): string;
export function nationalAnswerSubject(kk: string, owner: string, kind: string): string;
export function leafPermissions(kabKota: string[]): { publish: string[]; subscribe: string[] };
export function platformStreams(): string[];
export function remoteDenies(o: { code: string; owners?: string[] }): { denyExports: string[]; denyImports: string[] };
export function leafnodesBlock(o: {
  code: string;
  hubUrl?: string;
  password?: string;
  listen?: string;
  owners?: string[];
  tls?: { ca?: string | undefined; cert?: string | undefined; key?: string | undefined };
}): string;
export function leafUsers(o: { level: 'province' | 'national'; links: string[] }): ExtraUser[];
export function nationalOwnerUser(code: string): ExtraUser;
export interface LinkOptions {
  level: 'kabkota' | 'province' | 'national';
  code?: string;
  links?: string[];
  nationalOwners: string[];
  maxAgeDays?: number;
}
export function linkStreams(o: LinkOptions): Array<Record<string, unknown>>;
export function nationalOutSubjects(owners: string[]): string[];
export function nationalOwnerDurables(owners: string[]): Array<Record<string, unknown>>;
export function provisionLinks(jsm: JetStreamManager, o: LinkOptions): Promise<void>;
