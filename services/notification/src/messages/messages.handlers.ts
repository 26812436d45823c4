import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import {
  COMPLAINT_STEPS,
  MESSAGE_CHANNELS,
  type ActOnMessageRequestV1,
  type GetMessageLetterRequestV1,
  type ListMessagesRequestV1,
  type ListTemplatesRequestV1,
  type PreviewTemplateRequestV1,
  type ProviderCallbackRequestV1,
  type SaveNotificationSettingsRequestV1,
  type SaveTemplateRequestV1,
} from '@slrt/contracts';
import { DomainError, OnRequest, RpcRequestContext } from '@slrt/messaging';
import { findRegion } from '@slrt/domain';
import { Channels } from '../channels/channels.js';
import { renderLetter } from '../tasks/letter.js';
import { NotificationEnv } from '../config/notification.env.js';
import { smsLength } from '../templates/sms-length.js';
import { TemplateStore } from '../templates/template-store.js';
import { PLACEHOLDERS, builtInTemplate, render, unknownPlaceholders } from '../templates/templates.js';
import { inScope, requireRole, scopePatterns } from '@slrt/auth';
import { MESSAGE_ROLES } from './access.js';
import { MESSAGE_COLUMNS, MessagesService, type MessageRow } from './messages.service.js';
import { SettingsStore } from './settings.js';

/** NATS request adapters for messages to citizens: staff views and actions, ADMIN settings and templates, provider callbacks. */
@Controller()
export class MessagesHandlers {
  constructor(
    private readonly dataSource: DataSource,
    private readonly messages: MessagesService,
    private readonly settings: SettingsStore,
    private readonly templates: TemplateStore,
    private readonly channels: Channels,
    private readonly env: NotificationEnv,
  ) {}

