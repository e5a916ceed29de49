import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { clientSchema } from './federation.js';
import { schema } from './index.js';

export const schemaFilePath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schema.graphql');

/** The client schema: federation's `_entities` and `_service` are for gateways, which read the subgraph SDL from `_service`. */
export function printSchemaFile(): string {
  return `${printSchema(lexicographicSortSchema(clientSchema(schema)))}\n`;
}
