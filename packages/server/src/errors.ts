import { isUserError } from '@dance/schema';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** A run, product or file the request names that does not exist: 404 with the message. */
export class NotFound extends Error {
  override name = 'NotFound';
}

/**
 * Maps errors to replies: missing things 404, bad parameters (schema validation, UserErrors such as a
 * malformed filter) 400, anything else 500 without internals. Every reply is `{ error: message }`.
 */
export function replyWithError(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (err instanceof NotFound) return reply.code(404).send({ error: err.message });
  if ('validation' in err && err.validation) return reply.code(400).send({ error: validationMessage(err) });
  if (isUserError(err)) return reply.code(400).send({ error: err.message });
  const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (status < 500) return reply.code(status).send({ error: err.message });
  request.log.error(err);
  return reply.code(500).send({ error: 'internal error; see the server log' });
}

/** Ajv's message, naming the parameter it did not expect (Ajv says only "additional properties"). */
function validationMessage(err: FastifyError): string {
  const extra = err.validation
    ?.map((v) => (v.params as { additionalProperty?: string }).additionalProperty)
    .filter((p) => p !== undefined);
  return extra?.length ? `${err.message}: unknown parameter '${extra.join("', '")}'` : err.message;
}
