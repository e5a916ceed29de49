import { JSONResolver } from 'graphql-scalars';
import { builder } from '../builder.js';

/** Free-form JSON values (audit changes, integration mappings), shared by every domain that needs them. */
export const JsonScalar = builder.addScalarType('JSON', JSONResolver, { description: 'Any JSON value: object, array, string, number, boolean or null.' });
