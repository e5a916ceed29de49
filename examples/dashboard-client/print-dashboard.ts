import { execute } from './client.js';
import { DashboardDocument, dashboardLines } from './dashboard.js';

// TOKEN=… npx tsx examples/dashboard-client/print-dashboard.ts [--persisted]
// Prints the caller's organizations, members and pending invitations. GRAPHQL_URL says where the
// API is (default http://localhost:4000/graphql); --persisted sends the document's id only.

const token = process.env.TOKEN;
if (!token) {
  console.error('Set TOKEN to a bearer token, e.g. TOKEN=$(npm run -s token -- alice@acme.test)');
  process.exit(2);
}
const options = { endpoint: process.env.GRAPHQL_URL ?? 'http://localhost:4000/graphql', token, persisted: process.argv.includes('--persisted') };
try {
  const data = await execute(options, DashboardDocument, { members: 50 });
  console.log(dashboardLines(data).join('\n'));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
