import { defineConfig } from "vitest/config";

// Unit tests (app/domain, colocated) and database tests (*.db.test.ts) run here. The database
// tests use PGlite unless TEST_DATABASE_URL points at a real PostgreSQL.
export default defineConfig({
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  test: {
    include: ["app/**/*.test.ts", "app/**/*.test.tsx", "db/**/*.test.ts", "server/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
