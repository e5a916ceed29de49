// Registers the sso domain's types, queries and mutations on the builder (imports only).
export {};
