-- CreateEnum
CREATE TYPE "StackStatus" AS ENUM ('ACTIVE', 'DISABLED');

-- CreateEnum
CREATE TYPE "StackRole" AS ENUM ('ADMIN', 'EDITOR', 'VIEWER');

-- CreateEnum
CREATE TYPE "AuthProviderType" AS ENUM ('OIDC', 'SAML');

-- CreateEnum
CREATE TYPE "SsoEnforcement" AS ENUM ('NONE', 'OIDC', 'SAML');

-- CreateEnum
CREATE TYPE "LegalDocumentType" AS ENUM ('DPA', 'BAA');

-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "firstName" TEXT,
ADD COLUMN     "isDelegation" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "stepAtDelegation" TEXT;

-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "onboardingDelegatedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "licenseId" TEXT;

-- CreateTable
CREATE TABLE "Region" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT,
    "name" TEXT NOT NULL,
    "baseUrl" TEXT,
    "versions" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Region_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Stack" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "StackStatus" NOT NULL DEFAULT 'ACTIVE',
    "version" TEXT NOT NULL,
    "stargateEnabled" BOOLEAN NOT NULL DEFAULT false,
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Stack_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StackModule" (
    "stackId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "version" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StackModule_pkey" PRIMARY KEY ("stackId","name")
);

-- CreateTable
CREATE TABLE "StackUserAccess" (
    "stackId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "role" "StackRole" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StackUserAccess_pkey" PRIMARY KEY ("stackId","memberId")
);

-- CreateTable
CREATE TABLE "Application" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "alias" TEXT NOT NULL,
    "description" TEXT,
    "url" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplicationScope" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "description" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApplicationScope_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplicationScopeDelegation" (
    "scopeId" TEXT NOT NULL,
    "delegatesToId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApplicationScopeDelegation_pkey" PRIMARY KEY ("scopeId","delegatesToId")
);

-- CreateTable
CREATE TABLE "ApplicationClient" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "redirectUris" TEXT[],
    "secretHash" TEXT NOT NULL,
    "secretLastChars" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ApplicationClient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrganizationApplication" (
    "organizationId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrganizationApplication_pkey" PRIMARY KEY ("organizationId","applicationId")
);

-- CreateTable
CREATE TABLE "Feature" (
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Feature_pkey" PRIMARY KEY ("organizationId","name")
);

-- CreateTable
CREATE TABLE "AuthProvider" (
    "organizationId" TEXT NOT NULL,
    "type" "AuthProviderType" NOT NULL,
    "name" TEXT NOT NULL,
    "oidcIssuer" TEXT,
    "oidcClientId" TEXT,
    "oidcClientSecret" TEXT,
    "samlEntityId" TEXT,
    "samlSsoUrl" TEXT,
    "samlCertificate" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AuthProvider_pkey" PRIMARY KEY ("organizationId")
);

