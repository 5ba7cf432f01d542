import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { translate } from '../i18n/i18n';
import { DomainError, registerErrorCodes } from './domain-error';
import { toErrorBody } from './error-body';
import '../../modules/geography/geography.errors';

const MARKER = 'MARKER-Nguyễn-0912345678';

// A code registered only for this spec, so that the test does not depend on another module's choices.
registerErrorCodes({ ERROR_BODY_SPEC_GONE: 410 });

describe('toErrorBody', () => {
  describe('a DomainError', () => {
    it('takes the status of its registered code and the message translated with its params', () => {
      const body = toErrorBody(new DomainError('GEOGRAPHY_PROVINCE_NOT_FOUND', { code: '99' }), 'en');
      expect(body).toEqual({
        statusCode: 404,
        code: 'GEOGRAPHY_PROVINCE_NOT_FOUND',
        message: 'There is no province with code 99.',
      });
    });

    it('answers in Vietnamese when asked', () => {
      const body = toErrorBody(new DomainError('GEOGRAPHY_PROVINCE_NOT_FOUND', { code: '99' }), 'vi');
      expect(body.message).toBe(translate('GEOGRAPHY_PROVINCE_NOT_FOUND', 'vi', { code: '99' }));
      expect(body.message).not.toBe(translate('GEOGRAPHY_PROVINCE_NOT_FOUND', 'en', { code: '99' }));
    });

    it('uses the status registered for a code', () => {
      expect(toErrorBody(new DomainError('ERROR_BODY_SPEC_GONE'), 'en')).toMatchObject({
        statusCode: 410,
        code: 'ERROR_BODY_SPEC_GONE',
      });
    });

    it('carries the details of a registered code', () => {
      const details = [{ field: 'channel', problems: ['channel must be one of hotline'] }];
      const body = toErrorBody(new DomainError('VALIDATION_FAILED', { fields: 'channel' }, details), 'en');
      expect(body.statusCode).toBe(400);
      expect(body.details).toEqual(details);
      expect(body.message).toContain('channel');
    });

    it('leaves details out when there are none', () => {
      expect(Object.keys(toErrorBody(new DomainError('NOT_FOUND'), 'en'))).not.toContain('details');
    });

    it('turns an unregistered code into a 500 INTERNAL_ERROR without details', () => {
      const body = toErrorBody(
        new DomainError('NOT_A_REGISTERED_CODE', { who: MARKER }, { leaked: MARKER }),
        'en',
      );
      expect(body).toEqual({
        statusCode: 500,
        code: 'INTERNAL_ERROR',
        message: translate('INTERNAL_ERROR', 'en'),
      });
      expect(JSON.stringify(body)).not.toContain(MARKER);
    });
  });

  describe('anything else thrown', () => {
    it('turns a generic Error into a 500 whose message does not quote the error', () => {
      const body = toErrorBody(new Error(`insert failed for ${MARKER}`), 'en');
      expect(body).toEqual({
        statusCode: 500,
        code: 'INTERNAL_ERROR',
        message: translate('INTERNAL_ERROR', 'en'),
      });
      expect(body.message).not.toContain(MARKER);
    });

    it('turns a thrown string or null into a 500', () => {
      expect(toErrorBody(MARKER, 'vi')).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR' });
      expect(toErrorBody(null, 'vi')).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR' });
      expect(JSON.stringify(toErrorBody(MARKER, 'vi'))).not.toContain(MARKER);
    });

    it('turns a database error with a code of its own into a 500', () => {
      const e = Object.assign(new Error(`duplicate key (${MARKER})`), { code: '23505' });
      expect(toErrorBody(e, 'en')).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR' });
    });

    it('maps an error carrying a 4xx statusCode to its code', () => {
      expect(toErrorBody({ statusCode: 404, message: MARKER }, 'en')).toEqual({
        statusCode: 404,
        code: 'NOT_FOUND',
        message: translate('NOT_FOUND', 'en'),
      });
      expect(toErrorBody({ statusCode: 429 }, 'en')).toMatchObject({
        statusCode: 429,
        code: 'TOO_MANY_REQUESTS',
      });
    });

    it('does not trust a 5xx statusCode on a plain error', () => {
      expect(toErrorBody({ statusCode: 502 }, 'en')).toMatchObject({
        statusCode: 500,
        code: 'INTERNAL_ERROR',
      });
    });
  });

  describe('an HttpException', () => {
    it('maps a 404 to NOT_FOUND', () => {
      expect(toErrorBody(new NotFoundException(), 'en')).toEqual({
        statusCode: 404,
        code: 'NOT_FOUND',
        message: translate('NOT_FOUND', 'en'),
      });
    });

    it("maps the router's 'Cannot GET' 404 to ROUTE_NOT_FOUND", () => {
      expect(toErrorBody(new NotFoundException('Cannot GET /api/nowhere'), 'en')).toMatchObject({
        statusCode: 404,
        code: 'ROUTE_NOT_FOUND',
      });
    });

    it.each<[HttpException, number, string]>([
      [new BadRequestException(), 400, 'VALIDATION_FAILED'],
      [new ForbiddenException(), 403, 'FORBIDDEN'],
      [new ConflictException(), 409, 'CONFLICT'],
      [new ServiceUnavailableException(), 503, 'SERVICE_UNAVAILABLE'],
      [new HttpException('x', 401), 401, 'UNAUTHENTICATED'],
      [new HttpException('x', 502), 502, 'INTERNAL_ERROR'],
    ])('maps %p to status %p and code %p', (exception, statusCode, code) => {
      expect(toErrorBody(exception, 'en')).toMatchObject({
        statusCode,
        code,
        message: translate(code, 'en'),
      });
    });

    it('never quotes the exception message', () => {
      expect(JSON.stringify(toErrorBody(new BadRequestException(MARKER), 'en'))).not.toContain(MARKER);
      expect(JSON.stringify(toErrorBody(new NotFoundException(MARKER), 'en'))).not.toContain(MARKER);
    });
  });

  describe('a Fastify error', () => {
    it.each([
      ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 'MALFORMED_JSON'],
      ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'MALFORMED_JSON'],
      ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 'PAYLOAD_TOO_LARGE'],
      ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ])('maps %s to status %p and code %s', (fastifyCode, statusCode, code) => {
      const e = Object.assign(new Error(`bad body ${MARKER}`), { code: fastifyCode, statusCode });
      const body = toErrorBody(e, 'en');
      expect(body).toEqual({ statusCode, code, message: translate(code, 'en') });
      expect(body.message).not.toContain(MARKER);
    });
  });
});
