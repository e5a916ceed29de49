// Registers the application domain's types, queries and mutations on the builder (imports only).
import './application.type.js';
import './application.queries.js';
import './application.mutations.js';