-- CreateTable
CREATE TABLE "ExternalGroup" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "groupId" TEXT,
    "discoveredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExternalGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Domain" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "verificationChallenge" TEXT NOT NULL,
    "verifiedAt" TIMESTAMP(3),
    "lastVerificationAt" TIMESTAMP(3),
    "jitProvisioningEnabled" BOOLEAN NOT NULL DEFAULT false,
    "ssoEnforcement" "SsoEnforcement" NOT NULL DEFAULT 'NONE',
    "samlEntityId" TEXT,
    "samlAcsUrl" TEXT,
    "samlX509Cert" TEXT,
    "scimEnabled" BOOLEAN NOT NULL DEFAULT false,
    "scimTokenHash" TEXT,
    "scimTokenLastChars" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Domain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScimLog" (
    "id" TEXT NOT NULL,
    "domainId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "requestBody" JSONB,
    "responseBody" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScimLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Integration" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "environmentMapping" JSONB NOT NULL DEFAULT '{}',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Integration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LegalDocument" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "documentType" "LegalDocumentType" NOT NULL,
    "companyName" TEXT NOT NULL,
    "companyAddress" TEXT NOT NULL,
    "representativeEmail" TEXT NOT NULL,
    "fileName" TEXT,
    "contentType" TEXT,
    "content" BYTEA,
    "requestedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LegalDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "License" (
    "id" TEXT NOT NULL,
    "plan" TEXT NOT NULL,
    "seats" INTEGER,
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "License_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deployment" (
    "id" TEXT NOT NULL,
    "licenseId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "url" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Deployment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Region_organizationId_name_key" ON "Region"("organizationId", "name");

-- CreateIndex
CREATE INDEX "Stack_organizationId_deletedAt_createdAt_idx" ON "Stack"("organizationId", "deletedAt", "createdAt");

-- CreateIndex
CREATE INDEX "Stack_regionId_idx" ON "Stack"("regionId");

-- CreateIndex
CREATE INDEX "StackUserAccess_memberId_idx" ON "StackUserAccess"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Application_alias_key" ON "Application"("alias");

-- CreateIndex
CREATE UNIQUE INDEX "ApplicationScope_applicationId_label_key" ON "ApplicationScope"("applicationId", "label");

-- CreateIndex
CREATE INDEX "ApplicationScopeDelegation_delegatesToId_idx" ON "ApplicationScopeDelegation"("delegatesToId");

-- CreateIndex
CREATE INDEX "ApplicationClient_applicationId_idx" ON "ApplicationClient"("applicationId");

-- CreateIndex
CREATE INDEX "OrganizationApplication_applicationId_idx" ON "OrganizationApplication"("applicationId");

-- CreateIndex
CREATE INDEX "ExternalGroup_groupId_idx" ON "ExternalGroup"("groupId");

-- CreateIndex
CREATE UNIQUE INDEX "ExternalGroup_organizationId_externalId_key" ON "ExternalGroup"("organizationId", "externalId");

-- CreateIndex
CREATE INDEX "Domain_domain_idx" ON "Domain"("domain");

-- CreateIndex
CREATE UNIQUE INDEX "Domain_organizationId_domain_key" ON "Domain"("organizationId", "domain");

-- CreateIndex
CREATE INDEX "ScimLog_domainId_createdAt_idx" ON "ScimLog"("domainId", "createdAt");

-- CreateIndex
CREATE INDEX "Integration_organizationId_createdAt_idx" ON "Integration"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "LegalDocument_organizationId_createdAt_idx" ON "LegalDocument"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "Deployment_licenseId_createdAt_idx" ON "Deployment"("licenseId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_licenseId_key" ON "Organization"("licenseId");

-- AddForeignKey
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_licenseId_fkey" FOREIGN KEY ("licenseId") REFERENCES "License"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Region" ADD CONSTRAINT "Region_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Stack" ADD CONSTRAINT "Stack_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Stack" ADD CONSTRAINT "Stack_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StackModule" ADD CONSTRAINT "StackModule_stackId_fkey" FOREIGN KEY ("stackId") REFERENCES "Stack"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StackUserAccess" ADD CONSTRAINT "StackUserAccess_stackId_fkey" FOREIGN KEY ("stackId") REFERENCES "Stack"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StackUserAccess" ADD CONSTRAINT "StackUserAccess_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicationScope" ADD CONSTRAINT "ApplicationScope_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicationScopeDelegation" ADD CONSTRAINT "ApplicationScopeDelegation_scopeId_fkey" FOREIGN KEY ("scopeId") REFERENCES "ApplicationScope"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicationScopeDelegation" ADD CONSTRAINT "ApplicationScopeDelegation_delegatesToId_fkey" FOREIGN KEY ("delegatesToId") REFERENCES "ApplicationScope"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicationClient" ADD CONSTRAINT "ApplicationClient_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganizationApplication" ADD CONSTRAINT "OrganizationApplication_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganizationApplication" ADD CONSTRAINT "OrganizationApplication_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Feature" ADD CONSTRAINT "Feature_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuthProvider" ADD CONSTRAINT "AuthProvider_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalGroup" ADD CONSTRAINT "ExternalGroup_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalGroup" ADD CONSTRAINT "ExternalGroup_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Domain" ADD CONSTRAINT "Domain_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScimLog" ADD CONSTRAINT "ScimLog_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Integration" ADD CONSTRAINT "Integration_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LegalDocument" ADD CONSTRAINT "LegalDocument_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_licenseId_fkey" FOREIGN KEY ("licenseId") REFERENCES "License"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The built-in role policies gain the scopes of the new resources (src/auth/scopes.ts, kept equal by test/db/migrations.test.ts).
UPDATE "Policy" SET "scopes" = ARRAY['organization:read', 'member:read', 'invitation:read', 'group:read', 'policy:read', 'stack:read', 'region:read', 'application:read', 'feature:read', 'license:read', 'organization:write', 'member:write', 'invitation:write', 'group:write', 'policy:write', 'client:read', 'client:write', 'audit_log:read', 'stack:write', 'region:write', 'application:write', 'feature:write', 'sso:read', 'sso:write', 'integration:read', 'integration:write', 'legal_document:read', 'legal_document:write', 'organization:delete', 'license:write'], "updatedAt" = CURRENT_TIMESTAMP WHERE "role" = 'OWNER' AND "organizationId" IS NULL;
UPDATE "Policy" SET "scopes" = ARRAY['organization:read', 'member:read', 'invitation:read', 'group:read', 'policy:read', 'stack:read', 'region:read', 'application:read', 'feature:read', 'license:read', 'organization:write', 'member:write', 'invitation:write', 'group:write', 'policy:write', 'client:read', 'client:write', 'audit_log:read', 'stack:write', 'region:write', 'application:write', 'feature:write', 'sso:read', 'sso:write', 'integration:read', 'integration:write', 'legal_document:read', 'legal_document:write'], "updatedAt" = CURRENT_TIMESTAMP WHERE "role" = 'ADMIN' AND "organizationId" IS NULL;
UPDATE "Policy" SET "scopes" = ARRAY['organization:read', 'member:read', 'invitation:read', 'group:read', 'policy:read', 'stack:read', 'region:read', 'application:read', 'feature:read', 'license:read'], "updatedAt" = CURRENT_TIMESTAMP WHERE "role" = 'MEMBER' AND "organizationId" IS NULL;
UPDATE "Policy" SET "scopes" = ARRAY['organization:read', 'member:read'], "updatedAt" = CURRENT_TIMESTAMP WHERE "role" = 'GUEST' AND "organizationId" IS NULL;
