import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { defaultFieldResolver, type GraphQLFieldResolver } from 'graphql';

// Relay's `edges`, `node` and `pageInfo` fields resolve by reading their parent's property of the
// same name. Left without a resolver, graphql-jit reads the property inline rather than calling a
// function with a resolve info, a response path and three closures for every edge: a quarter of
// the organization page's allocations. A field marked `propertyRead` loses its resolver unless
// another plugin wrapped it (then it does more than read a property).

/** Field extensions marking a field whose resolver only reads the parent's property of the field's name. */
export const PROPERTY_READ = { propertyRead: true } as const;

const PLUGIN_NAME = 'propertyFields' as const;

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      propertyFields: PropertyFieldsPlugin<Types>;
    }
  }
}

export class PropertyFieldsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const unwrapped = resolver === fieldConfig.resolve;
    return unwrapped && fieldConfig.extensions?.propertyRead === true ? defaultFieldResolver : resolver;
  }
}

SchemaBuilder.registerPlugin(PLUGIN_NAME, PropertyFieldsPlugin);

export default PLUGIN_NAME;
