import { z } from 'zod';

/** GET /api/openapi.json: an OpenAPI 3.0 document (its parts are not restated here). */
export const openApiReply = z.object({
  openapi: z.string(),
  info: z.object({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.object({ schemas: z.record(z.string(), z.unknown()) }).optional(),
});
export type OpenApiReply = z.input<typeof openApiReply>;
