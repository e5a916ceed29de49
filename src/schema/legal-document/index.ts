// Registers the legal-document domain's types, queries and mutations on the builder (imports only).
import './legal-document.type.js';
import './legal-document.queries.js';
import './legal-document.mutations.js';
