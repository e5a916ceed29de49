// Registers the platform domain's types, queries and mutations on the builder (imports only).
export {};
