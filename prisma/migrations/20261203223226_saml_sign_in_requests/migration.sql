-- CreateTable
CREATE TABLE "SamlSignInRequest" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "returnTo" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SamlSignInRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SamlSignInRequest_organizationId_expiresAt_idx" ON "SamlSignInRequest"("organizationId", "expiresAt");

-- AddForeignKey
ALTER TABLE "SamlSignInRequest" ADD CONSTRAINT "SamlSignInRequest_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
