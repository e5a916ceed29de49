// Registers the integration domain's types, queries and mutations on the builder (imports only).
import './integration.type.js';
import './integration.queries.js';
import './integration.mutations.js';
