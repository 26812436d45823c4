import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  systemActor,
  type ComplaintStatusChangedV1,
  type MessageChannel,
  type MessageStatus,
  type NotificationContactV1,
  type NotificationContactsV1,
} from '@slrt/contracts';
import { RpcClient } from '@slrt/messaging';
import { Channels } from '../channels/channels.js';
import { NotificationEnv } from '../config/notification.env.js';
import { TemplateStore } from '../templates/template-store.js';
import { render } from '../templates/templates.js';
import {
  AWAITING_LETTER,
  AWAITING_VISIT,
  NOT_CONFIGURED,
  NO_CONSENT,
  OPTED_OUT,
  TEXT_CHANNELS,
  UNREACHABLE,
} from './messages.service.js';
import { SettingsStore } from './settings.js';
import { templateValues } from './template-values.js';

/** The address a channel needs from a contact, or null when it cannot reach them. */
function addressFor(channel: MessageChannel, c: NotificationContactV1): string | null {
  if (channel === 'sms' || channel === 'whatsapp') return c.phone;
  if (channel === 'email') return c.email;
  return [c.address, c.desaCode].filter(Boolean).join(', ');
}

/**
 * Which messages a step of a complaint's timeline produces (rule, consent, anonymity, channel,
 * opt-out) and their texts from the templates, planned in the consumer's transaction; the
 * contacts come from intake, requests shared by the events handled together.
 */
@Injectable()
export class MessagePlanning {
  private readonly self = systemActor('notification');

  constructor(
    private readonly rpc: RpcClient,
    private readonly env: NotificationEnv,
    private readonly settings: SettingsStore,
    private readonly templates: TemplateStore,
    private readonly channels: Channels,
  ) {}

  /**
   * Plans the messages of one transition, in the consumer's transaction (inbox): one row per
   * recipient (unique on complaint, sequence, recipient, channel), so a redelivered event adds nothing.
   */
  async planForTransition(
    m: EntityManager,
    e: ComplaintStatusChangedV1,
    batch?: readonly ComplaintStatusChangedV1[],
  ): Promise<number> {
    const rule = await this.settings.rule(m, e.step);
    if (!rule?.enabled || rule.recipients.length === 0) return 0;
    // Contacts live in intake; the request fails (and the event is retried) when intake is down.
    const contacts = await this.contactsForBatch(m, e.complaintId, batch);
    const configured = new Set(this.channels.configured());
    const used = new Set<string>();
    let planned = 0;
    for (const role of rule.recipients) {
      const c = contacts.contacts.find((p) => p.role === role);
      if (!c) continue;
      if (!c.consent) {
        planned += await this.insert(m, e, contacts, c, rule.channels[0] ?? 'sms', c.desaCode, 'cancelled', NO_CONSENT);
        continue;
      }
      const reachable = rule.channels.filter((ch) => addressFor(ch, c));
      // The first channel that reaches the person and has a provider; else the first that reaches them (queued, shown as not configured).
      const channel = reachable.find((ch) => configured.has(ch)) ?? reachable[0];
      if (!channel) {
        planned += await this.insert(
          m,
          e,
          contacts,
          c,
          rule.channels[0] ?? 'sms',
          c.desaCode,
          'cancelled',
          UNREACHABLE,
        );
        continue;
      }
      const address = addressFor(channel, c)!;
      const key = `${channel}:${address}`;
      if (used.has(key)) continue; // subject and complainant share the phone: told once
      used.add(key);
      const reason =
        channel === 'letter'
          ? AWAITING_LETTER
          : channel === 'fs-visit'
            ? AWAITING_VISIT
            : configured.has(channel)
              ? null
              : NOT_CONFIGURED;
      planned += await this.insert(m, e, contacts, c, channel, address, 'queued', reason);
    }
    return planned;
  }

  /**
   * A complaint's contacts from intake. The events handled at the same time share requests: while
   * one is on its way, the ids asked for meanwhile wait and go together in the next one
   * (`complaintIds`, at most 100). A complaint missing from a batch's answer, or a batch that
   * failed, is asked for alone, so each event sees exactly what a request of its own would have
   * answered (NOT_FOUND or unavailable: the event is retried). Nothing is cached: a consent
   * withdrawn in intake counts from the next event on.
   */
  private contactsOf(complaintId: string): Promise<NotificationContactsV1> {
    return new Promise((resolve, reject) => {
      const waiting = this.contactsWaiting.get(complaintId);
      if (waiting) waiting.push({ resolve, reject });
      else this.contactsWaiting.set(complaintId, [{ resolve, reject }]);
      if (this.contactsInFlight < 2) this.flushContacts();
    });
  }

