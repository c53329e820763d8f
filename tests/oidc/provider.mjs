// A real OpenID Connect provider for the single sign-on tests (npm "oidc-provider"), on loopback.
//
// Configured from the environment by tests/oidc/server.py:
//   OIDC_TEST_PORT      the port on 127.0.0.1
//   OIDC_TEST_CLIENT    JSON: client_id, client_secret, redirect_uris
//   OIDC_TEST_ACCOUNTS  JSON: {login: {password, email, email_verified, name, groups}}
// The login is a plain HTML form (login and password, checked against the accounts); consent
// is granted without a question, as a city's own identity provider does for its own site.
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_TEST_PORT);
const issuer = `http://127.0.0.1:${port}`;
const client = JSON.parse(process.env.OIDC_TEST_CLIENT);
const accounts = JSON.parse(process.env.OIDC_TEST_ACCOUNTS);

const provider = new Provider(issuer, {
  clients: [{
    client_id: client.client_id,
    client_secret: client.client_secret,
    redirect_uris: client.redirect_uris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
    groups: ['groups'],
  },
  async findAccount(ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        const { password, ...claims } = account;
        return { sub: id, ...claims };
      },
    };
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  cookies: { keys: ['test-only-cookie-key'] },
  // The tests run over plain HTTP on loopback.
  clientBasedCORS: () => true,
});
provider.proxy = false;

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid, error = '', login = '') {
  return `<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Anmeldung beim Identitätsanbieter</title></head>
<body><main><h1>Anmeldung beim Identitätsanbieter</h1>
${error ? `<p role="alert" id="error">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label for="login">Benutzername</label> <input id="login" name="login" value="${escape(login)}">
<label for="password">Passwort</label> <input id="password" name="password" type="password">
<button type="submit">Anmelden</button>
</form></main></body></html>`;
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function grantConsent(req, res, interaction) {
  const { prompt: { details }, params, session: { accountId } } = interaction;
  const grant = interaction.grantId
    ? await provider.Grant.find(interaction.grantId)
    : new provider.Grant({ accountId, clientId: params.client_id });
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(details.missingResourceScopes || {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

async function interactionRoute(req, res, uid, action) {
  const interaction = await provider.interactionDetails(req, res);
  if (action === 'login' && req.method === 'POST') {
    const form = await readForm(req);
    const login = form.get('login') || '';
    const account = accounts[login];
    if (!account || account.password !== form.get('password')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(loginPage(uid, 'Benutzername oder Passwort ist falsch.', login));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    return;
  }
  if (interaction.prompt.name === 'consent') {
    await grantConsent(req, res, interaction);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(loginPage(uid));
}

const handle = provider.callback();
http.createServer(async (req, res) => {
  const match = new URL(req.url, issuer).pathname.match(/^\/interaction\/([^/]+)(?:\/(login))?$/);
  if (!match) {
    handle(req, res);
    return;
  }
  try {
    await interactionRoute(req, res, match[1], match[2]);
  } catch (error) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(String(error));
  }
}).listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on ${issuer}`));
