import { z } from 'zod';

// Environment -> typed config. Locally everything has a safe default so
// `npm start` just works; in production a missing secret stops the start.
const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().default('127.0.0.1'),
    PUBLIC_URL: z.url().optional(),
    DATABASE_URL: z.string().optional(),
    APP_DATABASE_URL: z.string().optional(),
    DATA_DIR: z.string().default('./data'),
    SESSION_SECRET: z.string().min(32).optional(),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    DEMO_DATA: z.enum(['true', 'false']).optional(),
    SMTP_URL: z.string().optional(),
    MAIL_FROM: z.string().default('Whole Picture <no-reply@wholepicture.invalid>'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    AUDIT_CHECKPOINT_KEY: z.string().min(40).optional(),
    AUDIT_CHECKPOINT_FILE: z.string().optional(),
    AUDIT_CHECKPOINT_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(60),
    AUDIT_SEAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
    JOB_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).optional(),
    JOB_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(300),
    AUTHENTICATOR_KEY: z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/, 'AUTHENTICATOR_KEY must be 32 random bytes in base64')
      .optional(),
    INVITE_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 14)
      .default(72),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    for (const key of [
      'SESSION_SECRET',
      'DATABASE_URL',
      'APP_DATABASE_URL',
      'PUBLIC_URL',
      'AUDIT_CHECKPOINT_KEY',
      'AUDIT_CHECKPOINT_FILE',
      'AUTHENTICATOR_KEY',
    ] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required in production` });
    }
    if (env.DEMO_DATA === 'true')
      ctx.addIssue({ code: 'custom', path: ['DEMO_DATA'], message: 'demo data is never loaded in production' });
  });

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  publicUrl: string;
  database: { kind: 'pglite'; dataDir: string | null } | { kind: 'postgres'; ownerUrl: string; appUrl: string };
  sessionSecret: string;
  sessionIdleMinutes: number;
  demoData: boolean;
  smtpUrl: string | null;
  mailFrom: string;
  logLevel: string;
  /** Where the log goes: standard output, unless a test collects it to prove what it never holds. */
  logStream?: { write(line: string): void };
  audit: {
    /** Ed25519 private key (PKCS#8, base64 DER or PEM) that signs checkpoints; never stored in the database. */
    checkpointKey: string;
    /** Append-only file the signed checkpoints go to; null: none are written (tests, in-memory database). */
    checkpointFile: string | null;
    checkpointMinutes: number;
    sealSeconds: number;
  };
  jobs: {
    /** Every job runner polls this often when set, instead of at its own interval. */
    pollSeconds: number | null;
    /** How long a claimed job is held without its runner renewing the claim, before another instance may take it. */
    leaseSeconds: number;
  };
  accounts: {
    /** AES-256-GCM key (32 bytes, base64) that seals authenticator secrets at rest; never stored in the database. */
    authenticatorKey: string;
    /** How long an invitation link works. */
    inviteHours: number;
  };
}

// Local keys are fine for synthetic data; production refuses to start without its own.
const LOCAL_AUTHENTICATOR_KEY = 'bG9jYWwtYXV0aGVudGljYXRvci1rZXktMzItYnl0ZXM=';
const LOCAL_CHECKPOINT_KEY = 'MC4CAQAwBQYDK2VwBCIEIP3MHago4/390ggBKpdlekju/sMiUxV47Rj1iPLIhVXz';

export class ConfigError extends Error {}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const port = env.PORT;
  return {
    env: env.NODE_ENV,
    port,
    host: env.HOST,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${port}`,
    database: env.DATABASE_URL
      ? { kind: 'postgres', ownerUrl: env.DATABASE_URL, appUrl: env.APP_DATABASE_URL ?? appRoleUrl(env.DATABASE_URL) }
      : { kind: 'pglite', dataDir: env.DATA_DIR === ':memory:' ? null : env.DATA_DIR },
    // A fixed local secret is fine: local data is synthetic and production refuses to start without one.
    sessionSecret: env.SESSION_SECRET ?? 'local-development-secret-not-for-production-use',
    sessionIdleMinutes: env.SESSION_IDLE_MINUTES,
    demoData: env.DEMO_DATA ? env.DEMO_DATA === 'true' : env.NODE_ENV !== 'production',
    smtpUrl: env.SMTP_URL ?? null,
    mailFrom: env.MAIL_FROM,
    logLevel: env.LOG_LEVEL,
    audit: {
      checkpointKey: env.AUDIT_CHECKPOINT_KEY ?? LOCAL_CHECKPOINT_KEY,
      checkpointFile:
        env.AUDIT_CHECKPOINT_FILE ?? (env.DATA_DIR === ':memory:' ? null : `${env.DATA_DIR}/audit-checkpoints.jsonl`),
      checkpointMinutes: env.AUDIT_CHECKPOINT_MINUTES,
      sealSeconds: env.AUDIT_SEAL_SECONDS,
    },
    jobs: { pollSeconds: env.JOB_POLL_SECONDS ?? null, leaseSeconds: env.JOB_LEASE_SECONDS },
    accounts: {
      authenticatorKey: env.AUTHENTICATOR_KEY ?? LOCAL_AUTHENTICATOR_KEY,
      inviteHours: env.INVITE_HOURS,
    },
  };
}

/** Locally (trust auth) the app role logs in without a password; production sets APP_DATABASE_URL. */
export function appRoleUrl(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  url.username = 'wholepicture_app';
  url.password = '';
  return url.toString();
}