  @OnRequest('slrt.rpc.notification.list-messages.v1')
  async list(@Payload() data: ListMessagesRequestV1, @Ctx() ctx: RpcRequestContext) {
    requireRole(ctx.actor, MESSAGE_ROLES.read);
    const where = ['desa_code LIKE ANY($1)'];
    const params: unknown[] = [scopePatterns(ctx.actor)];
    if (data.complaintId) where.push(`complaint_id = $${params.push(data.complaintId)}`);
    if (data.channel) where.push(`channel = $${params.push(data.channel)}`);
    if (data.status)
      where.push(
        data.status === 'queued' ? `status IN ('queued', 'sending')` : `status = $${params.push(data.status)}`,
      );
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM message WHERE ${where.join(' AND ')}`,
      params,
    )) as [{ total: number }];
    const rows = (await this.dataSource.query(
      `SELECT ${MESSAGE_COLUMNS} FROM message WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, data.pageSize, (data.page - 1) * data.pageSize],
    )) as MessageRow[];
    return { items: rows.map((r) => this.messages.view(r)), total };
  }

  @OnRequest('slrt.rpc.notification.act-on-message.v1')
  act(@Payload() data: ActOnMessageRequestV1, @Ctx() ctx: RpcRequestContext) {
    requireRole(
      ctx.actor,
      data.action === 'mark-delivered' || data.action === 'mark-undeliverable'
        ? MESSAGE_ROLES.record
        : MESSAGE_ROLES.act,
    );
    return this.messages.act(data.messageId, data.action, data.note, ctx.actor, (desa) => inScope(ctx.actor, desa));
  }

  /** The printable letter of a `letter` message (FS, FO and whoever reads messages, in scope). */
  @OnRequest('slrt.rpc.notification.get-message-letter.v1')
  async letter(@Payload() data: GetMessageLetterRequestV1, @Ctx() ctx: RpcRequestContext) {
    requireRole(ctx.actor, MESSAGE_ROLES.read);
    const r = await this.messages.find(this.dataSource.manager, data.messageId);
    if (!r || !inScope(ctx.actor, r.desaCode))
      throw new DomainError('NOT_FOUND', 'Pesan tidak ditemukan.', { reason: 'MESSAGE_NOT_FOUND' });
    if (r.channel !== 'letter') throw new DomainError('CONFLICT', 'Pesan ini bukan surat.', { reason: 'NOT_A_LETTER' });
    const receipt = /(\d{4}-\d{4}-\d{6})/.exec(r.body)?.[1] ?? null;
    const url = /(https?:\/\/\S+)/.exec(r.body)?.[1] ?? null;
    const pdf = await renderLetter({
      kabKotaName: findRegion(this.env.KAB_KOTA_CODE)?.name ?? this.env.KAB_KOTA_CODE,
      receiptNumber: receipt,
      statusUrl: url,
      addresseeName: r.name,
      addressLines: r.address.split(', '),
      subject: r.subject,
      body: r.body,
      createdAt: new Date(r.createdAt),
    });
    return {
      fileName: `surat-${receipt ?? r.id}.pdf`,
      contentType: 'application/pdf' as const,
      contentBase64: pdf.toString('base64'),
    };
  }

  @OnRequest('slrt.rpc.notification.get-settings.v1')
  async getSettings(@Payload() data: { includeDisabled?: boolean }, @Ctx() ctx: RpcRequestContext) {
    requireRole(ctx.actor, MESSAGE_ROLES.settingsRead);
    return this.settingsView(data.includeDisabled ?? true);
  }

  @OnRequest('slrt.rpc.notification.save-settings.v1')
  async saveSettings(@Payload() data: SaveNotificationSettingsRequestV1, @Ctx() ctx: RpcRequestContext) {
    requireRole(ctx.actor, MESSAGE_ROLES.settingsWrite);
    const fieldErrors = (data.rules ?? []).flatMap((r, i) => [
      ...(r.enabled && r.channels.length === 0
        ? [{ field: `rules[${i}].channels`, messages: ['Pilih paling sedikit satu saluran untuk tahap yang aktif.'] }]
        : []),
      ...(r.enabled && r.recipients.length === 0
        ? [
            {
              field: `rules[${i}].recipients`,
              messages: ['Pilih paling sedikit satu penerima untuk tahap yang aktif.'],
            },
          ]
        : []),
      ...(r.enabled && r.channels.some((c) => !builtInTemplate(r.step, c))
        ? [
            {
              field: `rules[${i}].step`,
              messages: ['Tahap ini belum memiliki templat pesan; simpan templatnya terlebih dahulu.'],
            },
          ]
        : []),
    ]);
    if (fieldErrors.length)
      throw new DomainError('VALIDATION_FAILED', 'Pengaturan pesan tidak valid.', { fieldErrors });
    await this.dataSource.transaction((m) => this.settings.save(m, data, ctx.actor.id));
    return this.settingsView(true);
  }

  private async settingsView(includeDisabled: boolean) {
    const m = this.dataSource.manager;
    const s = await this.settings.settings(m);
    const rules = (await this.settings.rules(m)).filter((r) => includeDisabled || r.enabled);
    return { kabKotaCode: this.env.KAB_KOTA_CODE, ...s, rules, configuredChannels: this.channels.configured() };
  }

  @OnRequest('slrt.rpc.notification.list-templates.v1')
  async listTemplates(@Payload() data: ListTemplatesRequestV1, @Ctx() ctx: RpcRequestContext) {
    requireRole(ctx.actor, MESSAGE_ROLES.settingsRead);
    const items = await this.templates.list(
      this.dataSource.manager,
      data.step ? [data.step] : COMPLAINT_STEPS,
      MESSAGE_CHANNELS,
    );
    return { items, placeholders: Object.keys(PLACEHOLDERS) };
  }

  @OnRequest('slrt.rpc.notification.save-template.v1')
  async saveTemplate(@Payload() data: SaveTemplateRequestV1, @Ctx() ctx: RpcRequestContext) {
    requireRole(ctx.actor, MESSAGE_ROLES.settingsWrite);
    const fieldErrors = [
      ...unknownPlaceholders(data.body).map((p) => ({
        field: 'body',
        messages: [
          `Penanda {${p}} tidak dikenal. Yang tersedia: ${Object.keys(PLACEHOLDERS)
            .map((k) => `{${k}}`)
            .join(', ')}.`,
        ],
      })),
      ...(data.subject
        ? unknownPlaceholders(data.subject).map((p) => ({
            field: 'subject',
            messages: [`Penanda {${p}} tidak dikenal.`],
          }))
        : []),
    ];
    if (fieldErrors.length)
      throw new DomainError('VALIDATION_FAILED', 'Templat memuat penanda yang tidak dikenal.', { fieldErrors });
    return this.dataSource.transaction((m) =>
      this.templates.save(m, data.step, data.channel, data.body, data.subject ?? null, ctx.actor.id),
    );
  }

  @OnRequest('slrt.rpc.notification.preview-template.v1')
  async preview(@Payload() data: PreviewTemplateRequestV1, @Ctx() ctx: RpcRequestContext) {
    requireRole(ctx.actor, MESSAGE_ROLES.settingsRead);
    let body = data.body;
    // `null` is "no draft" like an absent body (IsOptional lets it through).
    if (body === undefined || body === null) {
      const current = await this.templates.current(this.dataSource.manager, data.step, data.channel);
      if (!current)
        throw new DomainError('NOT_FOUND', 'Tahap ini belum memiliki templat untuk saluran tersebut.', {
          reason: 'TEMPLATE_NOT_FOUND',
        });
      body = current.body;
    }
    const unknown = unknownPlaceholders(body);
    if (unknown.length)
      throw new DomainError('VALIDATION_FAILED', 'Templat memuat penanda yang tidak dikenal.', {
        fieldErrors: unknown.map((p) => ({ field: 'body', messages: [`Penanda {${p}} tidak dikenal.`] })),
      });
    const text = render(body, PLACEHOLDERS);
    return { text, ...smsLength(text) };
  }

  /** Forwarded by the gateway's signed webhook only (system:gateway). */
  @OnRequest('slrt.rpc.notification.provider-callback.v1')
  callback(@Payload() data: ProviderCallbackRequestV1, @Ctx() ctx: RpcRequestContext) {
    if (ctx.actor.kind !== 'system' || ctx.actor.id !== 'system:gateway')
      throw new DomainError('FORBIDDEN', 'Hanya gateway yang meneruskan laporan penyedia.', { reason: 'NOT_GATEWAY' });
    return this.messages.callback(data.provider, data.kind, data.body);
  }
}
