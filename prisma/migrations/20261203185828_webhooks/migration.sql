-- CreateEnum
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT,
    "eventTypes" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "secretCiphertext" TEXT NOT NULL,
    "secretLastChars" TEXT NOT NULL,
    "secretRotatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "lastAttemptAt" TIMESTAMP(3),
    "nextAttemptAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WebhookEndpoint_organizationId_createdAt_idx" ON "WebhookEndpoint"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_endpointId_createdAt_id_idx" ON "WebhookDelivery"("endpointId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "WebhookDelivery_endpointId_status_createdAt_id_idx" ON "WebhookDelivery"("endpointId", "status", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "WebhookDelivery_organizationId_idx" ON "WebhookDelivery"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_endpointId_eventId_key" ON "WebhookDelivery"("endpointId", "eventId");

-- AddForeignKey
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The built-in OWNER and ADMIN policies gain the webhook scopes (src/auth/scopes.ts, kept equal by test/db/migrations.test.ts).
UPDATE "Policy" SET "scopes" = ARRAY['organization:read', 'member:read', 'invitation:read', 'group:read', 'policy:read', 'stack:read', 'region:read', 'application:read', 'feature:read', 'license:read', 'organization:write', 'member:write', 'invitation:write', 'group:write', 'policy:write', 'client:read', 'client:write', 'audit_log:read', 'stack:write', 'region:write', 'application:write', 'feature:write', 'sso:read', 'sso:write', 'integration:read', 'integration:write', 'legal_document:read', 'legal_document:write', 'webhook:read', 'webhook:write', 'organization:delete', 'license:write'], "updatedAt" = CURRENT_TIMESTAMP WHERE "role" = 'OWNER' AND "organizationId" IS NULL;
UPDATE "Policy" SET "scopes" = ARRAY['organization:read', 'member:read', 'invitation:read', 'group:read', 'policy:read', 'stack:read', 'region:read', 'application:read', 'feature:read', 'license:read', 'organization:write', 'member:write', 'invitation:write', 'group:write', 'policy:write', 'client:read', 'client:write', 'audit_log:read', 'stack:write', 'region:write', 'application:write', 'feature:write', 'sso:read', 'sso:write', 'integration:read', 'integration:write', 'legal_document:read', 'legal_document:write', 'webhook:read', 'webhook:write'], "updatedAt" = CURRENT_TIMESTAMP WHERE "role" = 'ADMIN' AND "organizationId" IS NULL;
