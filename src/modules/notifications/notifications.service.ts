import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { ENV, Env, externalChannel } from '../../platform/config';
import { DomainError } from '../../platform/http';
import { DEFAULT_LANGUAGE, Language } from '../../platform/i18n';
import { OutboxService } from '../../platform/outbox';
import { IdentityDirectoryService } from '../identity';
import { decodeCursor, encodeCursor, ListCursor } from './domain/cursor';
import { renderTitle, TitleTemplates, titleTemplatesOf } from './domain/title';
import { DEFAULT_PAGE_SIZE, NotificationDto, NotificationPageDto } from './dto/notification.dto';
import { Notification, NotificationRepository } from './notification.repository';

export const NOTIFICATION_TYPES = 'notification-types';

/** What another module's event handler asks for: ids and references only, never personal data. */
export interface NotifyInput {
  /** The outbox event being handled: with the recipient, the unique key of a notification. */
  eventId: string;
  recipients: readonly string[];
  /** A key of config/catalogues/notification-types.yaml. */
  type: string;
  caseId?: string;
  /** A case reference (HN-2026-000123), for the title's {reference}. */
  reference?: string;
  referralId?: string;
  /** For a title's {count}. */
  count?: number;
}

const toDto = (n: Notification, title: string): NotificationDto => ({
  id: n.id,
  type: n.type,
  caseId: n.caseId,
  reference: n.reference,
  referralId: n.referralId,
  title,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt ? n.readAt.toISOString() : null,
});

/**
 * In-app notifications to staff. Other modules' event handlers call notify() inside their own
 * transaction; the unique (event, recipient) index makes a redelivered event add nothing. When an outside
 * channel is configured, each new notification also writes a `notification.created` event in the same
 * transaction, whose handler sends it out once per channel.
 */
@Injectable()
export class NotificationsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationRepository,
    private readonly catalogues: CatalogueService,
    private readonly outbox: OutboxService,
    private readonly directory: IdentityDirectoryService,
    @Inject(ENV) private readonly env: Env,
  ) {}

  /**
   * A type without a title in both languages, with a placeholder other than {reference} and {count}, or
   * with other placeholders in one language than in the other, stops the app.
   */
  onModuleInit(): void {
    for (const item of this.catalogues.get(NOTIFICATION_TYPES)?.items ?? []) {
      try {
        titleTemplatesOf(item.title);
      } catch (e) {
        throw new Error(`config/catalogues/notification-types.yaml: ${item.key}: ${(e as Error).message}`, {
          cause: e,
        });
      }
    }
  }

  private templates(type: string): TitleTemplates | undefined {
    const item = this.catalogues.item(NOTIFICATION_TYPES, type);
    return item ? titleTemplatesOf(item.title) : undefined;
  }

  /**
   * The title in the reader's language, made again from the type and the stored reference; the stored
   * (Vietnamese) title when the type is gone from the catalogue or its title needs a {count}, which is
   * not kept.
   */
  private titleIn(r: Notification, lang: Language): string {
    if (lang === DEFAULT_LANGUAGE) return r.title;
    try {
      const t = this.templates(r.type);
      return t ? renderTitle(t[lang], { reference: r.reference }) : r.title;
    } catch {
      return r.title;
    }
  }

  /**
   * One notification per recipient for this event, inside the caller's transaction. Returns the ids of
   * the notifications created: none for recipients the event already notified.
   */
  async notify(manager: EntityManager, input: NotifyInput): Promise<string[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('NotificationsService.notify must be called inside a transaction');
    }
    const templates = this.templates(input.type);
    if (!templates) throw new Error(`Unknown notification type ${input.type}`);
    // Stored in the first language: outside delivery (e-mail, SMS) speaks Vietnamese.
    const title = renderTitle(templates[DEFAULT_LANGUAGE], input);
    const recipients = [...new Set(input.recipients)];
    if (recipients.length === 0) return [];
    const ids = await this.notifications.insertForRecipients(manager, {
      eventId: input.eventId,
      recipients,
      type: input.type,
      caseId: input.caseId ?? null,
      reference: input.reference ?? null,
      referralId: input.referralId ?? null,
      title,
    });
    if (externalChannel(this.env) !== 'none') {
      for (const notificationId of ids) {
        await this.outbox.write(manager, 'notification.created', { notificationId });
      }
    }
    return ids;
  }

  /** The active supervisors of an organisation: who is told what needs an organisation's attention. */
  supervisorsOf(organizationId: string): Promise<string[]> {
    return this.directory.activeUserIdsWithRole(organizationId, 'supervisor');
  }

  /** The active administrators of every organisation: who is told of a configuration fault. */
  activeAdmins(): Promise<string[]> {
    return this.directory.activeUserIdsWithRoleAnywhere('admin');
  }

  /** The caller's own notifications, newest first, by keyset pages; titles in the caller's language. */
  async list(
    recipientId: string,
    query: { unread?: boolean; cursor?: string; limit?: number },
    lang: Language = DEFAULT_LANGUAGE,
  ): Promise<NotificationPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    let after: ListCursor | undefined;
    if (query.cursor !== undefined) {
      after = decodeCursor(query.cursor);
      // The DTO checked the form already; this is the second line.
      if (!after) throw new DomainError('VALIDATION_FAILED', { fields: 'cursor' });
    }
    const rows = await this.notifications.pageForRecipient(
      this.dataSource.manager,
      recipientId,
      { unreadOnly: query.unread === true, ...(after ? { after } : {}) },
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => toDto(r, this.titleIn(r, lang))),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ createdAtMicros: last.createdAtMicros, id: last.id })
          : null,
    };
  }

  /**
   * Marks one of the caller's notifications read (again: the first time stays). Another user's
   * notification answers exactly as one that does not exist.
   */
  async markRead(
    recipientId: string,
    id: string,
    lang: Language = DEFAULT_LANGUAGE,
  ): Promise<NotificationDto> {
    const row = await this.notifications.markRead(this.dataSource.manager, id, recipientId);
    if (!row) throw new DomainError('NOTIFICATION_NOT_FOUND');
    return toDto(row, this.titleIn(row, lang));
  }

  /** How many of the caller's notifications are unread: the bell's number. */
  async unreadCount(recipientId: string): Promise<number> {
    return this.notifications.countUnread(this.dataSource.manager, recipientId);
  }

  /** Marks every unread notification of the caller read; returns how many it marked. */
  async markAllRead(recipientId: string): Promise<number> {
    return this.notifications.markAllRead(this.dataSource.manager, recipientId);
  }
}
