import { builder } from '../builder.js';

builder.subscriptionType({ description: 'Changes as they are committed, over Server-Sent Events or WebSocket (graphql-ws) at /graphql.' });
