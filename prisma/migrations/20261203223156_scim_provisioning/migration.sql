-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "externalId" TEXT;

-- CreateTable
CREATE TABLE "ExternalGroupMember" (
    "externalGroupId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExternalGroupMember_pkey" PRIMARY KEY ("externalGroupId","memberId")
);

-- CreateIndex
CREATE INDEX "ExternalGroupMember_memberId_idx" ON "ExternalGroupMember"("memberId");

-- CreateIndex
CREATE INDEX "Domain_scimTokenHash_idx" ON "Domain"("scimTokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "Member_organizationId_externalId_key" ON "Member"("organizationId", "externalId");

-- AddForeignKey
ALTER TABLE "ExternalGroupMember" ADD CONSTRAINT "ExternalGroupMember_externalGroupId_fkey" FOREIGN KEY ("externalGroupId") REFERENCES "ExternalGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalGroupMember" ADD CONSTRAINT "ExternalGroupMember_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;
