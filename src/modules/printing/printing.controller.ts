import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Policy } from '../../platform/http';
import type { Actor } from '../../platform/http';
import { PrintCaseDto, PrintIdParams } from './dto/print.dto';
import { PrintedFile, PrintingService } from './printing.service';

const HIDDEN = 'NOT_FOUND (also a record the caller may not see)';
const PDF = { description: 'The PDF file', schema: { type: 'string', format: 'binary' } };

const send = (reply: FastifyReply, file: PrintedFile): Buffer => {
  reply
    .header('Content-Type', 'application/pdf')
    .header('Content-Disposition', `attachment; filename="${file.fileName}"`)
    .header('Cache-Control', 'no-store');
  return file.pdf;
};

/**
 * Printed copies (issue 15). Not idempotent commands: each request makes a copy, and each copy is
 * audited; the reason travels in the body, never in the URL.
 */
@ApiTags('printing')
@ApiBearerAuth()
@Controller()
export class PrintingController {
  constructor(private readonly printing: PrintingService) {}

  @Post('cases/:id/print')
  @HttpCode(200)
  @Policy('case.print')
  @ApiOperation({
    summary: 'The whole case file as a PDF in Vietnamese, watermarked with who printed it and when; audited',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF)
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED (reason missing, blank or too long), UNKNOWN_CATALOGUE_KEY',
  })
  @ApiForbiddenResponse({
    description: 'FORBIDDEN: may read the case but not print it (operator, break-glass)',
  })
  @ApiNotFoundResponse({ description: HIDDEN })
  async printCase(
    @CurrentActor() actor: Actor,
    @Param() p: PrintIdParams,
    @Body() body: PrintCaseDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return send(reply, await this.printing.printCase(actor, p.id, body));
  }

  @Post('referrals/:id/print')
  @HttpCode(200)
  @Policy('case.print_referral')
  @ApiOperation({
    summary:
      "A referral's form for a provider outside Haven: only the survivor's consented fields; watermarked; audited",
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF)
  @ApiForbiddenResponse({ description: 'FORBIDDEN: may read the referring case but not print' })
  @ApiNotFoundResponse({ description: HIDDEN })
  async printReferral(
    @CurrentActor() actor: Actor,
    @Param() p: PrintIdParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return send(reply, await this.printing.printReferral(actor, p.id));
  }
}
