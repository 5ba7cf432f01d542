import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../../platform/http';
import type { Actor } from '../../../platform/http';
import { ADMIN_ROLE } from '../../identity';
import { FailedJobDto, FailedJobIdParams, FailedJobListDto, FailedJobsQueryDto } from './jobs-admin.dto';
import { JobsAdminService } from './jobs-admin.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/jobs/failed')
export class JobsAdminController {
  constructor(private readonly jobs: JobsAdminService) {}

  @Get()
  @Roles(ADMIN_ROLE)
  @ApiOperation({ summary: 'Jobs that exhausted their attempts (dead letters), newest first (admin)' })
  @ApiOkResponse({ type: FailedJobListDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: not an admin' })
  list(@Query() query: FailedJobsQueryDto): Promise<FailedJobListDto> {
    return this.jobs.list(query);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Roles(ADMIN_ROLE)
  @ApiOperation({
    summary:
      'Sends a dead letter round again (admin): a worker re-enqueues it; a second retry answers the same, no second job',
  })
  @ApiOkResponse({ type: FailedJobDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: not an admin' })
  @ApiNotFoundResponse({ description: 'DEAD_LETTER_NOT_FOUND' })
  retry(@CurrentActor() actor: Actor, @Param() params: FailedJobIdParams): Promise<FailedJobDto> {
    return this.jobs.retry(actor, params.id);
  }
}
