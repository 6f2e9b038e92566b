"use client";

// A page for the browser test: signs up, then calls the backend twice through
// the generated apiFetch (the second call must reuse the cached token).
import { useState } from "react";

import { apiFetch } from "@/lib/api-client";
import { signUp } from "@/lib/auth-client";

export default function BrowserCheck() {
  const [result, setResult] = useState("idle");

  async function run() {
    const email = `browser-${Date.now()}@example.com`;
    const { error } = await signUp.email({ email, password: "correct-horse-battery", name: "Browser" });
    if (error) {
      setResult(`sign-up failed: ${error.message}`);
      return;
    }
    const first = await apiFetch("/me");
    const second = await apiFetch("/me");
    const body = await second.json();
    setResult(JSON.stringify({ first: first.status, second: second.status, email: body.email, expected: email }));
  }

  return (
    <main>
      <button onClick={run}>run</button>
      <p id="result">{result}</p>
    </main>
  );
}
