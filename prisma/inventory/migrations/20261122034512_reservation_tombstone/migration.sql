-- AlterTable
ALTER TABLE "Reservation" ALTER COLUMN "locationId" DROP NOT NULL;
