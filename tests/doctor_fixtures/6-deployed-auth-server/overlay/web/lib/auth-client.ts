import { createAuthClient } from "better-auth/react";

// Better Auth runs in the Express server; the browser talks to it directly.
export const authClient = createAuthClient({ baseURL: process.env.NEXT_PUBLIC_API_URL });
