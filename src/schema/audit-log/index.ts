// Registers the audit-log domain's types, queries and mutations on the builder (imports only).
export {};
