import { GraphQLError, isNonNullType, isObjectType, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import type { Plugin, YogaServerInstance } from 'graphql-yoga';
import type { createSofaRouter } from 'sofa-api';
import { schema } from '../schema/index.js';
import { withRootFields } from '../schema/root-fields.js';
import { closingConnection, readAtMost } from './refused-body.js';

// A REST face of the GraphQL schema for services that cannot speak GraphQL (SOFA): one route per
// root field of REST_FIELDS under /rest (queries GET, mutations POST with a JSON body), its
// OpenAPI document at /rest/openapi.json. Every route runs its generated operation through the app's own GraphQL
// pipeline (yoga's getEnveloped): the same authentication (Bearer token), rate limit, cost limit,
// authorization and error masking as POST /graphql. The CSRF check does not concern it: the token
// travels in the Authorization header, which a browser sends cross-site only after a preflight.

export const REST_PATH = '/rest';

/**
 * The root fields served as routes: what a service typically needs. SOFA generates each route's
 * operation and OpenAPI schema when the first /rest request comes (0.1 to 0.3 s a field, about 1 s
 * for node(id:)): every field of the schema would hold that first request for tens of seconds.
 */
export const REST_FIELDS = new Set(['me', 'organization', 'organizations', 'createGroup', 'addMember', 'removeMember', 'inviteMember']);

/** HTTP statuses of the error codes (extensions.code, and `code` of a mutation's typed error). */
const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  COST_LIMIT_EXCEEDED: 400,
  CONFLICT: 409,
  INVARIANT_VIOLATED: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
};

// biome-ignore lint/suspicious/noExplicitAny: any app's yoga instance (its context type is the app's)
type Enveloped = ReturnType<YogaServerInstance<any, any>['getEnveloped']>;

/** The pipeline each request's context was built by, for its execution. */
const pipelines = new WeakMap<object, Enveloped>();

/** The fields every typed error object has (shared/errors.ts), and no payload; a ForbiddenError may say which sign-in is required. */
interface TypedError {
  code?: unknown;
  message?: unknown;
  reason?: unknown;
  signInUrl?: unknown;
}

/** A mutation answered with a typed error (FORBIDDEN, NOT_FOUND, …) is an error of the route, with its status and, as over GraphQL, a refused sign-in's reason and URL. */
function typedErrorOf(result: ExecutionResult): ExecutionResult {
  const value = Object.values(result.data ?? {})[0] as TypedError | null | undefined;
  if (typeof value?.code !== 'string' || typeof value.message !== 'string') return result;
  const { reason, signInUrl } = value;
  const signIn = { ...(typeof reason === 'string' ? { reason } : {}), ...(typeof signInUrl === 'string' ? { signInUrl } : {}) };
  return { errors: [new GraphQLError(value.message, { extensions: { code: value.code, ...signIn } })] };
}

/** The route's answer to errors: the highest status among them (500 for an unknown code), the errors as GraphQL gives them. */
function errorResponse(errors: readonly unknown[]): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  let status = 0;
  const bodies = errors.map((error) => {
    const extensions = ((error as GraphQLError).extensions ?? {}) as { code?: string; http?: { status?: number; headers?: Record<string, string> } };
    const { http, ...shown } = extensions;
    status = Math.max(status, http?.status ?? STATUS[extensions.code ?? ''] ?? 500);
    Object.assign(headers, http?.headers);
    return { message: (error as Error).message, extensions: shown };
  });
  return new Response(JSON.stringify({ errors: bodies }), { status, headers });
}

/**
 * The schema SOFA generates its operations from: the REST_FIELDS at the root, and no field below
 * that needs an argument (Organization.application(id:) and the like): a route has nothing to pass
 * them. The operations run against the whole schema, of which this is a part.
 */
function routesSchema(): GraphQLSchema {
  const roots = withRootFields(schema, (name) => REST_FIELDS.has(name));
  const rootNames = new Set([schema.getQueryType()!.name, schema.getMutationType()!.name]);
  return mapSchema(roots, {
    [MapperKind.OBJECT_FIELD]: (field, _name, typeName) =>
      !rootNames.has(typeName) && Object.values(field.args ?? {}).some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined) ? null : field,
  });
}

let router: Promise<ReturnType<typeof createSofaRouter>> | undefined;

/**
 * SOFA's router, built once (a route and an OpenAPI operation per root field of the client schema),
 * and SOFA loaded only then: a server nobody calls over REST does not carry it (about 30 MiB).
 */
function sofaRouter(): Promise<ReturnType<typeof createSofaRouter>> {
  router ??= buildRouter();
  return router;
}

async function buildRouter(): Promise<ReturnType<typeof createSofaRouter>> {
  const { createSofa, createSofaRouter } = await import('sofa-api');
  const restSchema = routesSchema();
  const sofa = createSofa({
    basePath: REST_PATH,
    schema: restSchema,
    context: async ({ pipeline }: { pipeline: Enveloped }) => {
      const context = (await pipeline.contextFactory()) as object;
      pipelines.set(context, pipeline);
      return context;
    },
    execute: (async (args: ExecutionArgs) => typedErrorOf(await pipelines.get(args.contextValue as object)!.execute({ ...args, schema }))) as never,
    // fets types its own Response class; the global one is what it answers with.
    errorHandler: errorResponse as never,
    openAPI: {
      info: { title: 'Orgraph REST', version: '1', description: 'The GraphQL schema as REST routes (SOFA): send `Authorization: Bearer <token>`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    // The document only: Swagger UI would load its assets from a CDN.
    swaggerUI: { endpoint: false },
  });
  // Every object with an id is a model: a route answers its own object in full and the objects it
  // links to by id (SOFA's guess needs a plural list field of the type, which connections are not).
  sofa.models = Object.values(restSchema.getTypeMap())
    .filter((type) => isObjectType(type) && !type.name.startsWith('__') && 'id' in type.getFields())
    .map((type) => type.name);
  return createSofaRouter(sofa);
}

/**
 * Answers /rest/*: after the request guard (a POST body must be JSON and within the limit), the
 * body read at most `maxBodyBytes` (also when chunked), then SOFA's route with the app's pipeline.
 */
// biome-ignore lint/suspicious/noExplicitAny: any app's yoga instance
export function restRoutes(app: () => YogaServerInstance<any, any>, maxBodyBytes: number): Plugin {
  return {
    async onRequest({ request, url, serverContext, endResponse }) {
      if (url.pathname !== REST_PATH && !url.pathname.startsWith(`${REST_PATH}/`)) return;
      let forwarded = request;
      if (request.body) {
        const body = await readAtMost(request, maxBodyBytes);
        if (body === null) {
          endResponse(
            closingConnection(new Response(`Request body larger than ${maxBodyBytes} bytes`, { status: 413, headers: { 'content-type': 'text/plain' } })),
          );
          return;
        }
        forwarded = new Request(request.url, { method: request.method, headers: request.headers, body });
      }
      const pipeline = app().getEnveloped({ ...serverContext, request });
      endResponse(await (await sofaRouter()).fetch(forwarded, { pipeline }));
    },
  };
}
