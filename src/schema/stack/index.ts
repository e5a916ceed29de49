// Registers the stack domain's types, queries and mutations on the builder (imports only).
import './stack.type.js';
import './stack-access.type.js';
import './stack.queries.js';
import './stack.mutations.js';
