// Registers the license domain's types, queries and mutations on the builder (imports only).
import './license.type.js';
import './license.mutations.js';
import './license-seats.js';
