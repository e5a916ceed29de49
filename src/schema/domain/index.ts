// Registers the domain domain's types, queries and mutations on the builder (imports only).
import './domain.type.js';
import './domain.mutations.js';
