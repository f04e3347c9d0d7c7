import type { FastifyRequest } from 'fastify';

// Fastify's and its plugins' own 4xx errors (body parsing, content types, multipart) in the house
// format: a stable lower-case code, a message naming the problem, and where.
export interface MappedError {
  status: number;
  code: string;
  message: string;
  where?: string;
}

export function mapFrameworkError(
  err: { statusCode: number; code?: string | undefined; message?: string | undefined },
  request: FastifyRequest,
): MappedError {
  const contentType = String(request.headers['content-type'] ?? '').split(';')[0] ?? '';
  switch (err.code ?? '') {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return {
        status: 400,
        code: 'request.json',
        message: 'The body is not valid JSON (keys __proto__ and constructor are refused)',
        where: 'body',
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 400,
        code: 'request.json',
        message: 'The body is empty but Content-Type is application/json',
        where: 'body',
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        code: 'request.content_type',
        message: `Content-Type "${contentType}" is not accepted here: send application/json`,
        where: 'content-type',
      };
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return {
        status: 415,
        code: 'request.content_type',
        message: `Content-Type "${contentType}" is not multipart/form-data: send the file as field "file"`,
        where: 'content-type',
      };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        code: 'request.too_large',
        message: 'The body is too large',
        where: 'body',
      };
    default:
      return {
        status: err.statusCode,
        code: 'request.invalid',
        message: err.message ?? 'Bad request',
      };
  }
}
