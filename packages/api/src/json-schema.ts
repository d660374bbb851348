import { z } from 'zod';

/** A reply's zod schema, as routes name it for the OpenAPI description. */
export type ReplySchema = z.ZodType;

/**
 * The JSON Schema of a reply as the client reads it (codecs on their JSON side), for an OpenAPI 3.0
 * document: recursive parts (meta id) come back in `definitions`, for the caller to hoist into
 * components.schemas, with refs already pointing there.
 */
export function openApiSchema(schema: ReplySchema): { schema: object; definitions: Record<string, object> } {
  const text = JSON.stringify(z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input' }));
  const json = JSON.parse(text.replaceAll('"#/definitions/', '"#/components/schemas/'));
  const { definitions = {}, ...rest } = json as { definitions?: Record<string, object> };
  return { schema: rest, definitions };
}
