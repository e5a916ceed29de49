// npm run token -- <email> [name]: prints a bearer token for that user, signed with the server's key.
// Works without the server running: the key is read from SIGNING_KEY or the data directory.
import { loadSigningKey } from '../src/auth/keys.js';
import { mintUserToken } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config.js';

const [email, name] = process.argv.slice(2);
if (!email?.includes('@')) {
  console.error('usage: npm run token -- <email> [name]');
  process.exit(2);
}
const config = loadConfig();
const key = await loadSigningKey({ signingKey: config.tokens.signingKey, dataDir: config.dataDir });
console.log(await mintUserToken(key, config.tokens, { email, name }));
