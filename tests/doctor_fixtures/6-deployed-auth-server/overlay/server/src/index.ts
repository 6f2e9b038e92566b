import express from "express";
import { toNodeHandler } from "better-auth/node";
import { auth } from "./auth";

// Deployed to Render; the Next.js app on Vercel calls it from the browser.
const app = express();
app.all("/api/auth/*splat", toNodeHandler(auth));
app.listen(Number(process.env.PORT ?? 10000));
