// A local SMTP server that keeps every message it receives, for tests:
// SMTP on 127.0.0.1:<smtp port> (no TLS, no login), and the messages as JSON
// on http://127.0.0.1:<http port>/messages ([{ to, from, subject, text }]).
// usage: node mail-capture.mjs <smtp port> <http port>
import { createServer } from "node:http";

import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

const [smtpPort, httpPort] = process.argv.slice(2).map(Number);
const messages = [];

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream)
      .then((mail) => {
        messages.push({ to: mail.to?.text ?? "", from: mail.from?.text ?? "", subject: mail.subject ?? "", text: mail.text ?? "" });
        callback();
      })
      .catch(callback);
  },
});
smtp.listen(smtpPort, "127.0.0.1");

createServer((req, res) => {
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(req.url === "/messages" ? messages : []));
}).listen(httpPort, "127.0.0.1", () => console.log(`smtp on ${smtpPort}, messages on ${httpPort}`));
