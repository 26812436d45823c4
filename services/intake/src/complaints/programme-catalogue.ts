import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { systemActor } from '@slrt/contracts';
import { PROGRAMME_CATALOGUE } from '@slrt/domain';
import { RpcClient } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { IntakeEnv } from '../config/intake.env.js';

/** The programme codes a complaint may name, with their aliases (e.g. KIP → PIP). */
export interface ProgrammeLookup {
  /**
   * True when the list is referral's catalogue (the kab/kota's programmes included); false when
   * referral did not answer and only the national seed is known: then an unknown code cannot be
   * called wrong (it may be a local programme) and registration answers 503 instead of 422.
   */
  readonly authoritative: boolean;
  /** The canonical code of `codeOrAlias` (case-insensitive), or null when the catalogue has no such programme. */
  find(codeOrAlias: string, o?: { inactiveToo?: boolean }): string | null;
  /** The programme's name (for receipts), or null when unknown. */
  name(code: string): string | null;
  /** Every programme of the list (for the field app's offline bundle). */
  readonly entries: ReadonlyArray<{ code: string; name: string; aliases: readonly string[]; active: boolean }>;
}

interface Entry {
  code: string;
  active: boolean;
}

function lookupOf(
  entries: Array<Entry & { aliases: readonly string[]; name: string }>,
  authoritative: boolean,
): ProgrammeLookup {
  const byName = new Map<string, Entry>();
  const names = new Map(entries.map((e) => [e.code, e.name]));
  for (const e of entries)
    for (const name of [e.code, ...e.aliases]) byName.set(name.toUpperCase(), { code: e.code, active: e.active });
  return {
    authoritative,
    entries: entries.map((e) => ({ code: e.code, name: e.name, aliases: [...e.aliases], active: e.active })),
    name: (code) => names.get(code) ?? null,
    find(codeOrAlias, o = {}) {
      const e = byName.get(codeOrAlias.trim().toUpperCase());
      return e && (e.active || o.inactiveToo) ? e.code : null;
    },
  };
}

/** The national seed of `@slrt/domain`: what intake knows without referral (never authoritative). */
export const SEED_PROGRAMMES: ProgrammeLookup = lookupOf(
  PROGRAMME_CATALOGUE.map((p) => ({ code: p.code, aliases: p.aliases, name: p.name, active: true })),
  false,
);

/**
 * The programme catalogue complaints are validated against: referral's directory (national seed
 * plus the kab/kota's own programmes, edited by ADMIN), asked with
 * `slrt.rpc.referral.list-programmes.v1` as `system:intake` and cached for
 * `INTAKE_PROGRAMMES_CACHE_MS`, first at start (not awaited). When referral does not answer, the
 * last list is used as long as it exists (stale rather than blocking the FO), else the national
 * seed (not authoritative), and referral is asked again after a few seconds. Concurrent
 * registrations share one request.
 */
@Injectable()
export class ProgrammeCatalogue implements OnApplicationBootstrap {
  private current: { lookup: ProgrammeLookup; until: number } | null = null;
  private pending: Promise<ProgrammeLookup> | null = null;

  constructor(
    private readonly rpc: RpcClient,
    private readonly env: IntakeEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap() {
    void this.lookup();
  }

  async lookup(): Promise<ProgrammeLookup> {
    if (this.current && Date.now() < this.current.until) return this.current.lookup;
    this.pending ??= this.refresh().finally(() => (this.pending = null));
    return this.pending;
  }

  private async refresh(): Promise<ProgrammeLookup> {
    try {
      const res = await this.rpc.request(
        'slrt.rpc.referral.list-programmes.v1',
        { includeInactive: true },
        { actor: systemActor('intake'), timeoutMs: this.env.INTAKE_PROGRAMMES_TIMEOUT_MS },
      );
      const lookup = lookupOf(res.items, true);
      this.current = { lookup, until: Date.now() + this.env.INTAKE_PROGRAMMES_CACHE_MS };
      return lookup;
    } catch (err) {
      const last = this.current?.lookup.authoritative ? this.current.lookup : SEED_PROGRAMMES;
      this.logger.warn(
        { reason: err instanceof Error ? err.message : String(err), stale: last.authoritative },
        'programme catalogue not answered by referral; using the last known list',
      );
      this.current = { lookup: last, until: Date.now() + Math.min(5000, this.env.INTAKE_PROGRAMMES_CACHE_MS) };
      return last;
    }
  }
}
