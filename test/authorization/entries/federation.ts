import { type Entry, READERS, send } from '../entry-kit.js';
import { PRINCIPALS } from '../principals.js';

// Federation's root fields: the subgraph SDL is public like introspection; an entity reference
// resolves under node(id:)'s rules (readers of the organization only).
const ENTITIES = 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Organization { id } } }';

export const ENTRIES: Record<string, Entry> = {
  'Query._service': { scope: null, allowed: [...PRINCIPALS], run: (t, f, who) => send(t, f, who, null, '{ _service { sdl } }') },
  'Query._entities': {
    scope: 'organization:read',
    allowed: READERS,
    run: (t, f, who) => send(t, f, who, 'organization:read', ENTITIES, { representations: [{ __typename: 'Organization', id: f.org }] }),
    granted: (response, f) => response.data?._entities?.[0]?.id === f.org,
  },
};
