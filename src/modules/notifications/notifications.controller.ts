import {
  Controller,
  createParamDecorator,
  ExecutionContext,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Authenticated, CurrentActor } from '../../platform/http';
import { Language, pickLanguage } from '../../platform/i18n';
import {
  ListNotificationsQuery,
  MarkedReadDto,
  NotificationDto,
  NotificationIdParams,
  NotificationPageDto,
  UnreadCountDto,
} from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

/** The reader's language from Accept-Language (Vietnamese unless English is preferred). */
const ReaderLanguage = createParamDecorator((_: unknown, ctx: ExecutionContext): Language =>
  pickLanguage(
    ctx.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers[
      'accept-language'
    ],
  ),
);

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: "The caller's own notifications, newest first (keyset pages)" })
  @ApiOkResponse({ type: NotificationPageDto })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListNotificationsQuery,
    @ReaderLanguage() lang: Language,
  ): Promise<NotificationPageDto> {
    return this.notifications.list(actor.user.id, query, lang);
  }

  @Get('unread-count')
  @Authenticated()
  @ApiOperation({ summary: 'How many of the caller’s notifications are unread (the bell)' })
  @ApiOkResponse({ type: UnreadCountDto })
  async unreadCount(@CurrentActor() actor: Actor): Promise<UnreadCountDto> {
    return { count: await this.notifications.unreadCount(actor.user.id) };
  }

  @Post('read-all')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Marks every unread notification of the caller read' })
  @ApiOkResponse({ type: MarkedReadDto })
  async markAllRead(@CurrentActor() actor: Actor): Promise<MarkedReadDto> {
    return { marked: await this.notifications.markAllRead(actor.user.id) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Marks one of the caller’s notifications read (again: no change)' })
  @ApiOkResponse({ type: NotificationDto })
  @ApiNotFoundResponse({ description: 'NOTIFICATION_NOT_FOUND (also for another user’s notification)' })
  markRead(
    @CurrentActor() actor: Actor,
    @Param() params: NotificationIdParams,
    @ReaderLanguage() lang: Language,
  ): Promise<NotificationDto> {
    return this.notifications.markRead(actor.user.id, params.id, lang);
  }
}
