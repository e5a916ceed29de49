// Registers the platform domain's types, queries and mutations on the builder (imports only).
import './platform.type.js';
import './platform.queries.js';
import './platform.mutations.js';
