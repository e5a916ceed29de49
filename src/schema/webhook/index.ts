// Registers the webhook domain's types and mutations on the builder (imports only).
import './webhook.type.js';
import './webhook.mutations.js';
