import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';

// Tests name things by the API's global ids and set up or check rows by database ids.

/** The global id of a row: what the API shows for it. */
export const gid = (type: string, id: string) => encodeGlobalID(type, id);

/** The database id inside a global id. */
export const rawId = (globalId: string) => decodeGlobalID(globalId).id;
