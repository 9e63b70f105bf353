extension Templates {
    /// Notifications, the failure threshold, custom connectors.
    static let settings = #"""
        <div class="page-head"><h1>Settings</h1></div>
        {{#hasProblems}}
        <div class="flash flash-alert" role="alert" id="form-problems" tabindex="-1"><span aria-hidden="true">✕</span> <strong>{{problemTitle}}</strong><ul>{{#problems}}<li>{{.}}</li>{{/problems}}</ul></div>
        {{/hasProblems}}
        {{#testResult}}
        <div class="flash {{#succeeded}}flash-notice{{/succeeded}}{{^succeeded}}flash-alert{{/succeeded}}" role="status" id="webhook-test-result">{{#badge}}<strong><span aria-hidden="true">{{icon}}</span> Webhook test {{#succeeded}}sent{{/succeeded}}{{^succeeded}}failed{{/succeeded}}</strong>{{/badge}} <span class="pre-line">{{message}}</span></div>
        {{/testResult}}
        <section class="card" aria-labelledby="notifications-heading" id="notifications">
          <h2 id="notifications-heading">Notifications</h2>
          <form method="post" action="/settings/notifications">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <div class="field">
              <label for="webhook-url">Webhook URL</label>
              <input id="webhook-url" name="webhook_url" type="url" value="{{webhookURL}}" placeholder="https://hooks.slack.com/services/…" aria-describedby="webhook-url-help" autocomplete="off">
              <p class="help" id="webhook-url-help">A Slack or Teams incoming webhook, or any receiver of JSON: it gets a message and Airbyte's sync summary.</p>
            </div>
            <fieldset>
              <legend>Send a notification when</legend>
              <input type="hidden" name="on_failure" value="false"><label class="check" for="on-failure"><input type="checkbox" id="on-failure" name="on_failure" value="true"{{#onFailure}} checked{{/onFailure}}> a sync fails</label>
              <input type="hidden" name="on_success" value="false"><label class="check" for="on-success"><input type="checkbox" id="on-success" name="on_success" value="true"{{#onSuccess}} checked{{/onSuccess}}> a sync succeeds</label>
              <input type="hidden" name="on_disabled" value="false"><label class="check" for="on-disabled"><input type="checkbox" id="on-disabled" name="on_disabled" value="true"{{#onDisabled}} checked{{/onDisabled}}> a connection is disabled after failing</label>
            </fieldset>
            <div class="field">
              <label for="failure-threshold">Disable a connection after this many failed jobs in a row</label>
              <input id="failure-threshold" name="failure_threshold" type="number" min="1" max="1000" step="1" value="{{failureThreshold}}" placeholder="{{defaultThreshold}}" aria-describedby="failure-threshold-help">
              <p class="help" id="failure-threshold-help">Empty: {{defaultThreshold}}. A connection's own setting wins.</p>
            </div>
            <div class="button-row">
              <button type="submit" class="button primary">Save</button>
              <button type="submit" class="button" formaction="/settings/notifications/test">Send a test</button>
            </div>
          </form>
        </section>
        <section class="card" aria-labelledby="connectors-heading" id="connectors">
          <h2 id="connectors-heading">Custom connectors</h2>
          {{^hasConnectors}}<p class="muted">None yet.</p>{{/hasConnectors}}
          {{#hasConnectors}}
          <table class="list compact"><thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Runs</th></tr></thead>
          <tbody>{{#connectors}}<tr><th scope="row">{{name}}</th><td>{{kind}}</td><td><code>{{runs}}</code></td></tr>{{/connectors}}</tbody></table>
          {{/hasConnectors}}
          <p><a href="/connectors/new/source">Add a source connector</a> · <a href="/connectors/new/destination">Add a destination connector</a></p>
        </section>
        {{#showApplications}}
        <section class="card" aria-labelledby="applications-heading" id="applications">
          <h2 id="applications-heading">API applications</h2>
          <p class="muted">Clients of the API: each exchanges its id and secret for a bearer token at <code>POST /api/public/v1/applications/token</code>.</p>
          {{#newApplication}}
          <div class="flash flash-notice" role="status" id="new-application">
            <p><span aria-hidden="true">✓</span> <strong>Created {{name}}.</strong> Copy its secret now: it is not shown again.</p>
            <dl class="facts"><div><dt>Client id</dt><dd><code id="new-client-id">{{clientID}}</code></dd></div><div><dt>Client secret</dt><dd><code id="new-client-secret">{{secret}}</code></dd></div></dl>
          </div>
          {{/newApplication}}
          {{#hasApplications}}
          <table class="list compact" id="application-list"><thead><tr><th scope="col">Name</th><th scope="col">Client id</th><th scope="col">Created</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>{{#applications}}<tr><th scope="row">{{name}}</th><td><code>{{clientID}}</code></td><td>{{created}}</td>
            <td><form method="post" action="/settings/applications/{{applicationID}}/delete" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="button small danger">Delete<span class="visually-hidden"> {{name}}</span></button></form></td></tr>{{/applications}}</tbody></table>
          {{/hasApplications}}
          <form method="post" action="/settings/applications" class="inline-fields">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <div class="field"><label for="application-name">New application's name</label><input id="application-name" name="name" type="text" required maxlength="200"></div>
            <button type="submit" class="button">Create</button>
          </form>
        </section>
        {{/showApplications}}
        """#

    /// Signing in, when the server requires credentials.
    static let signIn = #"""
        <div class="signin card">
          <h1>Sign in</h1>
          {{#failed}}<div class="flash flash-alert" role="alert"><span aria-hidden="true">✕</span> The user name or password is wrong.</div>{{/failed}}
          <form method="post" action="/signin">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <input type="hidden" name="next" value="{{next}}">
            <div class="field">
              <label for="signin-user">User name</label>
              <input id="signin-user" name="user" type="text" value="{{user}}" required autocomplete="username" autofocus>
            </div>
            <div class="field">
              <label for="signin-password">Password</label>
              <input id="signin-password" name="password" type="password" required autocomplete="current-password">
            </div>
            <button type="submit" class="button primary">Sign in</button>
          </form>
        </div>
        """#
}
