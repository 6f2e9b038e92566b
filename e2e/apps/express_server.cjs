// Minimal Express app (JavaScript, CommonJS) around the generated middleware.
const express = require("express");

const { authCors, requireAuth, requireSameUser } = require("./auth/require-auth.js");

const app = express();
app.use(authCors());
app.get("/me", requireAuth, (req, res) => {
  res.json({ id: req.user.id, email: req.user.email });
});
app.get("/users/:userId", requireAuth, requireSameUser("userId"), (req, res) => {
  res.json({ id: req.user.id });
});
app.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
