/**
 * The stand-in's sign-in form (its `/authorize` page): a plain HTML form for the dev users of well-known.ts, posting
 * back to the same URL with the authorization request's parameters. Everything echoed is HTML-escaped.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

export interface SignInPage {
  clientName: string;
  /** The authorization request's parameters, carried as hidden fields. */
  params: Record<string, string>;
  users: { upn: string; name: string }[];
  login?: string;
  error?: string;
}

/** The sign-in page; its form posts `login` and `passwd` (Entra's field names) with the request's parameters. */
export function signInPage(page: SignInPage): string {
  const hidden = Object.entries(page.params)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n      ');
  const users = page.users.map((u) => `<li><code>${escapeHtml(u.upn)}</code> (${escapeHtml(u.name)})</li>`).join('');
  const error = page.error ? `<p role="alert" id="error">${escapeHtml(page.error)}</p>` : '';
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <link rel="icon" href="data:,">
    <title>Sign in (Entra ID stand-in)</title>
    <style>
      body { font-family: system-ui, sans-serif; max-width: 26rem; margin: 2rem auto; padding: 0 1rem; }
      label { display: block; margin-top: 0.8rem; }
      input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: 0.5rem; }
      button { margin-top: 1rem; padding: 0.5rem 1.5rem; }
      #error { color: #a4262c; }
      small { color: #555; }
    </style>
  </head>
  <body>
    <h1>Sign in</h1>
    <p>to <strong>${escapeHtml(page.clientName)}</strong>, with the local Entra ID stand-in.</p>
    ${error}
    <form method="post">
      ${hidden}
      <label for="login">Email</label>
      <input type="text" id="login" name="login" autocomplete="username" value="${escapeHtml(page.login ?? '')}" required>
      <label for="passwd">Password</label>
      <input type="password" id="passwd" name="passwd" autocomplete="current-password" required>
      <button type="submit" id="signin">Sign in</button>
    </form>
    <p><small>Development users (the password is the first name): </small></p>
    <ul><small>${users}</small></ul>
  </body>
</html>
`;
}
