/**
 * The response contract, checked on every test request: a 2xx JSON answer from a route in the
 * OpenAPI registry must parse with the schema that route declares for that status, and must carry
 * no field the schema does not name (zod strips unknown keys, so those are found by comparing the
 * body with the parsed output).
 */

type Schema = {
  safeParseAsync(value: unknown): Promise<{ success: true; data: unknown } | { success: false; error: { issues: unknown[] } }>;
};
type RouteDefinition = {
  method: string;
  path: string;
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};
type Registry = { definitions: readonly unknown[] };
type Definition = { type: string; route?: RouteDefinition };

type Matcher = { method: string; pattern: RegExp; literals: number; route: RouteDefinition };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A matcher from (method, concrete path) to the route definition, built once per app. */
function routeMatcher(registry: Registry) {
  const matchers: Matcher[] = (registry.definitions as Definition[])
    .filter((d) => d.type === 'route' && d.route)
    .map(({ route }) => {
      const segments = route!.path.split('/');
      const pattern = new RegExp(`^${segments.map((s) => (/^\{[^/]+\}$/.test(s) ? '[^/]+' : escapeRegExp(s))).join('/')}/?$`);
      return {
        method: route!.method.toLowerCase(),
        pattern,
        literals: segments.filter((s) => s && !s.includes('{')).length,
        route: route!,
      };
    })
    // The most literal route first: /api/v1/records/held before /api/v1/records/{id}.
    .sort((a, b) => b.literals - a.literals);
  return (method: string, path: string) => {
    const pathname = path.split(/[?#]/)[0]!;
    return matchers.find((m) => m.method === method.toLowerCase() && m.pattern.test(pathname))?.route;
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON paths of keys present in the body but dropped by the schema, through objects and arrays. */
export function undeclaredFields(body: unknown, parsed: unknown, at = '$'): string[] {
  if (Array.isArray(body) && Array.isArray(parsed)) {
    return body.flatMap((item, i) => undeclaredFields(item, parsed[i], `${at}[${i}]`));
  }
  if (isPlainObject(body) && isPlainObject(parsed)) {
    return Object.keys(body).flatMap((key) =>
      Object.hasOwn(parsed, key) ? undeclaredFields(body[key], parsed[key], `${at}.${key}`) : [`${at}.${key}`],
    );
  }
  return [];
}

/** The JSON media type of a response, or null when it is not JSON. */
function jsonMediaType(headers: Headers): string | null {
  const type = (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[^/]+\+json$/.test(type) ? type : null;
}

/** Builds the check for one app; it throws when a response breaks the route's declared contract. */
export function contractChecker(app: { openAPIRegistry: Registry }) {
  const find = routeMatcher(app.openAPIRegistry);
  return async function checkContract(
    method: string,
    path: string,
    res: { status: number; headers: Headers; body: unknown; text: string },
  ) {
    if (res.status < 200 || res.status > 299) return;
    const mediaType = jsonMediaType(res.headers);
    if (!mediaType) return;
    const route = find(method, path);
    if (!route) return;
    const where = `${method.toUpperCase()} ${path} (route ${route.method.toUpperCase()} ${route.path}) answered ${res.status}`;
    const head = res.text.slice(0, 400);
    const content = route.responses?.[String(res.status)]?.content;
    const schema = (content?.[mediaType] ?? content?.['application/json'])?.schema as Schema | undefined;
    if (!schema || typeof schema.safeParseAsync !== 'function') {
      throw new Error(`contract: ${where} with ${mediaType}, but the route declares no JSON schema for that status\nbody: ${head}`);
    }
    const result = await schema.safeParseAsync(res.body);
    if (!result.success) {
      throw new Error(
        `contract: ${where} with a body its response schema rejects\n` +
          `issues: ${JSON.stringify(result.error.issues, null, 2)}\nbody: ${head}`,
      );
    }
    const extra = undeclaredFields(res.body, result.data);
    if (extra.length) {
      throw new Error(`contract: ${where} with fields its response schema does not declare: ${extra.join(', ')}\nbody: ${head}`);
    }
  };
}
