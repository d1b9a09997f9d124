/**
 * Checks HTTP responses against the OpenAPI document: the status must be declared for the operation,
 * and the body must match the declared schema of its media type (canonical document schemas
 * included). Used by the test suite on every response and by the conformance kit on a vendor's.
 */
import { loadOpenApiBundle } from '@medsupply/openapi';
import { formats } from '@medsupply/validators';
import { Ajv2020 } from 'ajv/dist/2020.js';

/** Checks one response; returns what is wrong (empty when it conforms). */
export type ResponseChecker = (response: {
  method: string;
  /** Path without the query, e.g. `/v1/documents/…`. */
  path: string;
  status: number;
  contentType: string | undefined;
  body: string;
}) => string[];

interface Operation {
  responses?: Record<string, { $ref?: string; content?: Record<string, unknown> }>;
}

const pointerSegment = (segment: string) =>
  encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1'));

/** Builds a checker over the bundled OpenAPI document. */
export function createResponseChecker(
  document: Record<string, unknown> = loadOpenApiBundle(),
): ResponseChecker {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: false,
    validateFormats: true,
    formats: { ...formats },
  });
  ajv.addSchema(document, 'openapi');
  const paths = document.paths as Record<string, Record<string, Operation>>;
  const templates = Object.keys(paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));
  const components = (document.components ?? {}) as {
    responses?: Record<string, { content?: Record<string, unknown> }>;
  };

  return ({ method, path, status, contentType, body }) => {
    const match = templates.find((t) => t.pattern.test(path));
    if (!match) return [`${method} ${path}: no such path in the OpenAPI document`];
    const verb = method.toLowerCase();
    const operation = paths[match.template]![verb];
    if (!operation) return [`${method} ${match.template}: no such operation`];
    let declared = operation.responses?.[String(status)];
    let pointer = `#/paths/${pointerSegment(match.template)}/${verb}/responses/${status}`;
    if (!declared) return [`${method} ${match.template}: status ${status} is not declared`];
    if (declared.$ref) {
      const name = declared.$ref.split('/').at(-1)!;
      declared = components.responses?.[name] ?? {};
      pointer = `#/components/responses/${pointerSegment(name)}`;
    }
    if (!declared.content) return body.length > 0 ? [`${status}: a body where none is declared`] : [];
    const mediaType = (contentType ?? '').split(';')[0]!.trim();
    if (!Object.hasOwn(declared.content, mediaType))
      return [
        `${status}: media type ${mediaType || 'none'} is not declared (${Object.keys(declared.content).join(', ')})`,
      ];
    // Only JSON bodies are parsed; a text body (the dashboard's HTML) is checked as the string it is.
    const json = mediaType === 'application/json' || mediaType.endsWith('+json');
    let value: unknown = body;
    try {
      if (json) value = JSON.parse(body);
    } catch {
      return [`${status}: the body is not JSON`];
    }
    const validate = ajv.getSchema(`openapi${pointer}/content/${pointerSegment(mediaType)}/schema`);
    if (!validate) return [`${status}: no schema at ${pointer}`];
    if (validate(value)) return [];
    return (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${status}: ${e.instancePath || '(body)'} ${e.message}`);
  };
}
