import { betterAuth } from "better-auth";
import { Pool } from "pg";

export const auth = betterAuth({
  baseURL: process.env.BETTER_AUTH_URL,
  database: new Pool({ connectionString: process.env.DATABASE_URL }),
  emailAndPassword: { enabled: true },
  trustedOrigins: ["http://localhost:3000"],
  advanced: {
    crossSubDomainCookies: { enabled: true, domain: "onrender.com" },
  },
});
