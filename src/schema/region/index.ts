// Registers the region domain's types, queries and mutations on the builder (imports only).
import './region.type.js';
import './region.queries.js';
import './region.mutations.js';
