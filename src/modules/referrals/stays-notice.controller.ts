import { Controller, Get, Param, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Policy } from '../../platform/http';
import type { Actor } from '../../platform/http';
import { CommuneNoticeService } from './commune-notice.service';

export class StayNoticeParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id must be a UUID' }) id!: string;
}

/** The documents of a stay: the commune notice of a trusted address (Law 13/2022 Art. 36). */
@ApiTags('referrals')
@ApiBearerAuth()
@Controller('stays/:id')
export class StaysNoticeController {
  constructor(private readonly notices: CommuneNoticeService) {}

  @Get('commune-notice')
  @Policy('stay.commune_notice')
  @ApiOperation({
    summary: "The notice to the commune People's Committee, as a PDF in Vietnamese (trusted addresses)",
    description:
      'Her identity is printed only when a referral consent that is not withdrawn names the commune office; otherwise a sentence says it is withheld.',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF file', schema: { type: 'string', format: 'binary' } })
  @ApiUnprocessableEntityResponse({ description: 'COMMUNE_NOTICE_NOT_APPLICABLE (not a trusted address)' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND (also a stay the caller may not see)' })
  async communeNotice(
    @CurrentActor() actor: Actor,
    @Param() p: StayNoticeParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.notices.render(actor, p.id);
    reply
      .header('Content-Type', 'application/pdf')
      .header('Content-Disposition', `attachment; filename="${file.fileName}"`)
      .header('Cache-Control', 'no-store');
    return file.pdf;
  }
}
