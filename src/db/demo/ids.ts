/** Ids of the core demo rows (src/db/seed.ts), handed to each domain's demo seeder. */
export interface DemoIds {
  acmeId: string;
  globexId: string;
  aliceId: string;
  bobId: string;
  carolId: string;
  aliceMemberId: string;
  bobMemberId: string;
}
