import { Controller, Delete, Get, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, MultipartForm, Policy } from '../../platform/http';
import type { Actor } from '../../platform/http';
import { Idempotent, IdempotentCommandOf } from '../../platform/idempotency';
import type { IdempotentCommand } from '../../platform/idempotency';
import { contentDisposition } from './content-disposition';
import { DOCUMENT_MEDIA_TYPES } from './document-upload';
import { DocumentsService } from './documents.service';
import { CaseDocumentsParams, DocumentDto, DocumentParams, DocumentUploadForm } from './dto/document.dto';

const HIDDEN = 'NOT_FOUND (also a case the caller may not see)';

/** Documents attached to a case (docs/ARCHITECTURE.md "Documents"). */
@ApiTags('documents')
@ApiBearerAuth()
@Controller('cases/:id/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @MultipartForm()
  @Idempotent(201)
  @Policy('case.add_document')
  @ApiOperation({
    summary: 'Attach a file (PDF, JPEG, PNG; ≤ 10 MB): its type is read from its bytes, never its name',
    description:
      'multipart/form-data with a `file` part and a `kind` field. The content and the name are stored encrypted.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: DocumentUploadForm })
  @ApiCreatedResponse({ type: DocumentDto })
  @ApiBadRequestResponse({
    description: 'DOCUMENT_PART_MISSING, DOCUMENT_FORM_INVALID, DOCUMENT_NAME_INVALID, UNKNOWN_CATALOGUE_KEY',
  })
  @ApiPayloadTooLargeResponse({ description: 'DOCUMENT_TOO_LARGE (over 10 MB)' })
  @ApiUnsupportedMediaTypeResponse({
    description: 'DOCUMENT_TYPE_NOT_ALLOWED (not a PDF, JPEG or PNG), DOCUMENT_FORM_REQUIRED (not multipart)',
  })
  @ApiNotFoundResponse({ description: HIDDEN })
  upload(
    @CurrentActor() actor: Actor,
    @Param() p: CaseDocumentsParams,
    @Req() req: FastifyRequest,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<DocumentDto> {
    return this.documents.upload(actor, p.id, req, cmd);
  }

  @Get()
  @Policy('case.read_documents')
  @ApiOperation({ summary: "The case's documents, oldest first (destroyed ones without name); audited" })
  @ApiOkResponse({ type: [DocumentDto] })
  @ApiNotFoundResponse({ description: HIDDEN })
  list(@CurrentActor() actor: Actor, @Param() p: CaseDocumentsParams): Promise<DocumentDto[]> {
    return this.documents.list(actor, p.id);
  }

  @Get(':documentId')
  @Policy('case.read_documents')
  @ApiOperation({
    summary: "The file's bytes, as an attachment, never cached; every download is audited",
  })
  @ApiProduces(...DOCUMENT_MEDIA_TYPES)
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiGoneResponse({ description: 'DOCUMENT_DESTROYED' })
  @ApiNotFoundResponse({ description: HIDDEN })
  async download(
    @CurrentActor() actor: Actor,
    @Param() p: DocumentParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.documents.download(actor, p.id, p.documentId);
    void reply
      .header('Content-Type', file.mediaType)
      .header('Content-Disposition', contentDisposition(file.name))
      .header('Cache-Control', 'no-store')
      .header('X-Content-Type-Options', 'nosniff');
    return file.bytes;
  }

  @Delete(':documentId')
  @Policy('case.remove_document')
  @ApiOperation({ summary: 'Destroy a mistaken upload: content and name gone, the record stays; audited' })
  @ApiOkResponse({ type: DocumentDto })
  @ApiGoneResponse({ description: 'DOCUMENT_DESTROYED (already)' })
  @ApiNotFoundResponse({ description: HIDDEN })
  remove(@CurrentActor() actor: Actor, @Param() p: DocumentParams): Promise<DocumentDto> {
    return this.documents.remove(actor, p.id, p.documentId);
  }
}
