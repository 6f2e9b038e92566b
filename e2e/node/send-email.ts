// Calls the generated lib/email's sendEmail once, as the auth config does,
// and prints {"sent": true} or {"sent": false, "error": ...}.
// usage: tsx send-email.ts <path to lib/email.ts> <to>
import { pathToFileURL } from "node:url";

const [file, to] = process.argv.slice(2);
const { sendEmail } = await import(pathToFileURL(file).href);
try {
  await sendEmail({ to, subject: "Reset your password", text: "Open http://127.0.0.1/reset-password?token=abc" });
  console.log(JSON.stringify({ sent: true }));
} catch (error) {
  console.log(JSON.stringify({ sent: false, error: String(error) }));
}
