import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ComplaintStep, MessageChannel, MessageTemplateV1 } from '@slrt/contracts';
import { builtInTemplate } from './templates.js';

export interface CurrentTemplate {
  body: string;
  subject: string | null;
  version: number;
}

/** Templates as data: each save is a new version; version 0 is the built-in text. */
@Injectable()
export class TemplateStore {
  /** Current versions read at most once a second per instance (saved by ADMIN only). */
  private cache = new Map<string, { at: number; value: CurrentTemplate | null }>();

  async current(m: EntityManager, step: ComplaintStep, channel: MessageChannel): Promise<CurrentTemplate | null> {
    const key = `${step}/${channel}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at <= 1000) return hit.value;
    const value = await this.load(m, step, channel);
    this.cache.set(key, { at: Date.now(), value });
    return value;
  }

  private async load(m: EntityManager, step: ComplaintStep, channel: MessageChannel): Promise<CurrentTemplate | null> {
    const [row] = (await m.query(
      `SELECT body, subject, version FROM message_template WHERE step = $1 AND channel = $2 ORDER BY version DESC LIMIT 1`,
      [step, channel],
    )) as CurrentTemplate[];
    if (row) return row;
    const b = builtInTemplate(step, channel);
    return b ? { ...b, version: 0 } : null;
  }

  async list(
    m: EntityManager,
    steps: readonly ComplaintStep[],
    channels: readonly MessageChannel[],
  ): Promise<MessageTemplateV1[]> {
    const out: MessageTemplateV1[] = [];
    const rows = (await m.query(
      `SELECT DISTINCT ON (step, channel) step, channel, version, body, subject, updated_by AS "updatedBy", updated_at AS "updatedAt" FROM message_template WHERE step = ANY($1) ORDER BY step, channel, version DESC`,
      [steps],
    )) as Array<MessageTemplateV1 & { updatedAt: Date }>;
    const saved = new Map(rows.map((r) => [`${r.step}/${r.channel}`, r]));
    for (const step of steps) {
      for (const channel of channels) {
        const r = saved.get(`${step}/${channel}`);
        if (r) out.push({ ...r, updatedAt: new Date(r.updatedAt).toISOString() });
        else {
          const b = builtInTemplate(step, channel);
          if (b)
            out.push({
              step,
              channel,
              version: 0,
              body: b.body,
              subject: b.subject,
              updatedBy: 'bawaan',
              updatedAt: new Date(0).toISOString(),
            });
        }
      }
    }
    return out;
  }

  async save(
    m: EntityManager,
    step: ComplaintStep,
    channel: MessageChannel,
    body: string,
    subject: string | null,
    actorId: string,
  ): Promise<MessageTemplateV1> {
    this.cache.delete(`${step}/${channel}`);
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`template:${step}:${channel}`]);
    const [row] = (await m.query(
      `INSERT INTO message_template (step, channel, version, body, subject, updated_by)
       SELECT $1, $2, COALESCE(max(version), 0) + 1, $3, $4, $5 FROM message_template WHERE step = $1 AND channel = $2
       RETURNING step, channel, version, body, subject, updated_by AS "updatedBy", updated_at AS "updatedAt"`,
      [step, channel, body, subject, actorId],
    )) as Array<MessageTemplateV1 & { updatedAt: Date }>;
    return { ...row!, updatedAt: new Date(row!.updatedAt).toISOString() };
  }
}
