-- AlterTable
ALTER TABLE "Domain" DROP COLUMN "samlAcsUrl",
DROP COLUMN "samlEntityId",
DROP COLUMN "samlX509Cert";
