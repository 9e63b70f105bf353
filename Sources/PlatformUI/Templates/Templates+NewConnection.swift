extension Templates {
    /// Picking the source and destination of a new connection.
    static let newConnection = #"""
        <div class="page-head"><h1>New connection</h1></div>
        {{^hasSources}}<div class="empty"><p>There is no source yet. <a href="/sources/new">Set up a source</a> first.</p></div>{{/hasSources}}
        {{^hasDestinations}}<div class="empty"><p>There is no destination yet. <a href="/destinations/new">Set up a destination</a> first.</p></div>{{/hasDestinations}}
        {{#canPick}}
        <form method="get" action="/connections/new/streams" class="card" data-progress="Discovering the source's streams: it runs the connector, which can take a while…">
          <div class="field">
            <label for="new-source">Source</label>
            <select id="new-source" name="source" required>{{#sources}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/sources}}</select>
          </div>
          <div class="field">
            <label for="new-destination">Destination</label>
            <select id="new-destination" name="destination" required>{{#destinations}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/destinations}}</select>
          </div>
          <div class="button-row">
            <button type="submit" class="button primary">Next: choose streams</button>
            <span class="progress" role="status" aria-live="polite" hidden><span class="spinner" aria-hidden="true">⟳</span> <span data-progress-text></span> <span class="muted" data-progress-elapsed></span></span>
          </div>
        </form>
        {{/canPick}}
        """#

    /// Choosing streams, modes, schedule and settings of a new connection.
    static let configureConnection = #"""
        <div class="page-head">
          <div>
            <h1>New connection</h1>
            <p class="muted">{{sourceName}} <span aria-label="to">→</span> {{destinationName}} · streams discovered {{discoveredAt}} · <a href="{{refreshHref}}">discover again</a></p>
          </div>
        </div>
        {{#hasProblems}}
        <div class="flash flash-alert" role="alert" id="form-problems" tabindex="-1">
          <span aria-hidden="true">✕</span> <strong>{{problemTitle}}</strong>
          <ul>{{#problems}}<li>{{.}}</li>{{/problems}}</ul>
        </div>
        {{/hasProblems}}
        <form method="post" action="/connections" data-schedule-form>
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <input type="hidden" name="source" value="{{sourceID}}">
          <input type="hidden" name="destination" value="{{destinationID}}">
          <section class="card" aria-labelledby="new-streams-heading">
            <h2 id="new-streams-heading">Streams</h2>
            {{#streamsEditor}}{{>streamsEditor}}{{/streamsEditor}}
          </section>
          <section class="card" aria-labelledby="new-schedule-heading">
            <h2 id="new-schedule-heading">Schedule</h2>
            {{#scheduleEditor}}{{>scheduleEditor}}{{/scheduleEditor}}
          </section>
          <section class="card" aria-labelledby="new-settings-heading">
            <h2 id="new-settings-heading">Settings</h2>
            {{#settings}}{{>connectionSettings}}{{/settings}}
          </section>
          <div class="button-row">
            <label class="check" for="sync-now"><input type="hidden" name="sync_now" value="false"><input type="checkbox" id="sync-now" name="sync_now" value="true"{{#syncNow}} checked{{/syncNow}}> Start the first sync now</label>
            <button type="submit" class="button primary">Create the connection</button>
          </div>
        </form>
        """#
}
