-- CreateEnum
CREATE TYPE "OidcPreset" AS ENUM ('GENERIC', 'GOOGLE', 'MICROSOFT');

-- AlterTable
ALTER TABLE "AuthProvider" ADD COLUMN     "oidcPreset" "OidcPreset",
ADD COLUMN     "oidcTenantId" TEXT;

-- AlterTable
ALTER TABLE "Domain" ADD COLUMN     "jitDefaultRole" "Role" NOT NULL DEFAULT 'MEMBER';

-- Existing OIDC providers were given an issuer only: GENERIC.
UPDATE "AuthProvider" SET "oidcPreset" = 'GENERIC' WHERE "type" = 'OIDC';

-- Client secrets are now stored sealed (AES-256-GCM under a key of the server), and the plaintext
-- ones cannot be sealed in SQL. No sign-in used them yet: they are cleared, to be set again
-- with upsertAuthProvider (AuthProvider.oidcClientSecretSet shows false until then).
UPDATE "AuthProvider" SET "oidcClientSecret" = NULL WHERE "oidcClientSecret" IS NOT NULL;
