// Registers the audit-log domain's types, queries and mutations on the builder (imports only).
import './audit-log.type.js';
import './audit-log.queries.js';
