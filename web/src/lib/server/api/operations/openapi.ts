import { z } from 'zod';
import { defineOperation } from '../operation.ts';

/** `GET /api/v1/openapi.json`: the OpenAPI 3.1 document (public, like the health check). */
export const getOpenApi = defineOperation({
  operationId: 'getOpenApi',
  method: 'GET',
  path: '/api/v1/openapi.json',
  tag: 'system',
  summary: 'This API as an OpenAPI 3.1 document',
  role: 'public',
  response: z.object({ openapi: z.string() }).loose(),
  handle: async () => {
    // imported lazily: the registry imports this module
    const [{ OPERATIONS }, { buildOpenApiDocument }] = await Promise.all([import('../registry.ts'), import('../openapi.ts')]);
    return buildOpenApiDocument(OPERATIONS, '1.0.0') as { openapi: string };
  },
});
