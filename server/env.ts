// The environment, validated once at boot. A bad value stops the process with a message that
// says which variable and what to fix, before anything listens.
import { z } from "zod";

const booleanFlag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const BaseEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  PII_KEY: z
    .string()
    .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, "must be 32 bytes as 64 hex digits or base64")
    .optional(),
  COOKIE_SECURE: booleanFlag.default(false),
  TRUST_PROXY: z.string().default("loopback"),
  /** The address people open (https://…), when a proxy in front changes the Host: browsers' writes must come from it or from the Host they used. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DEMO_DATA: z.enum(["auto", "off"]).default("auto"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** Keep statements prepared on each connection; false behind a pooler in transaction mode. */
  DATABASE_PREPARE: booleanFlag.default(true),
  /** On SIGTERM, keep answering (health says "draining") this long before closing. */
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(60_000).default(1500),
  /** At most one live leaderboard publication per skill per this many milliseconds. */
  LEADERBOARD_WINDOW_MS: z.coerce.number().int().min(50).max(5_000).default(300),
});

/** The server's environment; command-line tools (migrate, audit:verify) need no secrets. */
export const EnvSchema = BaseEnvSchema.superRefine((env, ctx) => {
  // Several instances on one PostgreSQL must share these; a generated one would differ per host.
  if (env.DATABASE_URL && env.NODE_ENV === "production") {
    if (!env.SESSION_SECRET)
      ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "is required with DATABASE_URL in production (every instance must share it)" });
    if (!env.PII_KEY)
      ctx.addIssue({
        code: "custom",
        path: ["PII_KEY"],
        message: "is required with DATABASE_URL in production (ID numbers are encrypted with it; keep it safe)",
      });
  }
});
export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>, use: "server" | "tool" = "server"): Env {
  const result = (use === "server" ? EnvSchema : BaseEnvSchema).safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
  throw new EnvError(`Invalid configuration:\n${lines.join("\n")}\nSee README.md, "Configuration".`);
}