  /**
   * With the consumer's group commit (`batch` = the events committed together), the first event of
   * a batch asks for the contacts of every event of it that its rule would message, at once: one
   * request to intake (through `contactsOf`'s coalescing) instead of one per event, the handlers of
   * a batch running one after the other. The batch is forgotten with it (WeakMap).
   */
  private async contactsForBatch(
    m: EntityManager,
    complaintId: string,
    batch?: readonly ComplaintStatusChangedV1[],
  ): Promise<NotificationContactsV1> {
    if (!batch || batch.length < 2) return this.contactsOf(complaintId);
    let prefetched = this.batchContacts.get(batch);
    if (!prefetched) {
      prefetched = new Map();
      this.batchContacts.set(batch, prefetched);
      for (const e of batch) {
        if (prefetched.has(e.complaintId)) continue;
        const rule = await this.settings.rule(m, e.step);
        if (!rule?.enabled || rule.recipients.length === 0) continue;
        const p = this.contactsOf(e.complaintId);
        p.catch(() => undefined); // read (and failed) by that event's own handler
        prefetched.set(e.complaintId, p);
      }
    }
    return prefetched.get(complaintId) ?? this.contactsOf(complaintId);
  }

  private readonly batchContacts = new WeakMap<
    readonly ComplaintStatusChangedV1[],
    Map<string, Promise<NotificationContactsV1>>
  >();

  private readonly contactsWaiting = new Map<
    string,
    Array<{ resolve: (c: NotificationContactsV1) => void; reject: (e: unknown) => void }>
  >();
  private contactsInFlight = 0;

  private flushContacts(): void {
    if (this.contactsWaiting.size === 0) return;
    const batch = [...this.contactsWaiting].slice(0, 100);
    for (const [id] of batch) this.contactsWaiting.delete(id);
    this.contactsInFlight++;
    void this.requestContacts(batch.map(([id]) => id))
      .then(
        (answers) =>
          Promise.all(
            batch.map(async ([id, waiters]) => {
              try {
                const c = answers.get(id) ?? (await this.requestContacts([id])).get(id)!;
                for (const w of waiters) w.resolve(c);
              } catch (err) {
                for (const w of waiters) w.reject(err);
              }
            }),
          ),
        // A request of one id fails as a whole (intake or NATS unavailable): its waiters hear it and
        // their events are retried; without this they waited forever and the error went unhandled.
        (err: unknown) => {
          for (const [, waiters] of batch) for (const w of waiters) w.reject(err);
        },
      )
      .finally(() => {
        this.contactsInFlight--;
        this.flushContacts();
      });
  }

  /** One request for `ids` (the first as `complaintId`); a failed batch falls back to one request per id (in the caller). */
  private async requestContacts(ids: string[]): Promise<Map<string, NotificationContactsV1>> {
    const opts = { actor: this.self, timeoutMs: this.env.NOTIFY_INTAKE_TIMEOUT_MS };
    if (ids.length === 1) {
      const one = await this.rpc.request(
        'slrt.rpc.intake.get-notification-contacts.v1',
        { complaintId: ids[0]! },
        opts,
      );
      return new Map([[ids[0]!, one]]);
    }
    try {
      const answer = await this.rpc.request(
        'slrt.rpc.intake.get-notification-contacts.v1',
        { complaintId: ids[0]!, complaintIds: ids },
        opts,
      );
      const { others, ...main } = answer;
      return new Map([main, ...(others ?? [])].map((c) => [c.complaintId, c]));
    } catch {
      return new Map();
    }
  }

  private async insert(
    m: EntityManager,
    e: ComplaintStatusChangedV1,
    contacts: NotificationContactsV1,
    c: NotificationContactV1,
    channel: MessageChannel,
    address: string,
    status: MessageStatus,
    reason: string | null,
  ): Promise<number> {
    const template = await this.templates.current(m, e.step, channel);
    if (!template) return 0;
    const values = templateValues(this.env, e, contacts, c.name);
    // One round trip: an opted-out text channel is recorded cancelled; the commit wakes the dispatcher.
    const rows = (await m.query(
      `WITH ins AS (
         INSERT INTO message (id, complaint_id, sequence, step, recipient, channel, desa_code, address, name, body, subject, template_version, status, status_reason)
         SELECT $1::uuid, $2::uuid, $3::int, $4, $5, $6, $7, $8::text, $9, $10, $11, $12::int,
                CASE WHEN $15::boolean AND $13::text = 'queued' AND EXISTS (SELECT 1 FROM opt_out WHERE address = $8::text) THEN 'cancelled' ELSE $13::text END,
                CASE WHEN $15::boolean AND $13::text = 'queued' AND EXISTS (SELECT 1 FROM opt_out WHERE address = $8::text) THEN $16::text ELSE $14::text END
         ON CONFLICT (complaint_id, sequence, recipient, channel) WHERE replaces_message_id IS NULL DO NOTHING RETURNING id, status)
       SELECT id, CASE WHEN status = 'queued' THEN pg_notify('notification_message', '') END AS woke FROM ins`,
      [
        uuidv7(),
        e.complaintId,
        e.sequence,
        e.step,
        c.role,
        channel,
        e.desaCode,
        address,
        c.name,
        render(template.body, values),
        template.subject ? render(template.subject, values) : null,
        template.version,
        status,
        reason,
        TEXT_CHANNELS.includes(channel),
        OPTED_OUT,
      ],
    )) as unknown[];
    return rows.length;
  }
}
