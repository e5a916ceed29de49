// Registers the sso domain's types, queries and mutations on the builder (imports only).
import './sso.type.js';
import './sso.mutations.js';
