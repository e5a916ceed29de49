// Subscriptions: committed events as they happen, for frontends (Server-Sent Events, and WebSocket through src/http/websocket.ts).
import './subscription-root.js';
import './organization-events.js';
import './my-invitations.js';
import './stack-status.js';
