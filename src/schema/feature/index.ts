// Registers the feature domain's types, queries and mutations on the builder (imports only).
import './feature.type.js';
import './feature.mutations.js';
