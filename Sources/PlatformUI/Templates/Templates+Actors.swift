extension Templates {
    /// The sources (or destinations).
    static let actors = #"""
        <div class="page-head">
          <h1>{{title}}</h1>
          <a class="button primary" href="{{newHref}}"><span aria-hidden="true">+</span> New {{kind}}</a>
        </div>
        {{^rows}}<div class="empty"><p>No {{kind}} yet.</p><p><a href="{{newHref}}">Set one up</a>.</p></div>{{/rows}}
        {{#hasRows}}
        <div class="table-wrap">
        <table class="list" id="actors">
          <caption class="visually-hidden">{{title}}</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Connector</th><th scope="col">Connections</th><th scope="col">Created</th></tr></thead>
          <tbody>
          {{#rows}}
            <tr><th scope="row"><a class="strong" href="{{href}}">{{name}}</a></th><td>{{connector}}</td><td>{{connections}}</td><td>{{created}}</td></tr>
          {{/rows}}
          </tbody>
        </table>
        </div>
        {{#pager}}{{>pager}}{{/pager}}
        {{/hasRows}}
        """#

    /// Choosing a connector for a new source or destination.
    static let connectorPicker = #"""
        <div class="page-head"><h1>New {{kind}}</h1></div>
        <section class="card" aria-labelledby="pick-heading">
          <h2 id="pick-heading">Pick a connector</h2>
          <form method="get" action="{{pickAction}}" role="search" class="inline-fields" data-filter-form>
            <div class="field">
              <label for="connector-search">Search connectors</label>
              <input id="connector-search" name="q" type="search" value="{{query}}" data-filter="#connector-list" aria-describedby="connector-count" autocomplete="off">
            </div>
            <button type="submit" class="button no-js-only">Search</button>
          </form>
          <p class="muted" id="connector-count" role="status" aria-live="polite">{{countText}}</p>
          <ul class="connector-list" id="connector-list">
            {{#connectors}}
            <li data-filter-text="{{searchText}}"><a href="{{href}}" data-progress="Installing {{name}} and reading its settings…"><strong>{{name}}</strong><span class="muted">{{detail}}</span></a></li>
            {{/connectors}}
          </ul>
          <div class="progress" id="connector-progress" role="status" aria-live="polite" hidden><span class="spinner" aria-hidden="true">⟳</span> <span data-progress-text></span> <span class="muted" data-progress-elapsed></span></div>
        </section>
        <section class="card" aria-labelledby="any-heading">
          <h2 id="any-heading">Any Airbyte connector from PyPI</h2>
          <form method="get" action="{{pickAction}}" class="inline-fields">
            <div class="field">
              <label for="connector-type">Package name</label>
              <input id="connector-type" name="type" type="text" required pattern="(airbyte-{{kind}}-)?[a-z0-9][a-z0-9_\-]*" placeholder="airbyte-{{kind}}-pokeapi" aria-describedby="connector-type-help">
              <p class="help" id="connector-type-help">An <code>airbyte-{{kind}}-NAME</code> package, installed with pip the first time it is used.</p>
            </div>
            <button type="submit" class="button">Use it</button>
          </form>
          <p><a href="{{customHref}}">Add a custom connector</a>: a program on this server or a Docker image that speaks the Airbyte protocol.</p>
        </section>
        """#

    /// Setting up or editing a source or destination: its name and the form its connector's spec asks for.
    static let actorForm = #"""
        <div class="page-head">
          <div>
            <h1>{{heading}}</h1>
            <p class="muted">{{connectorName}} <code>{{connectorPackage}}</code>{{#documentationURL}} · <a href="{{documentationURL}}" rel="noopener noreferrer" target="_blank">documentation</a>{{/documentationURL}}</p>
          </div>
        </div>
        {{#hasProblems}}
        <div class="flash flash-alert" role="alert" id="form-problems" tabindex="-1">
          <span aria-hidden="true">✕</span> <strong>{{problemTitle}}</strong>
          <ul>{{#problems}}<li>{{.}}</li>{{/problems}}</ul>
        </div>
        {{/hasProblems}}
        {{#check}}
        <div class="flash {{#succeeded}}flash-notice{{/succeeded}}{{^succeeded}}flash-alert{{/succeeded}}" role="status" id="check-result">
          {{#badge}}{{>status}}{{/badge}} <span class="pre-line">{{message}}</span>
        </div>
        {{/check}}
        <form method="post" action="{{action}}" class="card spec-form" data-spec-form>
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <div class="field">
            <label for="actor-name">Name<span class="required-mark" aria-hidden="true"> *</span><span class="visually-hidden"> (required)</span></label>
            <input id="actor-name" name="name" type="text" value="{{name}}" required maxlength="200"{{#nameError}} aria-invalid="true" aria-describedby="actor-name-error"{{/nameError}}>
            {{#nameError}}<p class="field-error" id="actor-name-error"><span aria-hidden="true">✕</span> {{nameError}}</p>{{/nameError}}
          </div>
          {{#fields}}{{>specField}}{{/fields}}
          <div class="button-row">
            <button type="submit" class="button primary">{{submitLabel}}</button>
            <button type="submit" class="button" formaction="{{checkAction}}" data-check>Test connection</button>
            <span class="progress" data-check-progress role="status" aria-live="polite" hidden><span class="spinner" aria-hidden="true">⟳</span> Testing the connection…</span>
          </div>
          <div data-check-result role="status" aria-live="polite"></div>
        </form>
        {{#isEditing}}
        <section class="card" aria-labelledby="uses-heading">
          <h2 id="uses-heading">Connections</h2>
          {{^connections}}<p class="muted">No connection uses it.</p>{{/connections}}
          <ul>{{#connections}}<li><a href="{{href}}">{{name}}</a></li>{{/connections}}</ul>
          <p><a class="button danger" href="{{deleteHref}}">Delete this {{kind}}</a></p>
        </section>
        {{/isEditing}}
        """#

    /// Asking before something is deleted.
    static let confirmDelete = #"""
        <h1>{{title}}</h1>
        <div class="card">
          <p>{{question}}</p>
          {{#hasConsequences}}<ul>{{#consequences}}<li>{{.}}</li>{{/consequences}}</ul>{{/hasConsequences}}
          <form method="post" action="{{action}}" class="button-row">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <button type="submit" class="button danger">{{confirmLabel}}</button>
            <a class="button" href="{{cancelHref}}">Keep it</a>
          </form>
        </div>
        """#

    /// Adding a custom connector: a program or an image that speaks the Airbyte protocol.
    static let customConnector = #"""
        <div class="page-head"><h1>Add a custom {{kind}} connector</h1></div>
        {{#hasProblems}}
        <div class="flash flash-alert" role="alert" tabindex="-1"><span aria-hidden="true">✕</span> <strong>{{problemTitle}}</strong><ul>{{#problems}}<li>{{.}}</li>{{/problems}}</ul></div>
        {{/hasProblems}}
        <form method="post" action="{{action}}" class="card">
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <div class="field">
            <label for="custom-name">Name<span class="required-mark" aria-hidden="true"> *</span><span class="visually-hidden"> (required)</span></label>
            <input id="custom-name" name="display_name" type="text" value="{{displayName}}" required maxlength="200">
          </div>
          <div class="field">
            <label for="custom-type">Type<span class="required-mark" aria-hidden="true"> *</span><span class="visually-hidden"> (required)</span></label>
            <input id="custom-type" name="type" type="text" value="{{type}}" required pattern="[a-z0-9][a-z0-9_\-]*" maxlength="100" aria-describedby="custom-type-help">
            <p class="help" id="custom-type-help">Lower-case letters, digits and dashes: what the API's <code>{{kind}}Type</code> names it by.</p>
          </div>
          <fieldset>
            <legend>How it runs</legend>
            <label class="check" for="runtime-executable"><input type="radio" id="runtime-executable" name="runtime" value="executable"{{#isExecutable}} checked{{/isExecutable}}> A program on this server</label>
            <label class="check" for="runtime-docker"><input type="radio" id="runtime-docker" name="runtime" value="docker"{{#isDocker}} checked{{/isDocker}}> A Docker image</label>
            <label class="check" for="runtime-pip"><input type="radio" id="runtime-pip" name="runtime" value="pip"{{#isPip}} checked{{/isPip}}> A PyPI package</label>
            <div class="field">
              <label for="custom-location">Path, image or package<span class="required-mark" aria-hidden="true"> *</span><span class="visually-hidden"> (required)</span></label>
              <input id="custom-location" name="location" type="text" value="{{location}}" required aria-describedby="custom-location-help">
              <p class="help" id="custom-location-help">An absolute path such as <code>/opt/connectors/{{kind}}-my-api</code>, an image such as <code>airbyte/{{kind}}-postgres:3.6.28</code>, or a package such as <code>airbyte-{{kind}}-my-api</code>.</p>
            </div>
          </fieldset>
          <div class="button-row"><button type="submit" class="button primary">Add the connector</button></div>
        </form>
        """#
}
