import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { AppError } from '../platform/index.ts';

// Route schemas are written once in zod: the JSON Schema form goes into the OpenAPI document,
// and the zod form validates the request (with messages that name the field). Fastify hands the
// JSON form back to the validator compiler, so the zod schema is found through this map.
const ZOD_OF = new WeakMap<object, z.ZodType>();

export function zodSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  delete json.$schema;
  ZOD_OF.set(json, schema);
  return json;
}

export function validationError(error: z.ZodError, part: string): AppError {
  const issues = error.issues.map((issue) => ({
    where: issue.path.length > 0 ? issue.path.map(String).join('.') : part,
    message: issue.message,
  }));
  const first = issues[0] ?? { where: part, message: 'invalid' };
  const keys = error.issues.find((i) => i.code === 'unrecognized_keys');
  // A nested unknown key is named with its path (weights.telemarketing.metrics.nope_rate).
  const unknown =
    keys && 'keys' in keys ? keys.keys.map((k) => [...keys.path, k].map(String).join('.')) : null;
  const message = unknown
    ? `${part}: unknown field ${unknown.join(', ')}`
    : `${part === 'body' ? '' : `${part} `}${first.where}: ${first.message}`;
  return new AppError('invalid_input', 'request.invalid', message, {
    details: issues,
    where: unknown ? unknown.join(',') : first.where,
  });
}

/** Validator compiler for route scopes whose schemas come from zodSchema(). */
export const zodValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const zod = ZOD_OF.get(schema as object);
  if (!zod) throw new Error('route schema was not built with zodSchema()');
  return (data: unknown) => {
    const result = zod.safeParse(data ?? (httpPart === 'body' ? undefined : {}));
    return result.success
      ? { value: result.data }
      : { error: validationError(result.error, httpPart ?? 'request') };
  };
};

/** Registers routes in a child scope whose schemas are zod (see zodSchema). */
export async function withZod(
  app: FastifyInstance,
  routes: (scope: FastifyInstance) => void | Promise<void>,
): Promise<void> {
  await app.register(async (scope) => {
    scope.setValidatorCompiler(zodValidatorCompiler);
    await routes(scope);
  });
}

export const idParams = z.object({ id: z.string().min(1).max(64) });
export type IdParams = z.output<typeof idParams>;
