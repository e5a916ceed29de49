import { getNamedType, isObjectType, Kind, type GraphQLObjectType, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { ColumnHint } from '../../db/selection-sql.js';

// Which columns of a row the selection reads: an exposed field reads its own column, a relation
// field its key and the related row's own columns (which its page statement joins). A field that
// computes its value from the parent row (viewerCan, …) may read anything, so selecting one reads
// every column, unless it names the columns it reads (`reads`). Connection fields read only the
// parent's key, which rows always carry.

interface FieldExtensions {
  pothosExposedField?: string;
  pothosPrismaRelationField?: { name: string };
  orgraphRelation?: string;
  orgraphColumns?: string[];
}

/**
 * Options of a field computed from some columns of its parent row, or of a type whose rules read
 * some of every row's (besides its key and organization, which every row carries): pages read those.
 */
export function reads(...columns: string[]) {
  return { extensions: { orgraphColumns: columns } };
}

/** The fields selected on `type` by these selection sets, through fragments whose condition it meets. */
function collectFields(info: GraphQLResolveInfo, type: GraphQLObjectType, sets: readonly SelectionSetNode[]) {
  const interfaces = new Set(type.getInterfaces().map((i) => i.name));
  const applies = (condition: string | undefined) => !condition || condition === type.name || interfaces.has(condition);
  const found = new Map<string, SelectionSetNode[]>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const sets = found.get(selection.name.value) ?? [];
        if (selection.selectionSet) sets.push(selection.selectionSet);
        found.set(selection.name.value, sets);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value)) walk(selection.selectionSet);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (fragment && applies(fragment.typeCondition.name.value)) walk(fragment.selectionSet);
      }
    }
  };
  sets.forEach(walk);
  return found;
}

function isConnectionType(type: unknown): boolean {
  return isObjectType(type) && type.name.endsWith('Connection');
}

/** The hint for rows of `type` selected by `sets`. */
export function columnHint(info: GraphQLResolveInfo, type: GraphQLObjectType, sets: readonly SelectionSetNode[]): ColumnHint {
  // What the type itself reads of every row (its authorization rule, say), beside the key and organization.
  const columns = new Set<string>((type.extensions as FieldExtensions).orgraphColumns);
  const relations = new Map<string, ColumnHint>();
  let everyColumn = false;
  for (const [name, nested] of collectFields(info, type, sets)) {
    if (name === '__typename' || name === 'id') continue;
    const field = type.getFields()[name];
    const extensions = (field?.extensions ?? {}) as FieldExtensions;
    const fieldType = field && getNamedType(field.type);
    if (extensions.pothosExposedField) columns.add(extensions.pothosExposedField);
    else if (extensions.orgraphColumns) for (const name of extensions.orgraphColumns) columns.add(name);
    else if (extensions.orgraphRelation && isObjectType(fieldType)) relations.set(extensions.orgraphRelation, columnHint(info, fieldType, nested));
    else if (extensions.pothosPrismaRelationField && isObjectType(fieldType))
      relations.set(extensions.pothosPrismaRelationField.name, columnHint(info, fieldType, nested));
    else if (!isConnectionType(fieldType)) everyColumn = true;
  }
  return { columns: everyColumn ? 'all' : columns, relations };
}

/** The hint for the nodes of the connection field `info` resolves (`edges { node }` and `nodes`). */
export function nodeColumnHint(info: GraphQLResolveInfo, nodeType: GraphQLObjectType): ColumnHint {
  const connection = getNamedType(info.returnType) as GraphQLObjectType;
  const edges = collectFields(
    info,
    connection,
    info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : [])),
  );
  const edgeType = getNamedType(connection.getFields().edges!.type) as GraphQLObjectType;
  const nodeSets = [...(collectFields(info, edgeType, edges.get('edges') ?? []).get('node') ?? []), ...(edges.get('nodes') ?? [])];
  return columnHint(info, nodeType, nodeSets);
}
