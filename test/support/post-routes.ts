import type { AppHarness } from './app-harness.js';

/** The parts of an OpenAPI schema that the API's DTOs produce. */
export interface JsonSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  minLength?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
}

/** A POST route of the API, with its path parameters filled in. */
export interface PostRoute {
  /** As the OpenAPI document writes it, e.g. `/api/deployments/{id}/contacts`. */
  template: string;
  path: string;
  /** The request body's schema, references resolved one level; undefined for a route that reads no body. */
  body?: JsonSchema;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema> };
}
interface OpenApiOperation {
  parameters?: { name: string; in: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/**
 * Every POST route the running app documents at /api/docs-json, so that a route added later is covered
 * without a test naming it. A path parameter takes the value given for its name, else the first value of its
 * enum, else `unknown` (a route with an unknown id still has to answer without a 500).
 */
export async function documentedPostRoutes(
  harness: AppHarness,
  values: Record<string, string>,
): Promise<{ routes: PostRoute[]; resolve: (schema: JsonSchema) => JsonSchema }> {
  const doc = (await harness.http.get('/api/docs-json').expect(200)).body as OpenApiDocument;
  const resolve = (schema: JsonSchema): JsonSchema =>
    schema.$ref ? doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
  const routes = Object.entries(doc.paths).flatMap(([template, operations]) => {
    const post = operations.post;
    if (!post) return [];
    const params = post.parameters?.filter((p) => p.in === 'path') ?? [];
    const path = params.reduce(
      (filled, p) =>
        filled.replace(`{${p.name}}`, encodeURIComponent(values[p.name] ?? String(p.schema?.enum?.[0] ?? 'unknown'))),
      template,
    );
    const schema = post.requestBody?.content?.['application/json']?.schema;
    return [{ template, path, body: schema ? resolve(schema) : undefined }];
  });
  return { routes, resolve };
}
