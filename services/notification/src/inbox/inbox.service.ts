import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  Actor,
  InboxItemKind,
  ListInboxRequestV1,
  ListInboxResponseV1,
  MarkAllInboxReadRequestV1,
  MarkInboxReadResponseV1,
} from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { NotificationEnv } from '../config/notification.env.js';
import { InboxRepository, type InboxReader } from './inbox.repository.js';

/** Items created before this instant have left the inbox (`NOTIFICATION_INBOX_DAYS`). */
export function inboxHorizon(env: NotificationEnv, now = new Date()): Date {
  return new Date(now.getTime() - env.NOTIFICATION_INBOX_DAYS * 24 * 3600_000);
}

/**
 * The staff inbox as its reader sees it. The reader is the request's actor — the user the gateway
 * authenticated, with the roles and region scope it holds now — so no user directory is needed
 * here: role and scope filter the audience items at each read, and read state is kept per user id.
 */
@Injectable()
export class InboxService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: InboxRepository,
    private readonly env: NotificationEnv,
  ) {}

  private reader(actor: Actor): InboxReader {
    if (actor.kind !== 'user')
      throw new DomainError('FORBIDDEN', 'Kotak masuk hanya untuk pengguna petugas.', { reason: 'USER_ONLY' });
    return {
      userId: actor.id,
      roles: actor.roles,
      regionScope: actor.regionScope,
      ownerCode: actor.ownerCode ?? null,
      since: inboxHorizon(this.env),
    };
  }

  async list(req: ListInboxRequestV1, actor: Actor): Promise<ListInboxResponseV1> {
    const r = this.reader(actor);
    const page = await this.repo.list(
      this.dataSource.manager,
      r,
      req.kind ?? null,
      req.unreadOnly ?? false,
      req.page,
      req.pageSize,
    );
    return { ...page, page: req.page, pageSize: req.pageSize };
  }

  async unread(kind: InboxItemKind | undefined, actor: Actor): Promise<{ unread: number }> {
    return { unread: await this.repo.unread(this.dataSource.manager, this.reader(actor), kind ?? null) };
  }

  async markRead(itemId: string, actor: Actor): Promise<MarkInboxReadResponseV1> {
    const r = this.reader(actor);
    return this.dataSource.transaction(async (m) => {
      if (!(await this.repo.visible(m, r, itemId)))
        throw new DomainError('NOT_FOUND', 'Pemberitahuan tidak ditemukan.', { reason: 'INBOX_ITEM_NOT_FOUND' });
      const marked = await this.repo.markRead(m, r.userId, itemId);
      return { marked, unread: await this.repo.unread(m, r) };
    });
  }

  async markAllRead(req: MarkAllInboxReadRequestV1, actor: Actor): Promise<MarkInboxReadResponseV1> {
    const r = this.reader(actor);
    return this.dataSource.transaction(async (m) => {
      const marked = await this.repo.markAllRead(m, r, req.kind ?? null, req.upTo ? new Date(req.upTo) : new Date());
      return { marked, unread: await this.repo.unread(m, r) };
    });
  }
}
