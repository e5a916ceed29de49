// npm run schema: writes schema.graphql, the sorted printed schema that a test keeps current.
import { writeFile } from 'node:fs/promises';
import { printSchemaFile, schemaFilePath } from '../src/schema/print.js';

await writeFile(schemaFilePath, printSchemaFile());
console.log(`wrote ${schemaFilePath}`);
