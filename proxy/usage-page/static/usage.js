// The usage page: signs the person in with Entra ID (authorization code + PKCE, @azure/msal-browser served by the
// proxy) and shows Get real-time usage for an environment they can see, calling the proxy's own API with their
// token. The proxy applies the visibility rules (Administrators see every caller, others their own calls); the page
// only draws what it is given. Text from the report goes in through textContent only.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const number = new Intl.NumberFormat();
  const PAGE_PATH = '/usage';

  function status(text, isError) {
    const node = $('status');
    node.hidden = !text;
    node.textContent = text || '';
    node.className = isError ? 'error' : '';
  }

  /** Bytes as B, kB, MB or GB (decimal, as storage is usually counted). */
  function bytes(n) {
    const units = ['B', 'kB', 'MB', 'GB', 'TB'];
    let i = 0;
    let v = n;
    while (v >= 1000 && i < units.length - 1) {
      v /= 1000;
      i += 1;
    }
    return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
  }

  function cell(row, text, className) {
    const td = document.createElement('td');
    if (className) td.className = className;
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function head(table, names) {
    const tr = document.createElement('tr');
    for (const [name, numeric] of names) {
      const th = document.createElement('th');
      th.textContent = name;
      if (numeric) th.className = 'num';
      tr.appendChild(th);
    }
    const thead = document.createElement('thead');
    thead.appendChild(tr);
    return thead;
  }

  /** A group list (byOperation, byEntity, byCaller…) as a table with a share bar per row. */
  function groups(table, rows, keyName) {
    const tbody = document.createElement('tbody');
    const max = Math.max(1, ...rows.map((r) => r.calls));
    for (const r of rows) {
      const tr = document.createElement('tr');
      tr.dataset.key = r.key;
      cell(tr, r.key, 'key');
      cell(tr, number.format(r.calls), 'num calls');
      cell(tr, number.format(r.succeeded), 'num succeeded');
      cell(tr, number.format(r.failed), 'num failed');
      const share = cell(tr, '', 'share');
      const bar = document.createElement('div');
      bar.className = 'share-bar';
      bar.style.width = `${Math.round((r.calls / max) * 100)}%`;
      share.appendChild(bar);
      tbody.appendChild(tr);
    }
    if (rows.length === 0) empty(tbody, 5);
    table.replaceChildren(
      head(table, [[keyName], ['Calls', true], ['Succeeded', true], ['Failed', true], ['']]),
      tbody,
    );
  }

  function empty(tbody, columns) {
    const tr = document.createElement('tr');
    const td = cell(tr, 'No calls in this period.', 'empty');
    td.colSpan = columns;
    tbody.appendChild(tr);
  }

  function topErrors(table, errors) {
    const tbody = document.createElement('tbody');
    for (const e of errors) {
      const tr = document.createElement('tr');
      tr.dataset.key = e.code;
      const code = cell(tr, '', 'key');
      const c = document.createElement('code');
      c.textContent = e.code;
      code.appendChild(c);
      cell(tr, number.format(e.calls), 'num calls');
      cell(tr, e.meaning || '', 'meaning');
      cell(tr, e.hint || '', 'hint');
      tbody.appendChild(tr);
    }
    if (errors.length === 0) {
      const tr = document.createElement('tr');
      const td = cell(tr, 'No failed calls in this period.', 'empty');
      td.colSpan = 4;
      tbody.appendChild(tr);
    }
    table.replaceChildren(head(table, [['Error'], ['Calls', true], ['What it means'], ['What to do']]), tbody);
  }

  function render(report) {
    const t = report.totals;
    const metric = (name, text) => (document.querySelector(`[data-metric="${name}"]`).textContent = text);
    metric('calls', number.format(t.calls));
    metric('succeeded', number.format(t.succeeded));
    metric('failed', number.format(t.failed));
    metric('failureRate', t.calls === 0 ? '–' : `${Math.round((t.failed / t.calls) * 1000) / 10}%`);
    metric('bytes', bytes(t.bytes));
    // Percentiles are histogram bucket bounds ("at most"), so they are shown as such.
    const latency = report.latency;
    const within = (ms) => (ms >= 1000 ? `≤ ${number.format(ms / 1000)} s` : `≤ ${number.format(ms)} ms`);
    metric('p50', latency ? within(latency.p50Ms) : '–');
    metric('p90', latency ? within(latency.p90Ms) : '–');
    metric('p99', latency ? within(latency.p99Ms) : '–');
    $('summary').textContent = report.summary;
    $('scope').textContent =
      report.scope === 'allCallers'
        ? 'Every caller’s calls: you are an Administrator of this environment.'
        : 'Your own calls only: the calls of others are shown to Administrators of this environment.';
    $('scope').dataset.scope = report.scope;
    window.UsageCharts.hourly($('hourly-chart'), report.hourly);
    window.UsageCharts.results($('result-chart'), t);
    topErrors($('top-errors'), report.topErrors);
    groups($('by-operation'), report.byOperation, 'Operation');
    groups($('by-entity'), report.byEntity, 'Entity');
    groups($('by-caller'), report.byCaller, 'Caller');
    const u = report.upstream;
    $('upstream-summary').textContent =
      `${number.format(u.calls)} attempts (retries included), ${number.format(u.failed)} failed.`;
    groups($('upstream'), u.byOperation, 'Call');
    document.body.dataset.loaded = report.instanceId;
  }

  async function main() {
    const settings = await (await fetch('usage/settings.json')).json();
    if (!settings.clientId) {
      status('Sign-in is not set up for this page: the proxy needs USAGE_PAGE_CLIENT_ID (see docs/settings.md).', true);
      return;
    }
    const redirectUri = `${location.origin}${PAGE_PATH}`;
    const msalApp = new window.msal.PublicClientApplication({
      auth: {
        clientId: settings.clientId,
        authority: settings.authority,
        redirectUri,
        postLogoutRedirectUri: redirectUri,
        ...(settings.authorityMetadata ? { authorityMetadata: settings.authorityMetadata } : {}),
      },
      cache: { cacheLocation: 'sessionStorage' },
    });
    await msalApp.initialize();
    const result = await msalApp.handleRedirectPromise();
    const account = (result && result.account) || msalApp.getAllAccounts()[0];
    const request = { scopes: settings.scopes };
    if (!account) {
      status('');
      $('signed-out').hidden = false;
      $('sign-in').onclick = () => msalApp.loginRedirect(request);
      return;
    }
    $('account').hidden = false;
    $('account-name').textContent = account.name || account.username;
    $('sign-out').onclick = async () => {
      await msalApp.clearCache({ account });
      location.replace(redirectUri);
    };

    async function token() {
      try {
        return (await msalApp.acquireTokenSilent({ ...request, account })).accessToken;
      } catch (err) {
        if (err instanceof window.msal.InteractionRequiredAuthError) await msalApp.acquireTokenRedirect(request);
        throw err;
      }
    }

    async function api(path) {
      const res = await fetch(path, { headers: { Authorization: `Bearer ${await token()}` } });
      const body = await res.json().catch(() => undefined);
      if (!res.ok) {
        const e = body && body.error;
        throw new Error(e ? `${e.code}: ${e.message} (request ${e.requestId})` : `HTTP ${res.status}`);
      }
      return body;
    }

    status('Loading environments…');
    const instances = (await api('api/instances')).value;
    if (instances.length === 0) {
      status('Customer Insights shows you no environment, so there is no usage to show.');
      return;
    }
    const select = $('instance');
    for (const i of instances) {
      const option = document.createElement('option');
      option.value = i.instanceId;
      option.textContent = `${i.name} (${i.instanceType})`;
      select.appendChild(option);
    }
    const wanted = new URLSearchParams(location.search).get('instance');
    if (wanted && instances.some((i) => i.instanceId === wanted)) select.value = wanted;

    async function load() {
      status('Loading usage…');
      delete document.body.dataset.loaded;
      try {
        const id = encodeURIComponent(select.value);
        render(await api(`api/instances/${id}/usage?hours=${encodeURIComponent($('hours').value)}`));
        $('report').hidden = false;
        status('');
      } catch (err) {
        status(`Could not load usage: ${err.message}`, true);
      }
    }
    select.onchange = load;
    $('hours').onchange = load;
    $('refresh').onclick = load;
    await load();
  }

  main().catch((err) => status(`Something went wrong: ${err.message}`, true));
})();
