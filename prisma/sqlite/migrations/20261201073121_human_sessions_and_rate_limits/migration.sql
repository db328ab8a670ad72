-- CreateTable
CREATE TABLE "HumanSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "humanId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME,
    "userAgent" TEXT NOT NULL,
    "ipPrefix" TEXT NOT NULL,
    CONSTRAINT "HumanSession_humanId_fkey" FOREIGN KEY ("humanId") REFERENCES "Human" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "points" INTEGER NOT NULL,
    "expire" DATETIME
);

-- CreateIndex
CREATE INDEX "HumanSession_humanId_expiresAt_idx" ON "HumanSession"("humanId", "expiresAt");

-- CreateIndex
CREATE INDEX "RateLimit_expire_idx" ON "RateLimit"("expire");

