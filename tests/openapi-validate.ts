import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { openApiDocument } from "@/lib/api/openapi";

/**
 * Validates a real API response body against a schema of the OpenAPI document (JSON Schema 2020-12,
 * as OpenAPI 3.1 uses), with every `#/components/schemas/*` reference resolved, so the document
 * cannot drift from what the routes return.
 */
const doc = openApiDocument("http://localhost");
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...doc, $id: "openapi.json" } as object, "openapi.json");

export function openApiErrors(schema: object, value: unknown): string[] {
  const validate = ajv.compile({ $id: `check-${Math.random()}`, ...rewriteRefs(schema) });
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Errors of `value` against the 200/201/202 response schema of `method path`. */
export function responseErrors(path: keyof typeof doc.paths, method: string, status: number, value: unknown): string[] {
  const op = (doc.paths[path] as Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>)[method];
  const schema = op?.responses[String(status)]?.content?.["application/json"]?.schema;
  if (!schema) return [`no ${status} schema for ${method.toUpperCase()} ${path}`];
  return openApiErrors(schema, value);
}

export function componentErrors(name: string, value: unknown): string[] {
  return openApiErrors({ $ref: `#/components/schemas/${name}` }, value);
}

// Schemas taken from a response point into the document with local refs; make them absolute.
function rewriteRefs(node: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(node).replace(/"\$ref":"#\//g, '"$ref":"openapi.json#/')) as Record<string, unknown>;
}
