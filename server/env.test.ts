import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";
import { openConfiguredDatabase } from "./database";

describe("environment at boot", () => {
  it("has working defaults for a fresh machine", () => {
    expect(parseEnv({})).toMatchObject({ PORT: 3000, DATA_DIR: "./data", DEMO_DATA: "auto", COOKIE_SECURE: false });
    expect(parseEnv({ PUBLIC_URL: "https://gongjiang.example.cn" }).PUBLIC_URL).toBe("https://gongjiang.example.cn");
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ DATABASE_URL: "mysql://db/x" }, "DATABASE_URL: must start with postgres://"],
    [{ SESSION_SECRET: "short" }, "SESSION_SECRET: must be at least 32 characters"],
    [{ PII_KEY: "abc" }, "PII_KEY: must be 32 bytes"],
    [{ PUBLIC_URL: "gongjiang.example.cn" }, "PUBLIC_URL"],
    [{ PUBLIC_URL: "ftp://gongjiang.example.cn" }, "PUBLIC_URL"],
    [{ DATABASE_URL: "postgres://db/x", NODE_ENV: "production" }, "SESSION_SECRET: is required with DATABASE_URL in production"],
  ])("names the variable to fix: %o", (env, message) => {
    expect(() => parseEnv(env)).toThrow(message);
  });

  it("says which PostgreSQL it could not reach, without the password", async () => {
    const env = parseEnv({ DATABASE_URL: "postgres://postgres:s3cret@127.0.0.1:1/nowhere", NODE_ENV: "test" });
    const failure = openConfiguredDatabase(env).then(
      () => "connected",
      (e: Error) => e.message,
    );
    const message = await failure;
    expect(message).toContain("Cannot reach PostgreSQL at 127.0.0.1:1/nowhere");
    expect(message).not.toContain("s3cret");
  });
});
