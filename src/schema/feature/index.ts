// Registers the feature domain's types, queries and mutations on the builder (imports only).
export {};
