import { betterAuth } from "better-auth";
import { jwt } from "better-auth/plugins";
import { nextCookies } from "better-auth/next-js";
import { Pool } from "pg";

export const auth = betterAuth({
  baseURL: process.env.BETTER_AUTH_URL,
  database: new Pool({ connectionString: process.env.DATABASE_URL }),
  emailAndPassword: { enabled: true },
  advanced: { cookiePrefix: "shop" },
  // Tokens for the Python API: EdDSA, verified there against /api/auth/jwks.
  plugins: [jwt(), nextCookies()],
});
