// Types of deploy/server/generate.mjs for the TypeScript that imports it (its tests).
export interface Secrets {
  db: Record<string, string>;
  nats: Record<string, string>;
  jwtSecret: string;
  identifierHashKey: string;
  adminPassword: string;
}
export interface ServerPorts {
  gateway: number;
  registry: number;
  referral: number;
  notification: number;
  reporting: number;
  intakeBase: number;
  nats: number;
  natsMonitor: number;
  https: number;
  http: number;
}
export interface ServerOptions {
  root?: string;
  domain: string;
  kabKotaCode?: string;
  intakeInstances?: number;
  owners?: string[];
  appDir?: string;
  nodeBin?: string;
  timeZone?: string;
  natsSyncAlways?: boolean;
  rolePrefix?: string;
  database?: { host?: string; port?: number; name?: string };
  ports?: Partial<ServerPorts>;
  proxyAddress?: string;
  osUser?: string;
  natsOsUser?: string;
  ipv6?: boolean;
  /** HTTP port of each intake instance (default intakeBase + i). */
  intakePorts?: number[];
  /** Operations port per service or intake-<i> (default HTTP port + 6100). */
  opsPorts?: Record<string, number>;
  secrets?: Secrets;
}
export interface GeneratedFile {
  path: string;
  content: string;
  mode: number;
}
export const DEFAULT_PORTS: ServerPorts;
export function generateSecrets(owners?: string[]): Secrets;
export function serverFiles(o: ServerOptions): GeneratedFile[];
export function writeFiles(files: GeneratedFile[]): void;
export function existingSecrets(root: string, owners?: string[]): Secrets | undefined;
