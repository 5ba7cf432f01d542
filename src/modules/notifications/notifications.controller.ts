import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Authenticated, CurrentActor } from '../../platform/http';
import {
  ListNotificationsQuery,
  NotificationDto,
  NotificationIdParams,
  NotificationPageDto,
} from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: "The caller's own notifications, newest first (keyset pages)" })
  @ApiOkResponse({ type: NotificationPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListNotificationsQuery): Promise<NotificationPageDto> {
    return this.notifications.list(actor.user.id, query);
  }

  @Post(':id/read')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Marks one of the caller’s notifications read (again: no change)' })
  @ApiOkResponse({ type: NotificationDto })
  @ApiNotFoundResponse({ description: 'NOTIFICATION_NOT_FOUND (also for another user’s notification)' })
  markRead(@CurrentActor() actor: Actor, @Param() params: NotificationIdParams): Promise<NotificationDto> {
    return this.notifications.markRead(actor.user.id, params.id);
  }
}
